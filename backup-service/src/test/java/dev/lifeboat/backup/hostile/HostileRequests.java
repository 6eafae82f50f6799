package dev.lifeboat.backup.hostile;

import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.tokens.SigningKeys;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The table of malformed and hostile REST calls: hostile texts in every id, name and list, broken and huge
 * bodies, wrong types, bad paging, and forged, expired, wrong-key and {@code alg=none} tokens.
 */
public final class HostileRequests {

    /** SQL and shell metacharacters, path traversal, NUL and other control characters, markup, empty, huge. */
    public static final List<String> TEXTS = List.of(
            "'; DROP TABLE backup.backup_request; --", "../../../../etc/passwd", "$(touch /tmp/lifeboat-pwned)", "`id`",
            "a\u0000b", "\u0001\u0007\u001b[31m", "x".repeat(70_000), "..", "%00", "{\"$gt\":\"\"}", "<script>alert(1)</script>",
            "\uFFFF\uFFFE", "", " ");

    /**
     * One call: what it is, and how it is sent. {@code token} null sends none. {@code harmless}: the text is one an
     * API may store as given (a label key with a quote, a port left to its default), so a 2xx is right too.
     */
    public record Call(String name, String method, String path, String token, String contentType, String body, boolean harmless) {
        public Call(String name, String method, String path, String token, String contentType, String body) {
            this(name, method, path, token, contentType, body, false);
        }
    }

    private HostileRequests() {
    }

