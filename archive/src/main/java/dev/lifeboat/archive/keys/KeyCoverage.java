package dev.lifeboat.archive.keys;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.archive.bucket.ObjectStream;
import dev.lifeboat.runtime.secret.SecretUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which backups in the bucket each configured key opens, and which none does ({@code lifeboat keys check}): read from every
 * manifest (blocking: a worker thread). A manifest that records its key's fingerprint is opened by the configured key with
 * that fingerprint; one written before fingerprints is tried: its first encrypted segment must authenticate.
 *
 * @param keys        each configured key id, in order
 * @param unopened    the encrypted backups no configured key opens, each with why
 * @param unencrypted how many backups are stored unencrypted
 */
public record KeyCoverage(List<KeyFacts> keys, List<Unopened> unopened, long unencrypted) {

    /**
     * A configured key.
     *
     * @param fingerprint         its fingerprint, or null when it cannot be read ({@code problem} says why)
     * @param recordedFingerprint the fingerprint the bucket records under its id, or null when nothing was sealed with it yet
     * @param problem             why the key cannot be used: unreadable, or not the key the bucket recorded; null when it can
     * @param backupsByDatabase   the backups it opens, counted per database
     */
    public record KeyFacts(String keyId, String fingerprint, String recordedFingerprint, String problem, long backups,
                           Map<String, Long> backupsByDatabase) {
    }

    /** An encrypted backup no configured key opens. */
    public record Unopened(String databaseId, String backupId, String keyId, String reason) {
    }

    public static KeyCoverage of(BucketObjects objects, ArchiveKeyring keyring, Set<String> keyIds, KeyRecords records) throws IOException {
        Map<String, ArchiveEncryption> usable = new LinkedHashMap<>();
        Map<String, String> problems = new TreeMap<>();
        Map<String, String> recorded = new TreeMap<>();
        for (String keyId : new TreeSet<>(keyIds)) {
            try {
                ArchiveEncryption key = keyring.byId(keyId);
                usable.put(keyId, key);
                Optional<KeyRecord> record = records.recorded(keyId);
                record.ifPresent(found -> recorded.put(keyId, found.fingerprint()));
                if (record.isPresent() && !record.get().fingerprint().equals(key.fingerprint())) {
                    problems.put(keyId, key.notTheKeyOf("what the bucket holds under key id '" + keyId + "'", record.get().fingerprint()));
                }
            } catch (SecretUnavailableException e) {
                problems.put(keyId, e.getMessage());
            }
        }
        Map<String, Map<String, Long>> opened = new TreeMap<>();
        List<Unopened> unopened = new ArrayList<>();
        long unencrypted = 0;
        for (String manifestKey : objects.allManifestKeys()) {
            BackupManifest manifest;
            try {
                manifest = objects.manifest(manifestKey);
            } catch (MissingObjectException e) {
                continue; // removed while listed
            }
            if (!manifest.encrypted()) {
                unencrypted++;
                continue;
            }
            String keyId = manifest.encryption().keyId();
            String refusal = refusal(objects, manifest, usable.get(keyId), problems.get(keyId));
            if (refusal == null) {
                opened.computeIfAbsent(keyId, id -> new TreeMap<>()).merge(manifest.databaseId(), 1L, Long::sum);
            } else {
                unopened.add(new Unopened(manifest.databaseId(), manifest.backupId(), keyId, refusal));
            }
        }
        List<KeyFacts> facts = new ArrayList<>();
        for (String keyId : new TreeSet<>(keyIds)) {
            ArchiveEncryption key = usable.get(keyId);
            Map<String, Long> byDatabase = opened.getOrDefault(keyId, Map.of());
            facts.add(new KeyFacts(keyId, key == null ? null : key.fingerprint(), recorded.get(keyId), problems.get(keyId),
                    byDatabase.values().stream().mapToLong(Long::longValue).sum(), byDatabase));
        }
        return new KeyCoverage(facts, unopened, unencrypted);
    }

    /** Why no configured key opens the backup, or null when its key does. */
    private static String refusal(BucketObjects objects, BackupManifest manifest, ArchiveEncryption key, String problem) throws IOException {
        String keyId = manifest.encryption().keyId();
        if (key == null) {
            return problem != null ? problem : "it is encrypted with key '" + keyId + "', which is not configured here";
        }
        String fingerprint = manifest.encryption().keyFingerprint();
        if (fingerprint != null) {
            return fingerprint.equals(key.fingerprint()) ? null : key.notTheKeyOf("it", fingerprint);
        }
        try (ObjectStream stored = objects.open(manifest.archiveKey());
             InputStream plaintext = stored.abortedOnClose(ArchiveReader.plaintext(stored, manifest, id -> key))) {
            plaintext.read(); // the first encrypted segment authenticates, or this throws
            return null;
        } catch (MissingObjectException e) {
            return "its archive " + e.key() + " is missing from the bucket";
        } catch (ArchiveIntegrityException e) {
            return "key '" + keyId + "' does not open it (its manifest predates fingerprints; its first segment did not authenticate): "
                    + e.getMessage();
        }
    }
}
