package dev.lifeboat.verifier.freshness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How far a database is protected: the one decision behind the RPO gauge, the breach events and {@code GET /api/protection}. */
class ProtectionTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration RPO = Duration.ofHours(1);

    private static WatchedDatabase database() {
        WatchedDatabase database = new WatchedDatabase();
        database.databaseId = "orders-db";
        database.firstSeenAt = NOW.minus(Duration.ofDays(3));
        return database;
    }

    private static Protection.VerifiedBackup backupAt(Instant completedAt) {
        return new Protection.VerifiedBackup("b1", completedAt);
    }

    @Test
    void aVerifiedBackupInsideTheRpoProtectsUpToItsCompletion() {
        Protection protection = Protection.of(database(), backupAt(NOW.minusSeconds(600)), RPO, NOW);

        assertThat(protection.state()).isEqualTo(Protection.State.PROTECTED);
        assertThat(protection.by()).isEqualTo(Protection.By.BACKUP);
        assertThat(protection.protectedUntil()).isEqualTo(NOW.minusSeconds(600));
        assertThat(protection.age()).isEqualTo(Duration.ofMinutes(10));
        assertThat(protection.newestVerifiedBackupId()).isEqualTo("b1");
    }

    @Test
    void aVerifiedBackupOlderThanTheRpoExceedsIt() {
        Protection protection = Protection.of(database(), backupAt(NOW.minus(Duration.ofMinutes(61))), RPO, NOW);

        assertThat(protection.state()).isEqualTo(Protection.State.RPO_EXCEEDED);
        assertThat(protection.fresh()).isFalse();
    }

    @Test
    void anAgeOfExactlyTheRpoIsStillInsideIt() {
        assertThat(Protection.of(database(), backupAt(NOW.minus(RPO)), RPO, NOW).state()).isEqualTo(Protection.State.PROTECTED);
    }

    @Test
    void withoutAVerifiedBackupTheAgeCountsFromWhenTheDatabaseWasFirstSeen() {
        Protection protection = Protection.of(database(), null, RPO, NOW);

        assertThat(protection.state()).isEqualTo(Protection.State.NO_VERIFIED_BACKUP);
        assertThat(protection.by()).isEqualTo(Protection.By.NOTHING);
        assertThat(protection.protectedUntil()).isNull();
        assertThat(protection.age()).isEqualTo(Duration.ofDays(3));
        assertThat(protection.fresh()).isFalse();
    }

    @Test
    void aChangeArchiveCheckedAfterTheBackupCarriesProtectionUpToWhereItIsChecked() {
        WatchedDatabase database = database();
        database.archiveVerifiedUntil = NOW.minusSeconds(30);

        Protection protection = Protection.of(database, backupAt(NOW.minus(Duration.ofHours(5))), RPO, NOW);

        assertThat(protection.state()).isEqualTo(Protection.State.PROTECTED);
        assertThat(protection.by()).isEqualTo(Protection.By.CHANGE_ARCHIVE);
        assertThat(protection.protectedUntil()).isEqualTo(NOW.minusSeconds(30));
        assertThat(protection.newestVerifiedAt()).isEqualTo(NOW.minus(Duration.ofHours(5)));
    }

    @Test
    void aBrokenChangeArchiveProtectsNoFurtherThanTheBackup() {
        WatchedDatabase database = database();
        database.archiveVerifiedUntil = NOW.minusSeconds(30);
        database.archiveFailure = "segment 42 does not decrypt";

        Protection protection = Protection.of(database, backupAt(NOW.minus(Duration.ofHours(5))), RPO, NOW);

        assertThat(protection.by()).isEqualTo(Protection.By.BACKUP);
        assertThat(protection.state()).isEqualTo(Protection.State.RPO_EXCEEDED);
        assertThat(protection.archiveFailure()).isEqualTo("segment 42 does not decrypt");
    }

    @Test
    void aGapFoundInTheArchiveAfterTheBackupStopsProtectionAtTheGapsStart() {
        WatchedDatabase database = database();
        database.archiveVerifiedUntil = NOW.minusSeconds(30);
        database.archiveGapFrom = NOW.minus(Duration.ofHours(2));
        database.archiveGapFoundAt = NOW.minus(Duration.ofMinutes(110));

        Protection protection = Protection.of(database, backupAt(NOW.minus(Duration.ofHours(5))), RPO, NOW);

        assertThat(protection.by()).isEqualTo(Protection.By.CHANGE_ARCHIVE);
        assertThat(protection.protectedUntil()).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(protection.state()).isEqualTo(Protection.State.RPO_EXCEEDED);
    }

    @Test
    void aGapFoundBeforeTheBackupNoLongerLimitsTheArchiveAfterIt() {
        WatchedDatabase database = database();
        database.archiveVerifiedUntil = NOW.minusSeconds(30);
        database.archiveGapFrom = NOW.minus(Duration.ofHours(7));
        database.archiveGapFoundAt = NOW.minus(Duration.ofHours(6));

        Protection protection = Protection.of(database, backupAt(NOW.minus(Duration.ofHours(5))), RPO, NOW);

        assertThat(protection.protectedUntil()).isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void theBreachSinceShowsOnlyWhileTheDatabaseIsInBreach() {
        WatchedDatabase database = database();
        database.breachSince = NOW.minus(Duration.ofHours(1));
        assertThat(Protection.of(database, null, RPO, NOW).breachSince()).isNull();

        database.inBreach = true;
        assertThat(Protection.of(database, null, RPO, NOW).breachSince()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    }
}
