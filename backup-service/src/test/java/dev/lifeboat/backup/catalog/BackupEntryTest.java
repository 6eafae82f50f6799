package dev.lifeboat.backup.catalog;

import dev.lifeboat.events.backup.BackupTrigger;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackupEntryTest {

    private static final Instant VERIFIED = Instant.parse("2026-11-27T02:05:00Z");

    @Test
    void aGoodBackupIsVerifiedNeverFailedAndTheDatabasesOwn() {
        assertThat(entry(BackupTrigger.SCHEDULE, VERIFIED, null).good()).isTrue();
        assertThat(entry(BackupTrigger.MANUAL, VERIFIED, null).good()).isTrue();
        assertThat(entry(BackupTrigger.EXTERNAL, VERIFIED, null).good()).isTrue();

        assertThat(entry(BackupTrigger.SCHEDULE, null, null).good()).as("not verified yet").isFalse();
        assertThat(entry(BackupTrigger.SCHEDULE, VERIFIED, VERIFIED.plusSeconds(3600)).good()).as("a check failed since").isFalse();
        assertThat(entry(BackupTrigger.PRE_RESTORE, VERIFIED, null).good()).as("the state a restore replaced").isFalse();
    }

    private static BackupEntry entry(BackupTrigger trigger, Instant verifiedAt, Instant failedAt) {
        BackupEntry entry = new BackupEntry();
        entry.trigger = trigger.name();
        entry.verifiedAt = verifiedAt;
        entry.verificationFailedAt = failedAt;
        return entry;
    }
}
