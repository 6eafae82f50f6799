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
        root.put("text", cut(header, SECTION_LIMIT));
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
                fields.addObject().put("type", "mrkdwn").put("text", cut("*" + field.getKey() + "*\n" + field.getValue(), FIELD_LIMIT));
            }
        }
        if (message.error() != null && !message.error().isBlank()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", cut("*Error*\n```" + message.error().replace("```", "'''") + "```", SECTION_LIMIT));
        }
        StringBuilder context = new StringBuilder();
        if (message.correlationId() != null) {
            context.append("correlation id `").append(message.correlationId()).append("`");
        }
        if (message.eventId() != null) {
            context.append(context.isEmpty() ? "" : " · ").append("event `").append(message.eventId()).append("`");
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

    private static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
