package dev.lifeboat.notifier.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What to say about an event: a title such as {@code Backup FAILED: orders-db}, the event's fields in
 * the order its record declares them (sizes and durations made readable; row-count maps and other
 * collections left out), and the error text ({@code message}, {@code details} or {@code reason}).
 */
public final class EventMessages {

    private static final List<String> ERROR_FIELDS = List.of("message", "details", "reason", "error");
    private static final EventCodec CODEC = new EventCodec();

    private EventMessages() {
    }

    public static Message of(CloudEvent<?> event, Severity severity) {
        JsonNode data = CODEC.mapper().valueToTree(event.data());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Database", event.subject());
        String error = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isNull() || value.isContainerNode() || field.getKey().equals("databaseId")) {
                continue;
            }
            if (ERROR_FIELDS.contains(field.getKey()) && error == null) {
                error = value.asText();
                continue;
            }
            fields.put(label(field.getKey()), readable(field.getKey(), value));
        }
        return new Message(title(event, data, severity), severity, event.subject(), event.type(), event.id(), event.correlationId(),
                event.time(), fields, error, new String(CODEC.encodeStructured(event), StandardCharsets.UTF_8));
    }

    static String title(CloudEvent<?> event, JsonNode data, Severity severity) {
        EventType type = event.eventType();
        String name = type.messageName();
        String what = switch (type) {
            case BACKUP_REQUESTED, BACKUP_STARTED, BACKUP_COMPLETED, BACKUP_FAILED, BACKUP_EXPIRED, BACKUP_DELETED, BACKUP_UNDELETED, BACKUP_PURGED -> "Backup";
            case RESTORE_REQUESTED, RESTORE_STARTED, RESTORE_COMPLETED, RESTORE_FAILED, RESTORE_ROLLED_BACK -> "Restore";
            case VERIFICATION_PASSED, VERIFICATION_FAILED -> "Verification";
            case RESTORE_TEST_COMPLETED -> "Restore test";
            case NOTIFICATION_SENT, NOTIFICATION_FAILED -> "Notification";
            case DATABASE_REGISTERED, DATABASE_UPDATED, DATABASE_REMOVED -> "Database";
            case API_CALL_RECORDED -> "API call";
            case CAPTURE_STOPPED, CAPTURE_RESUMED, CAPTURE_RETAINING_WAL -> "Capture";
        };
        String verb = switch (type) {
            case RESTORE_ROLLED_BACK -> "ROLLED BACK";
            case CAPTURE_STOPPED -> "STOPPED";
            case CAPTURE_RETAINING_WAL -> "keeps too much WAL";
            case RESTORE_TEST_COMPLETED -> severity == Severity.ERROR ? "FAILED" : "passed";
            default -> name.substring(what.replace(" ", "").length()).toLowerCase(Locale.ROOT);
        };
        if (verb.equals("failed")) {
            verb = "FAILED";
        }
        String check = data.hasNonNull("check") ? " (" + data.get("check").asText() + ")" : "";
        return what + " " + verb + check + ": " + event.subject();
    }

    /** {@code restoreDurationMs} reads "Restore duration", {@code sizeBytes} "Size", {@code errorCode} "Error code". */
    static String label(String key) {
        String bare = key.replaceFirst("(Bytes|Ms|Seconds)$", "");
        String spaced = bare.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    static String readable(String key, JsonNode value) {
        if (!value.isNumber()) {
            return value.asText();
        }
        long number = value.asLong();
        if (key.endsWith("Bytes")) {
            return bytes(number);
        }
        if (key.endsWith("Ms")) {
            return duration(Duration.ofMillis(number));
        }
        if (key.endsWith("Seconds")) {
            return duration(Duration.ofSeconds(number));
        }
        return value.asText();
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        if (duration.toSeconds() < 120) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
        if (duration.toMinutes() < 120) {
            return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
        }
        return duration.toHours() + " h " + duration.toMinutesPart() + " min";
    }
}
