package dev.lifeboat.changes.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.changes.model.ChangeJson;

/**
 * The JSON of the change archive ({@link ChangeJson}): a segment's transactions, one per line, and its manifest.
 */
final class SegmentJson {

    static final ObjectMapper MAPPER = ChangeJson.MAPPER;

    private SegmentJson() {
    }

    static String write(Object document) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change archive document always serializes", e);
        }
    }

    static <T> T read(String json, Class<T> type) throws java.io.IOException {
        return MAPPER.readValue(json, type);
    }

    /** @throws IllegalArgumentException when the text is not a segment manifest */
    static SegmentManifest manifest(String json) {
        try {
            SegmentManifest manifest = MAPPER.readValue(json, SegmentManifest.class);
            if (manifest.segmentId() == null || manifest.fromLsn() == null || manifest.toLsn() == null || manifest.sha256() == null) {
                throw new IllegalArgumentException("segment manifest lacks segmentId, fromLsn, toLsn or sha256");
            }
            return manifest;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a segment manifest: " + e.getOriginalMessage(), e);
        }
    }
}
