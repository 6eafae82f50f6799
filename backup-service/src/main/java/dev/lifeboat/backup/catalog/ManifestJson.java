package dev.lifeboat.backup.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lifeboat.events.archive.BackupManifest;

import java.time.Duration;

/** {@code manifest.json} as text, and the catalog row it describes. */
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
            if (manifest.backupId() == null || manifest.databaseId() == null || manifest.archiveKey() == null || manifest.sha256() == null) {
                throw new IllegalArgumentException("manifest lacks backupId, databaseId, archiveKey or sha256");
            }
            return manifest;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Lifeboat manifest: " + e.getOriginalMessage(), e);
        }
    }

    public static BackupEntry entryOf(BackupManifest manifest, String manifestKey, String manifestText) {
        BackupEntry entry = new BackupEntry();
        entry.backupId = manifest.backupId();
        entry.databaseId = manifest.databaseId();
        entry.requestId = manifest.requestId();
        entry.trigger = manifest.trigger().name();
        entry.objectKey = manifest.archiveKey();
        entry.manifestKey = manifestKey;
        entry.sizeBytes = manifest.sizeBytes();
        entry.sha256 = manifest.sha256();
        entry.compression = manifest.compression().name();
        entry.encrypted = manifest.encrypted();
        entry.keyId = manifest.encrypted() ? manifest.encryption().keyId() : null;
        entry.serverVersion = manifest.serverVersion();
        entry.startedAt = manifest.startedAt();
        entry.completedAt = manifest.completedAt();
        entry.durationMs = Duration.between(manifest.startedAt(), manifest.completedAt()).toMillis();
        entry.manifest = manifestText;
        return entry;
    }
}
