package dev.lifeboat.archive.keys;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.SealingStream;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bucket's record of which key each key id encrypts, and {@code lifeboat keys check}'s reading of every manifest,
 * against a real S3 API server (S3Proxy) holding real sealed archives.
 */
class KeyRecordsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    private static final byte[] KEY = key(1);
    private static final byte[] SWAPPED = key(2);

    private static S3Server s3;
    private static S3Client client;

    @TempDir
    Path keysFolder;

    @BeforeAll
    static void start() {
        s3 = S3Server.start("records");
        client = S3Clients.create(settings("records"));
        client.createBucket(b -> b.bucket("coverage"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void theFirstBackupServiceRecordsItsKeyAndAKeySwappedUnderTheSameIdIsThenRefusedNamingTheIdNeverTheKey() throws Exception {
        BucketObjects objects = new BucketObjects(client, settings("records"));
        KeyRecords records = new KeyRecords(objects, Clock.fixed(NOW, ZoneOffset.UTC));
        ArchiveEncryption key = new ArchiveEncryption("k-2026", KEY);
        ArchiveEncryption swapped = new ArchiveEncryption("k-2026", SWAPPED);

        records.confirm(new ArchiveEncryption("read-only", KEY), false);
        assertThat(records.recorded("read-only")).as("a reader never records").isEmpty();
        records.confirm(key, true);
        records.confirm(key, true);
        assertThat(records.recorded("k-2026")).contains(new KeyRecord("k-2026", key.fingerprint(), NOW));

        assertThatThrownBy(() -> records.confirm(swapped, true)).isInstanceOf(SwappedKeyException.class)
                .hasMessage("what the bucket holds under key id 'k-2026' (recorded 2026-11-28T04:00:00Z) was encrypted by another key"
                        + " than the one configured as 'k-2026' (fingerprint " + key.fingerprint() + ", the configured key's "
                        + swapped.fingerprint() + "): the key under that id was changed; configure the key that encrypted it under its"
                        + " id, and give a new key a new id")
                .message().doesNotContain(HexFormat.of().formatHex(SWAPPED).substring(0, 8))
                .doesNotContain(Base64.getEncoder().encodeToString(SWAPPED).substring(0, 8));
        assertThat(records.recorded("k-2026").orElseThrow().fingerprint()).as("the record is kept").isEqualTo(key.fingerprint());
        assertThatThrownBy(() -> records.confirmAtStart(new ArchiveKeyring(Map.of("k-2026", keyFile("swapped", SWAPPED))), Set.of("k-2026")))
                .as("a service start").isInstanceOf(IllegalStateException.class).hasMessageContaining("configured as 'k-2026'");
        assertThat(records.confirmAtStart(new ArchiveKeyring(Map.of("k-2026", keyFile("right", KEY), "unreadable", "env:LIFEBOAT_NO_SUCH_KEY")),
                Set.of("k-2026", "unreadable"))).as("the right key, and one left to its first use").isEmpty();
    }

    @Test
    void aStartThatCannotReadTheBucketWarnsAndLeavesEachKeyToItsFirstUse() throws Exception {
        KeyRecords records = new KeyRecords(new BucketObjects(client, settings("no-such-bucket")), Clock.systemUTC());

        Optional<String> warning = records.confirmAtStart(new ArchiveKeyring(Map.of("k", keyFile("k", KEY))), Set.of("k"));

        assertThat(warning).hasValueSatisfying(text -> assertThat(text).startsWith("the bucket's records of the encryption keys could not be read"));
    }

    @Test
    void keysCheckNamesWhatEachKeyOpensAndEveryBackupNoKeyOpensWithWhy() throws Exception {
        BucketObjects objects = new BucketObjects(client, settings("coverage"));
        ArchiveEncryption key = new ArchiveEncryption("k1", KEY);
        ArchiveEncryption swapped = new ArchiveEncryption("k1", SWAPPED);
        new KeyRecords(objects, Clock.systemUTC()).confirm(key, true);
        store(objects, "orders", "b-1", Optional.of(key), true);
        store(objects, "orders", "b-2", Optional.of(key), false);          // written before fingerprints: tried, and it opens
        store(objects, "shop", "b-3", Optional.of(key), true);
        store(objects, "shop", "b-4", Optional.of(new ArchiveEncryption("k0", KEY)), true);
        store(objects, "shop", "b-5", Optional.of(swapped), true);
        store(objects, "shop", "b-6", Optional.of(swapped), false);        // before fingerprints, and another key: it does not open
        store(objects, "shop", "b-7", Optional.empty(), false);
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("k1", keyFile("k1", KEY), "k9", "env:LIFEBOAT_NO_SUCH_KEY"));

        KeyCoverage coverage = KeyCoverage.of(objects, keyring, Set.of("k1", "k9"), new KeyRecords(objects, Clock.systemUTC()));

        assertThat(coverage.keys()).hasSize(2);
        KeyCoverage.KeyFacts k1 = coverage.keys().get(0);
        assertThat(k1.keyId()).isEqualTo("k1");
        assertThat(k1.fingerprint()).isEqualTo(key.fingerprint()).isEqualTo(k1.recordedFingerprint());
        assertThat(k1.problem()).isNull();
        assertThat(k1.backups()).isEqualTo(3);
        assertThat(k1.backupsByDatabase()).containsExactly(Map.entry("orders", 2L), Map.entry("shop", 1L));
        KeyCoverage.KeyFacts k9 = coverage.keys().get(1);
        assertThat(k9.fingerprint()).isNull();
        assertThat(k9.problem()).isEqualTo("environment variable LIFEBOAT_NO_SUCH_KEY (named by env:LIFEBOAT_NO_SUCH_KEY) is not set");
        assertThat(coverage.unopened()).extracting(KeyCoverage.Unopened::backupId).containsExactlyInAnyOrder("b-4", "b-5", "b-6");
        assertThat(coverage.unopened()).allSatisfy(backup -> assertThat(backup.databaseId()).isEqualTo("shop"));
        assertThat(reason(coverage, "b-4")).isEqualTo("it is encrypted with key 'k0', which is not configured here");
        assertThat(reason(coverage, "b-5")).contains("another key than the one configured as 'k1'");
        assertThat(reason(coverage, "b-6")).startsWith("key 'k1' does not open it (its manifest predates fingerprints");
        assertThat(coverage.unencrypted()).isEqualTo(1);
    }

    private static String reason(KeyCoverage coverage, String backupId) {
        return coverage.unopened().stream().filter(backup -> backup.backupId().equals(backupId)).findFirst().orElseThrow().reason();
    }

    /** A real sealed archive and its manifest, as a backup stores them; {@code fingerprinted} false writes it as before fingerprints. */
    private static void store(BucketObjects objects, String databaseId, String backupId, Optional<ArchiveEncryption> key, boolean fingerprinted)
            throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        long size;
        String sha256;
        try (SealingStream sealing = SealingStream.open(sink, Compression.ZSTD, 3, 0, key, backupId)) {
            byte[] rows = new byte[3 * ArchiveEncryption.SEGMENT_SIZE / 2];
            new Random(backupId.hashCode()).nextBytes(rows);
            sealing.write(rows);
            sealing.close();
            size = sealing.sizeBytes();
            sha256 = sealing.sha256();
        }
        String folder = ArchiveLayout.folder(databaseId, NOW, backupId);
        String archiveKey = ArchiveLayout.archiveKey(folder, ArchiveLayout.ArchiveSuffix.of(Compression.ZSTD, key.isPresent()));
        BackupManifest.Encryption encryption = key.map(k -> fingerprinted ? k.describe()
                : new BackupManifest.Encryption(ArchiveEncryption.ALGORITHM, k.keyId(), ArchiveEncryption.SEGMENT_SIZE,
                ArchiveEncryption.ASSOCIATED_DATA)).orElse(null);
        objects.put(archiveKey, "application/octet-stream", sink.toByteArray());
        objects.put(ArchiveLayout.manifestKey(folder), "application/json", ManifestJson.write(new BackupManifest(1, backupId, databaseId,
                "r-" + backupId, "c-" + backupId, BackupTrigger.MANUAL, "me", NOW, NOW, "15", BackupManifest.PG_DUMP_CUSTOM, archiveKey,
                size, sha256, Compression.ZSTD, 3, encryption, Map.of(), Map.of(), Map.of(), null, null)));
    }

    private String keyFile(String name, byte[] key) throws IOException {
        Path file = keysFolder.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        return "file:" + file;
    }

    private static BucketSettings settings(String bucket) {
        return BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, bucket, s3.accessKey(), s3.secretKey(), BucketSettings.Checksums.WHEN_REQUIRED);
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[ArchiveEncryption.KEY_BYTES];
        new Random(seed).nextBytes(key);
        return key;
    }
}
