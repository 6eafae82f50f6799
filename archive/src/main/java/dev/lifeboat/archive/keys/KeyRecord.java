package dev.lifeboat.archive.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;

/**
 * What the bucket says a key id encrypts: {@code keys/<keyId>.json}, {@code {"keyId", "fingerprint", "recordedAt"}}, written
 * by the first backup service that sealed anything with that id. The fingerprint is
 * {@link dev.lifeboat.archive.ArchiveEncryption#fingerprint()}: a keyed hash, never the key.
 */
public record KeyRecord(String keyId, String fingerprint, Instant recordedAt) {

    static final String ROOT = "keys/";

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /** The record's object key: {@code keys/<keyId>.json}. */
    static String objectKey(String keyId) {
        return ROOT + keyId + ".json";
    }

    String json() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a key record always serializes", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a key record */
    static KeyRecord read(String json) {
        try {
            KeyRecord record = MAPPER.readValue(json, KeyRecord.class);
            if (record == null || record.keyId() == null || record.fingerprint() == null) {
                throw new IllegalArgumentException("not a Lifeboat key record: it lacks keyId or fingerprint");
            }
            return record;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Lifeboat key record: " + e.getOriginalMessage(), e);
        }
    }
}
