package dev.lifeboat.service.api;

import jakarta.ws.rs.core.Response;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The one answer of every API to a database id nobody registered: 404 {@code UNKNOWN_DATABASE}, naming the registered
 * ids closest to it (a typo's likely meaning), or saying how to register one.
 */
public final class UnknownDatabase {

    public static final String CODE = "UNKNOWN_DATABASE";
    private static final int MOST = 3;

    private UnknownDatabase() {
    }

    public static Response response(String databaseId, Collection<String> registered) {
        return ApiError.response(404, CODE, message(databaseId, registered));
    }

    /** "database 'ordrs-db' is not registered; the closest registered: orders-db" */
    public static String message(String databaseId, Collection<String> registered) {
        List<String> closest = closest(databaseId, registered);
        return "database '" + databaseId + "' is not registered" + (registered.isEmpty()
                ? "; none is yet (register one with POST /api/databases on the backup service)"
                : closest.isEmpty() ? "; registered: " + String.join(", ", registered.stream().sorted().limit(MOST).toList())
                + (registered.size() > MOST ? ", …" : "")
                : "; the closest registered: " + String.join(", ", closest));
    }

    /** Up to three registered ids within a few edits of {@code wanted} (or holding it), closest first. */
    static List<String> closest(String wanted, Collection<String> registered) {
        String lower = wanted == null ? "" : wanted.toLowerCase(Locale.ROOT);
        int within = Math.max(2, lower.length() / 3);
        record Near(String id, int distance, boolean holds) {
        }
        return registered.stream()
                .map(id -> {
                    String other = id.toLowerCase(Locale.ROOT);
                    return new Near(id, distance(lower, other), !lower.isEmpty() && other.contains(lower));
                })
                .filter(near -> near.holds() || near.distance() <= within)
                .sorted(Comparator.comparingInt(Near::distance).thenComparing(Near::id))
                .limit(MOST).map(Near::id).toList();
    }

    /** Levenshtein's distance: the fewest inserted, removed or changed characters that turn one into the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
