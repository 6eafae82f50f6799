package dev.lifeboat.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack's documented rules for an incoming-webhook payload with Block Kit blocks, as a test checks them:
 * a fallback text; blocks only of known types; a header's text plain_text of at most 150 characters; a
 * section with text (at most 3000) or 1 to 10 fields (each at most 2000); a context with 1 to 10
 * elements; an attachment colour as #rrggbb; at most 50 blocks.
 */
final class BlockKit {

    private static final Set<String> BLOCK_TYPES = Set.of("header", "section", "context", "divider", "actions", "image");
    private static final Set<String> TEXT_TYPES = Set.of("plain_text", "mrkdwn");

    private BlockKit() {
    }

    static JsonNode assertValid(String payload) throws Exception {
        JsonNode root = new ObjectMapper().readTree(payload);
        assertThat(root.path("text").asText()).as("fallback text").isNotBlank();
        JsonNode attachments = root.path("attachments");
        assertThat(attachments.isArray() && attachments.size() > 0).as("one attachment").isTrue();
        for (JsonNode attachment : attachments) {
            assertThat(attachment.path("color").asText()).matches("#[0-9a-fA-F]{6}");
            JsonNode blocks = attachment.path("blocks");
            assertThat(blocks.isArray()).isTrue();
            assertThat(blocks.size()).isBetween(1, 50);
            for (JsonNode block : blocks) {
                assertBlock(block);
            }
        }
        return root;
    }

    private static void assertBlock(JsonNode block) {
        String type = block.path("type").asText();
        assertThat(BLOCK_TYPES).as("block type").contains(type);
        switch (type) {
            case "header" -> {
                assertThat(block.path("text").path("type").asText()).isEqualTo("plain_text");
                assertThat(block.path("text").path("text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(150);
            }
            case "section" -> {
                boolean hasText = block.has("text");
                boolean hasFields = block.has("fields");
                assertThat(hasText || hasFields).as("a section has text or fields").isTrue();
                if (hasText) {
                    assertText(block.path("text"), 3000);
                }
                if (hasFields) {
                    assertThat(block.path("fields").size()).isBetween(1, 10);
                    block.path("fields").forEach(field -> assertText(field, 2000));
                }
            }
            case "context" -> {
                assertThat(block.path("elements").size()).isBetween(1, 10);
                block.path("elements").forEach(element -> assertText(element, 3000));
            }
            default -> {
            }
        }
    }

    private static void assertText(JsonNode text, int limit) {
        assertThat(TEXT_TYPES).contains(text.path("type").asText());
        assertThat(text.path("text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(limit);
    }
}
