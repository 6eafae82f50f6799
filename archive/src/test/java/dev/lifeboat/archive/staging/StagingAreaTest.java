package dev.lifeboat.archive.staging;

import dev.lifeboat.archive.ArchiveCompression;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.realservers.process.ChildJvm;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staging on a real S3 API server: the file is the checked plaintext, or nothing is left behind. */
class StagingAreaTest {

    private static final String BACKUP_ID = "b-staged";
    /** Four and a half parts of 4 MiB stored: the ranged GETs must come back in order. */
    private static final int PLAINTEXT_BYTES = 18 << 20;
    private static final List<String> CLASSPATH = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    private static final ArchiveEncryption KEY = new ArchiveEncryption("k1", randomKey());

    private static S3Server s3;
    private static BucketObjects bucket;
    private static byte[] plaintext;
    private static BackupManifest manifest;

    @TempDir
    Path folder;

    @BeforeAll
    static void store() throws IOException {
        s3 = S3Server.start("staging");
        BucketSettings settings = BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, s3.bucket(), s3.accessKey(), s3.secretKey());
        bucket = new BucketObjects(S3Clients.create(settings), settings);
        plaintext = new byte[PLAINTEXT_BYTES];
        new Random(7).nextBytes(plaintext);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = ArchiveCompression.compressing(KEY.encrypting(sink, BACKUP_ID), Compression.ZSTD, 1, 0)) {
            out.write(plaintext);
        }
        byte[] stored = sink.toByteArray();
        bucket.put("staged/archive", "application/octet-stream", stored);
        DigestOutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha256());
        digest.write(stored);
        manifest = new BackupManifest(1, BACKUP_ID, "orders-db", "r", "c", BackupTrigger.MANUAL, "me", Instant.EPOCH, Instant.EPOCH, "15",
                BackupManifest.PG_DUMP_CUSTOM, "staged/archive", stored.length, HexFormat.of().formatHex(digest.getMessageDigest().digest()),
                Compression.ZSTD, 1, KEY.describe(), Map.of(), Map.of(), Map.of(), null, (long) PLAINTEXT_BYTES);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aStagedArchiveIsItsPlaintextCheckedToTheLastByteAndClosingItDeletesIt() throws IOException {
        Path file;
        try (StagedArchive staged = area(0).stage(manifest, keyId -> KEY, UnaryOperator.identity())) {
            file = staged.file();
            assertThat(staged.plaintextBytes()).isEqualTo(PLAINTEXT_BYTES);
            assertThat(Files.readAllBytes(file)).isEqualTo(plaintext);
        }
        assertThat(file).doesNotExist();
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void aStoredArchiveThatDoesNotMatchItsChecksumFailsAndLeavesNoFile() throws IOException {
        BackupManifest otherChecksum = withSha256("0".repeat(64), manifest.plaintextBytes());

        assertThatThrownBy(() -> area(0).stage(otherChecksum, keyId -> KEY, UnaryOperator.identity()))
                .isInstanceOf(ArchiveIntegrityException.class).hasMessageContaining("SHA-256");
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void anArchiveLargerThanTheFreeSpaceIsRefusedBeforeAnyByteIsRead() throws IOException {
        long[] read = {0};

        assertThatThrownBy(() -> area(Long.MAX_VALUE / 4).stage(manifest, keyId -> KEY, counting(read)))
                .isInstanceOf(InsufficientDiskException.class)
                .hasMessageContaining("staging backup " + BACKUP_ID + " needs 18 MiB for its archive plus")
                .hasMessageContaining("free in " + folder);
        assertThat(read[0]).isZero();
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void anArchiveOfUnknownSizeIsRefusedWhenStagingItWouldLeaveLessThanTheReserve() throws IOException {
        BackupManifest sizeUnknown = withSha256(manifest.sha256(), null);

        assertThatThrownBy(() -> area(Long.MAX_VALUE / 4).stage(sizeUnknown, keyId -> KEY, UnaryOperator.identity()))
                .isInstanceOf(InsufficientDiskException.class).hasMessageContaining("free in " + folder);
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void aSweepDeletesWhatAKilledProcessLeftAndLeavesWhatALiveProcessHolds() throws IOException {
        Path left = folder.resolve(StagingArea.PREFIX + "b-killed" + StagingArea.SUFFIX);
        Path log = folder.resolve("holder.log");
        StagingArea area = area(0);
        try (StagedArchive ours = area.stage(manifest, keyId -> KEY, UnaryOperator.identity());
             ChildJvm holder = ChildJvm.start("holder", CLASSPATH, List.of("-Xmx32m"), HoldsStagedFile.class.getName(),
                     List.of("hold", left.toString()), folder, Duration.ofSeconds(30), () -> ChildJvm.logContains(log, "holding"))) {
            assertThat(area.sweep()).isZero();
            assertThat(left).exists();
            assertThat(ours.file()).exists();

            holder.kill();

            assertThat(area.sweep()).isEqualTo(1);
            assertThat(left).doesNotExist();
            assertThat(ours.file()).exists();
        }
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void aWorkFolderStaysWhileItsProcessHoldsItGoesWhenClosedAndIsSweptWhenItsProcessWasKilled() throws Exception {
        StagingArea area = area(0);
        Path log = folder.resolve("folder-holder.log");
        StagedFolder ours = area.folder("d1-restore");
        Files.writeString(ours.path().resolve("before.sql"), "INSERT INTO t VALUES(1);");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(ours.path())))
                .as("plaintext data: only this user may look in").isEqualTo("rwx------");
        try (ChildJvm holder = ChildJvm.start("folder-holder", CLASSPATH, List.of("-Xmx32m"), HoldsStagedFile.class.getName(),
                List.of("hold-folder", folder.toString()), folder, Duration.ofSeconds(30), () -> ChildJvm.logContains(log, "holding"))) {
            Path theirs = Path.of(Files.readString(log).lines().filter(line -> line.startsWith("holding ")).findFirst().orElseThrow()
                    .substring("holding ".length()));
            assertThat(area.sweep()).isZero();
            assertThat(theirs.resolve("before.sql")).exists();
            assertThat(ours.path().resolve("before.sql")).exists();

            holder.kill();

            assertThat(area.sweep()).isEqualTo(1);
            assertThat(theirs).doesNotExist();
            assertThat(ours.path().resolve("before.sql")).exists();
        }
        ours.close();
        assertThat(ours.path()).doesNotExist();
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void aFileThisProcessStagedStaysHeldWhileItIsReadAndReopenedAsPgRestorePreparationDoes() throws Exception {
        try (StagedArchive ours = area(0).stage(manifest, keyId -> KEY, UnaryOperator.identity())) {
            try (var reopened = java.nio.channels.FileChannel.open(ours.file(), java.nio.file.StandardOpenOption.WRITE)) {
                reopened.force(false); // as DataOffsets opens and closes the file before pg_restore reads it
            }
            Files.readAllBytes(ours.file());

            ChildJvm.run("sweeper", CLASSPATH, List.of("-Xmx32m"), HoldsStagedFile.class.getName(), List.of("sweep", folder.toString()),
                    folder, Duration.ofSeconds(30));

            assertThat(Files.readString(folder.resolve("sweeper.log"))).contains("swept 0");
            assertThat(ours.file()).exists();
        }
    }

    private StagingArea area(long reserveBytes) {
        return new StagingArea(bucket, new StagingSettings() {
            public Path folder() { return folder; }
            public long reserveBytes() { return reserveBytes; }
            public int downloadStreams() { return 3; }
        });
    }

    private static BackupManifest withSha256(String sha256, Long plaintextBytes) {
        BackupManifest m = manifest;
        return new BackupManifest(m.formatVersion(), m.backupId(), m.databaseId(), m.requestId(), m.correlationId(), m.trigger(),
                m.requestedBy(), m.startedAt(), m.completedAt(), m.serverVersion(), m.archiveFormat(), m.archiveKey(), m.sizeBytes(),
                sha256, m.compression(), m.compressionLevel(), m.encryption(), m.tableRowCounts(), m.labels(), m.freshnessColumns(),
                m.streamLsn(), plaintextBytes);
    }

    private static UnaryOperator<java.io.InputStream> counting(long[] read) {
        return in -> new java.io.FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read[0] += Math.max(0, n);
                return n;
            }
        };
    }

    private List<Path> stagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(StagingArea.PREFIX)).toList(); // archives and lock files
        }
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[ArchiveEncryption.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
