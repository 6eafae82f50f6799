package dev.lifeboat.d1.wrangler;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What wrangler's output says went wrong: its reason in a line or two, and the {@link WranglerFailure.Reason} a caller decides on. */
final class WranglerErrors {

    private static final Pattern ANSI = Pattern.compile("\\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern JSON_ERROR = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int MOST = 1000;
    private static final List<String> NOT_FOUND = List.of("couldn't find a d1 db", "database not found", "could not find",
            "no such database", "7404");
    private static final List<String> AUTHENTICATION = List.of("authentication error", "invalid access token", "unauthorized",
            "code: 10000", "code: 9109", "[code: 10000]", "[code: 9106]", "not authenticated", "a request to the cloudflare api");
    private static final List<String> UNREACHABLE = List.of("fetch failed", "enotfound", "eai_again", "econnrefused", "etimedout",
            "econnreset", "network");

    private WranglerErrors() {
    }

    static WranglerFailure.Reason reasonOf(String output) {
        String text = output.toLowerCase(Locale.ROOT);
        if (NOT_FOUND.stream().anyMatch(text::contains)) {
            return WranglerFailure.Reason.NOT_FOUND;
        }
        if (AUTHENTICATION.stream().anyMatch(text::contains)) {
            return WranglerFailure.Reason.AUTHENTICATION_FAILED;
        }
        if (UNREACHABLE.stream().anyMatch(text::contains)) {
            return WranglerFailure.Reason.UNREACHABLE;
        }
        return WranglerFailure.Reason.FAILED;
    }

    /** The error wrangler reported (its {@code --json} error text, or its {@code [ERROR]} lines), without colours or banners. */
    static String essence(String output) {
        String plain = ANSI.matcher(output).replaceAll("");
        Matcher json = JSON_ERROR.matcher(plain);
        if (json.find()) {
            return shorten(json.group(1).replace("\\n", " ").replace("\\\"", "\""));
        }
        String errors = Arrays.stream(plain.split("\n")).map(String::strip)
                .filter(line -> line.contains("ERROR") || line.startsWith("✘") || line.toLowerCase(Locale.ROOT).contains("error"))
                .map(line -> line.replace("✘", "").replace("[ERROR]", "").strip())
                .filter(line -> !line.isEmpty() && !line.startsWith("Logs were written"))
                .distinct().collect(Collectors.joining("; "));
        return shorten(errors.isEmpty() ? plain.strip() : errors);
    }

    private static String shorten(String text) {
        return text.length() <= MOST ? text : text.substring(0, MOST) + "…";
    }
}
