package dev.lifeboat.notifier.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.notifier.message.Message;
import dev.lifeboat.notifier.message.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SlackBlocksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    private static Message message(String title, Severity severity, Map<String, String> fields, String error,
                                   String correlationId, String eventId) {
        return new Message(title, severity, "orders-db", "dev.lifeboat.backup.failed.v1", eventId, correlationId, AT, fields,
                error, null);
    }

    private static JsonNode payload(Message message) throws Exception {
        return JSON.readTree(SlackBlocks.payload(message));
    }

    private static JsonNode blocks(JsonNode payload) {
        return payload.path("attachments").get(0).path("blocks");
    }

    @Test
    void aMessageIsAFallbackTextAndOneColouredAttachmentWithHeaderFieldsErrorAndContext() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Database", "orders-db");
        fields.put("Error code", "CONNECTION_FAILED");
        JsonNode root = payload(message("Backup FAILED: orders-db", Severity.ERROR, fields, "pg_dump: connection refused",
                "corr-1", "evt-1"));

        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("text", "attachments");
        assertThat(root.path("text").asText()).isEqualTo(":red_circle: Backup FAILED: orders-db");
        assertThat(root.path("attachments").size()).isEqualTo(1);
        JsonNode attachment = root.path("attachments").get(0);
        assertThat(attachment.path("color").asText()).isEqualTo("#d1242f");

        JsonNode blocks = blocks(root);
        assertThat(blocks.size()).isEqualTo(4);
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo(":red_circle: Backup FAILED: orders-db");
        assertThat(blocks.get(0).path("text").path("emoji").asBoolean()).isTrue();

        assertThat(blocks.get(1).path("type").asText()).isEqualTo("section");
        JsonNode shown = blocks.get(1).path("fields");
        assertThat(shown.size()).isEqualTo(2);
        assertThat(shown.get(0).path("type").asText()).isEqualTo("mrkdwn");
        assertThat(shown.get(0).path("text").asText()).isEqualTo("*Database*\norders-db");
        assertThat(shown.get(1).path("text").asText()).isEqualTo("*Error code*\nCONNECTION_FAILED");

        assertThat(blocks.get(2).path("type").asText()).isEqualTo("section");
        assertThat(blocks.get(2).path("text").path("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(2).path("text").path("text").asText()).isEqualTo("*Error*\n```pg_dump: connection refused```");

        assertThat(blocks.get(3).path("type").asText()).isEqualTo("context");
        assertThat(blocks.get(3).path("elements").size()).isEqualTo(1);
        assertThat(blocks.get(3).path("elements").get(0).path("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(3).path("elements").get(0).path("text").asText())
                .isEqualTo("correlation id `corr-1` · event `evt-1` · 2024-05-01T10:00:00Z");
    }

    @Test
    void withoutFieldsOrErrorOnlyTheHeaderAndTheContextRemain() throws Exception {
        JsonNode blocks = blocks(payload(message("Backup completed: orders-db", Severity.SUCCESS, Map.of(), null, null, null)));

        assertThat(blocks.size()).isEqualTo(2);
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(1).path("type").asText()).isEqualTo("context");
        assertThat(blocks.get(1).path("elements").get(0).path("text").asText()).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void aBlankErrorHasNoErrorSection() throws Exception {
        JsonNode blocks = blocks(payload(message("Backup FAILED: orders-db", Severity.ERROR, Map.of("Database", "orders-db"), "   ",
                "corr-1", null)));

        List<String> types = new ArrayList<>();
        blocks.forEach(block -> types.add(block.path("type").asText()));
        assertThat(types).containsExactly("header", "section", "context");
        assertThat(blocks.get(1).has("fields")).isTrue();
    }

    @Test
    void theContextNamesWhicheverOfCorrelationAndEventIdIsKnown() throws Exception {
        JsonNode onlyCorrelation = blocks(payload(message("t: x", Severity.INFO, Map.of(), null, "corr-7", null)));
        JsonNode onlyEvent = blocks(payload(message("t: x", Severity.INFO, Map.of(), null, null, "evt-7")));

        assertThat(onlyCorrelation.get(1).path("elements").get(0).path("text").asText())
                .isEqualTo("correlation id `corr-7` · 2024-05-01T10:00:00Z");
        assertThat(onlyEvent.get(1).path("elements").get(0).path("text").asText())
                .isEqualTo("event `evt-7` · 2024-05-01T10:00:00Z");
    }

    @Test
    void atMostTenFieldsAreShownInTheirOrder() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i <= 11; i++) {
            fields.put("Field " + i, "value " + i);
        }
        JsonNode shown = blocks(payload(message("t: x", Severity.INFO, fields, null, null, null))).get(1).path("fields");

        assertThat(SlackBlocks.MAX_FIELDS).isEqualTo(10);
        assertThat(shown.size()).isEqualTo(10);
        assertThat(shown.get(0).path("text").asText()).isEqualTo("*Field 1*\nvalue 1");
        assertThat(shown.get(9).path("text").asText()).isEqualTo("*Field 10*\nvalue 10");
    }

    @Test
    void aLongTitleIsCutTo150CharactersInTheHeaderButNotInTheFallbackText() throws Exception {
        String title = "Backup FAILED: " + "x".repeat(200);
        String header = ":red_circle: " + title;
        JsonNode root = payload(message(title, Severity.ERROR, Map.of(), null, null, null));

        String shown = blocks(root).get(0).path("text").path("text").asText();
        assertThat(SlackBlocks.HEADER_LIMIT).isEqualTo(150);
        assertThat(shown).hasSize(150).isEqualTo(header.substring(0, 149) + "…");
        assertThat(root.path("text").asText()).isEqualTo(header);
    }

    @Test
    void theFallbackTextIsCutTo3000Characters() throws Exception {
        String title = "t".repeat(4000);
        JsonNode root = payload(message(title, Severity.INFO, Map.of(), null, null, null));

        assertThat(SlackBlocks.SECTION_LIMIT).isEqualTo(3000);
        assertThat(root.path("text").asText()).hasSize(3000).isEqualTo((":large_blue_circle: " + title).substring(0, 2999) + "…");
    }

    @Test
    void aLongFieldIsCutTo2000CharactersWithItsLabel() throws Exception {
        String value = "v".repeat(3000);
        JsonNode shown = blocks(payload(message("t: x", Severity.INFO, Map.of("Details", value), null, null, null))).get(1).path("fields");

        assertThat(SlackBlocks.FIELD_LIMIT).isEqualTo(2000);
        assertThat(shown.get(0).path("text").asText()).hasSize(2000).isEqualTo(("*Details*\n" + value).substring(0, 1999) + "…");
    }

    @Test
    void theErrorCannotCloseItsCodeBlockAndALongOneIsCutTo3000Characters() throws Exception {
        JsonNode fenced = blocks(payload(message("t: x", Severity.ERROR, Map.of(), "before ``` after", null, null)));
        assertThat(fenced.get(1).path("text").path("text").asText()).isEqualTo("*Error*\n```before ''' after```");

        String error = "e".repeat(5000);
        String cut = blocks(payload(message("t: x", Severity.ERROR, Map.of(), error, null, null))).get(1).path("text").path("text").asText();
        assertThat(cut).hasSize(3000).startsWith("*Error*\n```eee").endsWith("e…");
        assertThat(cut).isEqualTo(("*Error*\n```" + error + "```").substring(0, 2999) + "…");
    }

    @Test
    void userTextIsShownAsWrittenNeverAsAMentionOrALink() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Requested by", "<!channel> & <@U024BE7LH>");
        fields.put("Label", "<https://evil.example|click here>");
        JsonNode root = payload(message("Backup FAILED: <!here>", Severity.ERROR, fields, "relation \"<!everyone>\" & more",
                "<corr>", "evt-1"));

        assertThat(root.path("text").asText()).isEqualTo(":red_circle: Backup FAILED: &lt;!here&gt;");
        JsonNode blocks = blocks(root);
        assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo(":red_circle: Backup FAILED: <!here>");
        JsonNode shown = blocks.get(1).path("fields");
        assertThat(shown.get(0).path("text").asText()).isEqualTo("*Requested by*\n&lt;!channel&gt; &amp; &lt;@U024BE7LH&gt;");
        assertThat(shown.get(1).path("text").asText()).isEqualTo("*Label*\n&lt;https://evil.example|click here&gt;");
        assertThat(blocks.get(2).path("text").path("text").asText())
                .isEqualTo("*Error*\n```relation \"&lt;!everyone&gt;\" &amp; more```");
        assertThat(blocks.get(3).path("elements").get(0).path("text").asText()).startsWith("correlation id `&lt;corr&gt;`");
        assertThat(SlackBlocks.payload(message("t", Severity.INFO, fields, null, null, null))).doesNotContain("<!", "<@", "<http");
    }

    @Test
    void aTextCutShortNeverEndsInsideAnEscape() throws Exception {
        // "*F*\n" and 1,991 x are 1,995 characters: the 1,999 kept would end in "&amp", so the escape goes whole
        String value = "x".repeat(1991) + "&&&&&&";
        JsonNode root = payload(message("t", Severity.INFO, Map.of("F", value), null, null, null));

        String text = blocks(root).get(1).path("fields").get(0).path("text").asText();
        assertThat(text).hasSize(1996).endsWith("x…");
        String whole = blocks(payload(message("t", Severity.INFO, Map.of("F", "x".repeat(1990) + "&&&&&&"), null, null, null)))
                .get(1).path("fields").get(0).path("text").asText();
        assertThat(whole).hasSize(2000).endsWith("x&amp;…");
    }

    @Test
    void eachSeverityHasItsEmojiAndColour() throws Exception {
        assertThat(SlackBlocks.emoji(Severity.ERROR)).isEqualTo(":red_circle:");
        assertThat(SlackBlocks.emoji(Severity.WARNING)).isEqualTo(":large_orange_circle:");
        assertThat(SlackBlocks.emoji(Severity.SUCCESS)).isEqualTo(":large_green_circle:");
        assertThat(SlackBlocks.emoji(Severity.INFO)).isEqualTo(":large_blue_circle:");
        assertThat(SlackBlocks.colour(Severity.ERROR)).isEqualTo("#d1242f");
        assertThat(SlackBlocks.colour(Severity.WARNING)).isEqualTo("#d97706");
        assertThat(SlackBlocks.colour(Severity.SUCCESS)).isEqualTo("#1a7f37");
        assertThat(SlackBlocks.colour(Severity.INFO)).isEqualTo("#0969da");

        for (Severity severity : List.of(Severity.WARNING, Severity.SUCCESS, Severity.INFO)) {
            JsonNode root = payload(message("Restore started: orders-db", severity, Map.of(), null, null, null));
            assertThat(root.path("text").asText()).isEqualTo(SlackBlocks.emoji(severity) + " Restore started: orders-db");
            assertThat(root.path("attachments").get(0).path("color").asText()).isEqualTo(SlackBlocks.colour(severity));
        }
    }
}
