package dev.lifeboat.notifier.message;


import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The message of a digest: how many failures of one database a window collapsed, of which kinds, and the newest error. */
public final class DigestMessages {

    private DigestMessages() {
    }

    /**
     * @param first     the failure that opened the window (it was sent on its own)
     * @param collapsed the failures after it, oldest first
     */
    public static Message of(Message first, List<Message> collapsed, Duration window, Instant windowEnds) {
        Map<String, Integer> byTitle = new TreeMap<>();
        collapsed.forEach(message -> byTitle.merge(message.title(), 1, Integer::sum));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Database", first.databaseId());
        fields.put("Failures in the window", String.valueOf(collapsed.size() + 1));
        fields.put("Sent on their own", "1 (the first)");
        fields.put("Window", EventMessages.duration(window) + ", until " + windowEnds);
        byTitle.forEach((title, count) -> fields.put(title.substring(0, title.lastIndexOf(':')), count + "×"));
        Message newest = collapsed.isEmpty() ? first : collapsed.get(collapsed.size() - 1);
        String title = "Digest: " + (collapsed.size() + 1) + " failures of " + first.databaseId() + " ("
                + collapsed.size() + " more since the first)";
        return new Message(title, Severity.ERROR, first.databaseId(), "digest", null, newest.correlationId(), newest.occurredAt(),
                fields, newest.error(), null);
    }
}
