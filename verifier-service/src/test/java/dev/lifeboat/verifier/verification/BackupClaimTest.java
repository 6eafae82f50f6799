package dev.lifeboat.verifier.verification;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BackupClaimTest {

    private static final Instant AT = Instant.parse("2026-11-22T02:00:00Z");
    private static final String FOLDER = ArchiveLayout.folder("shop", AT, "b-1");

    @Test
    void aBackupInItsDatabasesLayoutCanBeTrue() {
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", FOLDER + "archive.dump.zst.enc", 10, "a".repeat(64)))).isEmpty();
    }

    @Test
    void keysThatClimbOutOfTheBucketFolderAreRefused() {
        assertThat(BackupClaim.refusal(claim("../../../../etc/hostname", FOLDER + "archive.dump", 10, "a".repeat(64))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'..' segment"));
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", FOLDER + "..\\..\\x", 10, "a".repeat(64)))).isPresent();
    }

    @Test
    void aManifestOfAnotherDatabaseOrOutsideTheLayoutIsRefused() {
        String orders = ArchiveLayout.folder("orders", AT, "b-1");
        assertThat(BackupClaim.refusal(claim(orders + "manifest.json", orders + "archive.dump", 10, "a".repeat(64))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not a backup manifest under backups/shop/"));
        assertThat(BackupClaim.refusal(claim("backups/shop/manifest.json", "backups/shop/archive.dump", 10, "a".repeat(64)))).isPresent();
    }

    @Test
    void anArchiveOutsideItsManifestsFolderIsRefused() {
        String other = ArchiveLayout.folder("shop", AT, "b-2");
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", other + "archive.dump", 10, "a".repeat(64))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("outside its manifest's folder"));
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", FOLDER + "deeper/archive.dump", 10, "a".repeat(64)))).isPresent();
    }

    @Test
    void sizesAndChecksumsThatCannotBeABackupAreRefused() {
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", FOLDER + "archive.dump", 0, "a".repeat(64)))).isPresent();
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", FOLDER + "archive.dump", -5, "a".repeat(64)))).isPresent();
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", FOLDER + "archive.dump", BackupClaim.MAX_SIZE_BYTES + 1, "a".repeat(64))))
                .isPresent();
        assertThat(BackupClaim.refusal(claim(FOLDER + "manifest.json", FOLDER + "archive.dump", 10, "not-a-digest"))).isPresent();
    }

    private static BackupCompleted claim(String manifestKey, String objectKey, long size, String sha256) {
        return new BackupCompleted("r-1", "b-1", "shop", BackupTrigger.MANUAL, objectKey, manifestKey, size, sha256, Compression.ZSTD,
                false, null, 1, Map.of(), "15.19", AT, AT);
    }
}
