package dev.lifeboat.audit.ingest;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.events.registry.DatabaseRemoved;
import dev.lifeboat.events.registry.DatabaseUpdated;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationPassed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventFactsTest {

    private static final Instant T0 = Instant.parse("2026-11-21T02:00:00Z");

    private static CloudEvent<?> event(EventData data) {
        return CloudEvent.of("/test", "flow-1", data);
    }

    @Test
    void anUpdateOfADatabaseIsAttributedToWhoeverChangedIt() {
        // the other events that name their actor are checked end to end by ActivityIngestTest
        assertThat(EventFacts.actor(event(new DatabaseUpdated("shop", null, "erin")))).isEqualTo("erin");
    }

    @Test
    void anEventThatNamesNobodyHasNoActorOfItsOwn() {
        assertThat(EventFacts.actor(event(new BackupStarted("req-1", "bk-1", "shop", BackupTrigger.MANUAL, 1, T0)))).isNull();
        assertThat(EventFacts.actor(event(new BackupFailed("req-1", null, "shop", BackupTrigger.MANUAL, "DUMP_FAILED", "pg_dump exited 1", 1, true))))
                .isNull();
        assertThat(EventFacts.actor(event(new VerificationPassed("vf-1", "shop", "bk-1", VerificationCheck.CHECKSUM, "sha256 matches"))))
                .isNull();
    }

    @Test
    void aFailureARollbackOrAnExpirySaysWhatWentWrongOrWhichRuleApplied() {
        assertThat(EventFacts.detail(event(new RestoreFailed("rs-1", "shop", "CHECKSUM", "CHECKSUM_MISMATCH", "sha256 differs from the manifest"))))
                .isEqualTo("CHECKSUM_MISMATCH at CHECKSUM: sha256 differs from the manifest");
        assertThat(EventFacts.detail(event(new RestoreRolledBack("rs-1", "shop", "VALIDATION", "row count of public.orders differs"))))
                .isEqualTo("rolled back at VALIDATION: row count of public.orders differs");
        assertThat(EventFacts.detail(event(new NotificationFailed("dl-2", "shop", "ev-1", "dev.lifeboat.backup.failed.v1", "email-ops", 5, "SMTP 451"))))
                .isEqualTo("email-ops after 5 attempts: SMTP 451");
        assertThat(EventFacts.detail(event(new BackupExpired("bk-0", "shop", "backups/shop/bk-0", "max-age 30d", T0))))
                .isEqualTo("retention policy max-age 30d");
    }

    @Test
    void anApiCallSaysMethodPathAndStatusAndTheLocationOnlyWhenThereIsOne() {
        assertThat(EventFacts.detail(event(new ApiCallRecorded("shop", "alice", "DELETE", "/api/backups/bk-1", 204, null))))
                .isEqualTo("DELETE /api/backups/bk-1 answered 204");
        assertThat(EventFacts.detail(event(new ApiCallRecorded("shop", "alice", "POST", "/api/backups", 202, "/api/backups/bk-2"))))
                .isEqualTo("POST /api/backups answered 202, /api/backups/bk-2");
    }

    @Test
    void anEventWithNothingToAddHasNoDetail() {
        assertThat(EventFacts.detail(event(new BackupRequested("req-1", "shop", BackupTrigger.MANUAL, "carol", Map.of())))).isNull();
        assertThat(EventFacts.detail(event(new BackupCompleted("req-1", "bk-1", "shop", BackupTrigger.MANUAL, "backups/shop/bk-1/dump",
                "backups/shop/bk-1/manifest.json", 10, "ab".repeat(32), Compression.ZSTD, true, "key-1", 4_000, Map.of(), "15.19",
                T0, T0.plusSeconds(5))))).isNull();
        assertThat(EventFacts.detail(event(new NotificationSent("dl-1", "shop", "ev-1", "dev.lifeboat.backup.completed.v1", "slack", 1))))
                .isNull();
        assertThat(EventFacts.detail(event(new DatabaseRemoved("shop", "frank")))).isNull();
    }
}
