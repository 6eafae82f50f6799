package dev.lifeboat.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 10,000 rows of one database: cursor paging returns each once, newest first; the exports stream them all. */
@QuarkusTest
class AuditPagingTest {

    private static final int ROWS = 10_000;

    @InjectRealServers
    RealServers servers;

    private static final String databaseId = "paging-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> eventIds = new ArrayList<>();

    @BeforeEach
    void publishTenThousandRequestsOnce() {
        if (!eventIds.isEmpty()) {
            return;
        }
        AuditTrail trail = AuditTrail.on(servers);
        List<CloudEvent<?>> events = new ArrayList<>(ROWS);
        Instant t0 = Instant.now().minusSeconds(ROWS);
        for (int i = 0; i < ROWS; i++) {
            CloudEvent<BackupRequested> event = AuditTrail.event("paging-" + i + "-" + databaseId, t0.plusSeconds(i),
                    new BackupRequested("req-" + i, databaseId, BackupTrigger.EXTERNAL, "pager", Map.of("n", String.valueOf(i))));
            events.add(event);
            eventIds.add(event.id());
        }
        trail.publishAll(events);
        // one key, one partition: once the last is logged, all are
        String last = eventIds.get(ROWS - 1);
        await().atMost(AuditTrail.TIMEOUT.multipliedBy(2)).until(() ->
                last.equals(AuditTrail.page(Map.of("databaseId", databaseId, "limit", 1)).getString("entries[0].eventId")));
    }

    @Test
    void cursorPagingReturnsEveryRowOnceNewestFirst() {
        List<Long> seqs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> query = new HashMap<>(Map.of("databaseId", databaseId, "limit", 1000));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = AuditTrail.page(query);
            seqs.addAll(page.getList("entries.seq", Long.class));
            seen.addAll(page.getList("entries.eventId"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seqs).hasSize(ROWS).doesNotHaveDuplicates();
        assertThat(seqs).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(eventIds);
        assertThat(pages).isEqualTo(10);
    }

    @Test
    void theNdjsonExportStreamsEveryRowOnceInChainOrder() throws IOException {
        Response response = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId)
                .when().get("/api/audit/export").then().statusCode(200).extract().response();
        assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(response.contentType()).startsWith("application/x-ndjson");
        assertThat(response.header("Content-Disposition")).contains("lifeboat-audit.ndjson");
        List<String> ids = new ArrayList<>();
        long previous = 0;
        ObjectMapper json = new ObjectMapper();
        for (String line : lines(response.asInputStream())) {
            JsonNode row = json.readTree(line);
            assertThat(row.get("seq").asLong()).isGreaterThan(previous);
            previous = row.get("seq").asLong();
            ids.add(row.get("eventId").asText());
            assertThat(row.get("data").get("databaseId").asText()).isEqualTo(databaseId);
        }
        assertThat(ids).containsExactlyElementsOf(eventIds);
    }

    @Test
    void theCsvExportHasAHeaderAndEveryRow() throws IOException {
        Response response = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId)
                .queryParam("format", "csv").when().get("/api/audit/export").then().statusCode(200).extract().response();
        assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(response.contentType()).startsWith("text/csv");
        List<String> lines = lines(response.asInputStream());
        assertThat(lines.get(0)).startsWith("seq,messageKey,recordedAt,occurredAt,topic,partition,offset,eventId,type");
        assertThat(lines).hasSize(ROWS + 1);
        assertThat(lines.get(1)).contains("," + eventIds.get(0) + ",dev.lifeboat.backup.requested.v1,/test," + databaseId + ",")
                .contains("\"{\"\"databaseId\"\":\"\"" + databaseId + "\"\"");
    }

    private static List<String> lines(InputStream body) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}
