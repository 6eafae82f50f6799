package dev.lifeboat.audit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.audit.chain.CanonicalJson;
import dev.lifeboat.audit.entry.AuditEntry;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the rows a filter selects, in chain order, a page of {@value #PAGE} at a time: what is held in
 * memory is one page, however long the log. Blocking: runs on the request's worker thread.
 */
@ApplicationScoped
public class AuditExport {

    static final int PAGE = 500;
    static final List<String> CSV_COLUMNS = List.of("seq", "messageKey", "recordedAt", "occurredAt", "topic", "partition", "offset", "eventId",
            "type", "source", "databaseId", "correlationId", "actor", "outcome", "detail", "data", "prevHash", "hash");

    private final AuditSearch search;
    private final ObjectMapper mapper;

    public AuditExport(AuditSearch search, ObjectMapper mapper) {
        this.search = search;
        this.mapper = mapper;
    }

    /** @return rows written */
    public long write(AuditFilter filter, ExportFormat format, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        if (format == ExportFormat.CSV) {
            writer.write(String.join(",", CSV_COLUMNS) + "\r\n");
        }
        long written = 0;
        long after = 0;
        while (true) {
            List<AuditEntry> page = page(filter, after);
            for (AuditEntry entry : page) {
                writer.write(format == ExportFormat.CSV ? csvLine(entry) : mapper.writeValueAsString(AuditEntryView.of(entry)) + "\n");
                after = entry.seq;
                written++;
            }
            writer.flush();
            if (page.size() < PAGE) {
                return written;
            }
        }
    }

    private List<AuditEntry> page(AuditFilter filter, long after) throws IOException {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> search.chainOrderPage(filter, after, PAGE));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("export interrupted");
        } catch (Throwable e) {
            throw new IOException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    private static String csvLine(AuditEntry entry) {
        return Stream.of(entry.seq, entry.messageKey, entry.recordedAt, entry.occurredAt, entry.topic, entry.kafkaPartition, entry.kafkaOffset,
                        entry.eventId, entry.type, entry.source, entry.databaseId, entry.correlationId, entry.actor, entry.outcome,
                        entry.detail, CanonicalJson.of(entry.payload), entry.prevHash, entry.hash)
                .map(AuditExport::csvField).collect(Collectors.joining(",")) + "\r\n";
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
    static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