    public static List<Call> all() {
        String admin = LocalTokens.forTest("admin");
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            String text = TEXTS.get(i);
            String json = json(text);
            String path = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            String n = " #" + i;
            calls.add(new Call("databaseId in a backup request" + n, "POST", "/api/backups", admin, "application/json", "{\"databaseId\":" + json + "}"));
            calls.add(new Call("label key" + n, "POST", "/api/backups", admin, "application/json",
                    "{\"databaseId\":\"no-such-db\",\"labels\":{" + json + ":\"v\"}}", true));
            calls.add(new Call("backup id in the path" + n, "GET", "/api/backups/" + path, admin, null, null));
            calls.add(new Call("request id in the path" + n, "GET", "/api/backups/requests/" + path, admin, null, null));
            calls.add(new Call("backup id to delete" + n, "DELETE", "/api/backups/" + path + "?force=true", admin, null, null));
            calls.add(new Call("database id in the path" + n, "GET", "/api/databases/" + path, admin, null, null));
            if (path.length() < 4096) { // a longer request line is refused before the body is read: the client sees a broken pipe
                calls.add(new Call("database id to change" + n, "PUT", "/api/databases/" + path, admin, "application/json",
                        registration("ok-id", "127.0.0.1", "5432")));
            }
            calls.add(new Call("database id to test" + n, "POST", "/api/databases/" + path + "/test-connection", admin, null, null));
            calls.add(new Call("database id in a filter" + n, "GET", "/api/backups?databaseId=" + path, admin, null, null));
            calls.add(new Call("database id in a requests filter" + n, "GET", "/api/backups/requests?databaseId=" + path, admin, null, null));
            calls.add(new Call("status in a requests filter" + n, "GET", "/api/backups/requests?status=" + path, admin, null, null));
            calls.add(new Call("registered id" + n, "POST", "/api/databases", admin, "application/json", registration(text, "127.0.0.1", "5432")));
            calls.add(new Call("registered host" + n, "POST", "/api/databases", admin, "application/json", registration("hostile-host-" + i, text, "5432")));
        }
        for (String paging : List.of("size=-1", "size=1000000000000", "size=abc", "page=-5", "page=99999999999999999999",
                "from=yesterday", "to=2026-13-45T99:00:00Z", "status=BOGUS", "size=0")) {
            calls.add(new Call("paging " + paging, "GET", "/api/backups?" + paging, admin, null, null));
            calls.add(new Call("requests paging " + paging, "GET", "/api/backups/requests?" + paging, admin, null, null));
        }
        List<String> bodies = List.of("not json", "[]", "{\"databaseId\":5}", "{\"databaseId\":null}", "", "{", "null", "\"text\"",
                "[".repeat(100_000), "{\"databaseId\":\"x\",\"labels\":[1]}", "{\"databaseId\":\"x\",\"labels\":{\"a\":5}}",
                "{\"databaseId\":\"x\",\"labels\":{\"a\":{\"b\":\"c\"}}}", "{\"databaseId\":\"x\"" + ",\"y\":1".repeat(200_000) + "}",
                "{\"databaseId\":\"" + "y".repeat(10 * 1024 * 1024) + "\"}");
        Set<Integer> coerced = Set.of(2, 10); // a number where a text is expected is read as that text
        for (int i = 0; i < bodies.size(); i++) {
            calls.add(new Call("body #" + i, "POST", "/api/backups", admin, "application/json", bodies.get(i), coerced.contains(i)));
        }
        for (String port : List.of("-1", "70000", "\"abc\"", "null", "1e99")) {
            calls.add(new Call("registered port " + port, "POST", "/api/databases", admin, "application/json",
                    registration("hostile-port", "127.0.0.1", port), port.equals("null")));
        }
        calls.add(new Call("registration that is not an object", "POST", "/api/databases", admin, "application/json", "[1,2]"));
        calls.add(new Call("registration without fields", "POST", "/api/databases", admin, "application/json", "{}"));
        String request = "{\"databaseId\":\"no-such-db\"}";
        for (var token : tokens().entrySet()) {
            calls.add(new Call("token: " + token.getKey(), "POST", "/api/backups", token.getValue(), "application/json", request));
        }
        calls.add(new Call("no token", "POST", "/api/backups", null, "application/json", request));
        calls.add(new Call("a viewer asking for a backup", "POST", "/api/backups", LocalTokens.forTest("viewer"), "application/json", request));
        calls.add(new Call("a viewer removing a database", "DELETE", "/api/databases/no-such-db", LocalTokens.forTest("viewer"), null, null));
        calls.add(new Call("text/plain body", "POST", "/api/backups", admin, "text/plain", request));
        calls.add(new Call("XML body", "POST", "/api/backups", admin, "application/xml", "<databaseId>x</databaseId>"));
        calls.add(new Call("a method the path does not have", "PATCH", "/api/backups", admin, "application/json", request));
        calls.add(new Call("a path that does not exist", "GET", "/api/nothing-here", admin, null, null));
        return calls;
    }

    /** Tokens that must be refused: garbage, {@code alg=none}, another key's, expired, for another audience, altered, huge. */
    public static java.util.Map<String, String> tokens() {
        String valid = LocalTokens.forTest("admin");
        String[] parts = valid.split("\\.");
        String none = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String otherKey;
        try {
            otherKey = LocalTokens.mint(SigningKeys.in(Files.createTempDirectory("lifeboat-other-key")), "mallory", "admin", Duration.ofHours(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String flipped = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("garbage", "not-a-token");
        tokens.put("three dots of nothing", "..");
        tokens.put("alg=none", none);
        tokens.put("signed by another key", otherKey);
        tokens.put("expired", LocalTokens.mint(LocalTokens.testKeys(), "eve", "admin", Duration.ofHours(-2)));
        tokens.put("for another audience", LocalTokens.mint(LocalTokens.testKeys(), "eve", "admin", Duration.ofHours(1), "another-app"));
        tokens.put("signature altered", flipped);
        tokens.put("huge", "a".repeat(100_000));
        return tokens;
    }

    private static String registration(String id, String host, String port) {
        return "{\"id\":" + json(id) + ",\"host\":" + json(host) + ",\"port\":" + port
                + ",\"database\":\"shop\",\"username\":\"shop_owner\",\"credentialRef\":\"env:LIFEBOAT_DB_NONEXISTENT\"}";
    }

    /** A JSON string literal of any text: quotes, backslashes and control characters escaped. */
    public static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
