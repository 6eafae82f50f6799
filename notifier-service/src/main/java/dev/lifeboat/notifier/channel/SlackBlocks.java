package dev.lifeboat.notifier.channel;

import dev.lifeboat.notifier.message.Message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.notifier.message.Severity;

import java.util.Map;

/**
 * A {@link Message} as a Slack incoming-webhook payload: a fallback {@code text} and one attachment
 * coloured by severity whose Block Kit blocks are a header (emoji and title), the fields (at most 10),
 * the error, and a context line with the correlation and event ids. Texts are cut to Slack's limits.
 *
 * <p>Every text Slack reads as mrkdwn (the fallback text, the fields, the error, the context) has {@code &}, {@code <}
 * and {@code >} escaped as Slack asks, so a label, a {@code requestedBy} or an error message is shown as written: a
 * {@code <!channel>} does not notify the channel, a {@code <https://x|text>} is no link. The header is plain text,
 * which Slack does not parse.
 */
public final class SlackBlocks {

    static final int HEADER_LIMIT = 150;
    static final int FIELD_LIMIT = 2000;
    static final int SECTION_LIMIT = 3000;
    static final int MAX_FIELDS = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SlackBlocks() {
    }

    public static String payload(Message message) {
        ObjectNode root = MAPPER.createObjectNode();
        String header = emoji(message.severity()) + " " + message.title();
        root.put("text", cut(escaped(header), SECTION_LIMIT));
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("color", colour(message.severity()));
        ArrayNode blocks = attachment.putArray("blocks");

        ObjectNode title = blocks.addObject().put("type", "header");
        title.putObject("text").put("type", "plain_text").put("text", cut(header, HEADER_LIMIT)).put("emoji", true);

        if (!message.fields().isEmpty()) {
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            int shown = 0;
            for (Map.Entry<String, String> field : message.fields().entrySet()) {
                if (shown++ == MAX_FIELDS) {
                    break;
                }
                String text = "*" + escaped(field.getKey()) + "*\n" + escaped(field.getValue());
                fields.addObject().put("type", "mrkdwn").put("text", cut(text, FIELD_LIMIT));
            }
        }
        if (message.error() != null && !message.error().isBlank()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", cut("*Error*\n```" + escaped(message.error()).replace("```", "'''") + "```", SECTION_LIMIT));
        }
        StringBuilder context = new StringBuilder();
        if (message.correlationId() != null) {
            context.append("correlation id `").append(escaped(message.correlationId())).append("`");
        }
        if (message.eventId() != null) {
            context.append(context.isEmpty() ? "" : " · ").append("event `").append(escaped(message.eventId())).append("`");
        }
        context.append(context.isEmpty() ? "" : " · ").append(message.occurredAt());
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", cut(context.toString(), SECTION_LIMIT));
        return root.toString();
    }

    static String emoji(Severity severity) {
        return switch (severity) {
            case ERROR -> ":red_circle:";
            case WARNING -> ":large_orange_circle:";
            case SUCCESS -> ":large_green_circle:";
            case INFO -> ":large_blue_circle:";
        };
    }

    static String colour(Severity severity) {
        return switch (severity) {
            case ERROR -> "#d1242f";
            case WARNING -> "#d97706";
            case SUCCESS -> "#1a7f37";
            case INFO -> "#0969da";
        };
    }

    /** Slack's three control characters in mrkdwn, as Slack's formatting reference asks them escaped. */
    static String escaped(String text) {
        return text == null ? "null" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** At most {@code limit} characters, never ending inside an escape such as {@code &amp;}. */
    private static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        String kept = text.substring(0, limit - 1);
        int amp = kept.lastIndexOf('&');
        if (amp >= 0 && kept.indexOf(';', amp) < 0 && amp >= kept.length() - 4) {
            kept = kept.substring(0, amp);
        }
        return kept + "…";
    }
}
