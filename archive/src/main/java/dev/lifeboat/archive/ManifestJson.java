package dev.lifeboat.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;


/** {@code manifest.json} as text: written by the backup service, read by every service that reads backups. */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ManifestJson() {
    }

    public static String write(BackupManifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest always serializes", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a manifest */
    public static BackupManifest read(String json) {
        try {
            BackupManifest manifest = MAPPER.readValue(json, BackupManifest.class);
            if (manifest == null) {
                throw new IllegalArgumentException("not a Lifeboat manifest: the text is JSON null");
            }
            if (manifest.backupId() == null || manifest.databaseId() == null || manifest.archiveKey() == null || manifest.sha256() == null) {
                throw new IllegalArgumentException("manifest lacks backupId, databaseId, archiveKey or sha256");
            }
            return manifest;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Lifeboat manifest: " + e.getOriginalMessage(), e);
        }
    }
}
