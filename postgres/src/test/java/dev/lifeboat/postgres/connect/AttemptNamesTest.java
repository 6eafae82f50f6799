package dev.lifeboat.postgres.connect;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptNamesTest {

    private static final String UUID = "0b7e3f4c-2a57-4d0e-9a53-0d7a1b3c9e21";
    /** PostgreSQL keeps this many bytes of an application name. */
    private static final int KEPT_BYTES = 63;
    private static final AttemptNames BACKUP = AttemptNames.BACKUP;
    private static final AttemptNames RESTORE = AttemptNames.RESTORE;

    @Test
    void anAttemptsSessionsAreNamedForTheRunAndTheAttempt() {
        assertThat(RESTORE.applicationName(UUID, 2)).isEqualTo("lifeboat restore " + UUID + "#2");
        assertThat(RESTORE.applicationName(UUID, 2)).startsWith(RESTORE.applicationPrefix(UUID));
        assertThat("lifeboat " + RESTORE.purpose(UUID, 2)).isEqualTo(RESTORE.applicationName(UUID, 2));
        assertThat("lifeboat " + BACKUP.purpose(UUID, 2)).isEqualTo("lifeboat backup " + UUID + "#2");
    }

    @Test
    void aLongIdIsShortenedSoThatPostgresqlKeepsTheWholeNameAScheduledBackupsOfALongDatabaseIdToo() {
        String longId = "incident-bot/".repeat(15);
        String name = RESTORE.applicationName(longId, 12345);
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(KEPT_BYTES);
        assertThat(name).matches("lifeboat restore ~[0-9a-f]{16}#12345");
        assertThat(RESTORE.applicationName(longId + "x", 1)).as("another id, another name").isNotEqualTo(RESTORE.applicationName(longId, 1));
        assertThat(RESTORE.applicationName("é".repeat(30), 99999).getBytes(StandardCharsets.UTF_8).length)
                .as("counted in bytes, not characters").isLessThanOrEqualTo(KEPT_BYTES);
        String scheduled = "schedule-customer-portal-production-1764400000";
        assertThat(BACKUP.applicationName(scheduled, 1)).matches("lifeboat backup ~[0-9a-f]{16}#1");
        assertThat(BACKUP.olderAttempt(BACKUP.applicationName(scheduled, 1), scheduled, 2)).as("found again by its hash").isTrue();
    }

    @Test
    void oneRunsPrefixIsNotAnothersWhoseIdItBeginsNorAnotherKinds() {
        assertThat(RESTORE.applicationName("restore-12", 1)).doesNotStartWith(RESTORE.applicationPrefix("restore-1"));
        assertThat(RESTORE.applicationName("x#2", 1)).as("a # in an id").doesNotStartWith(RESTORE.applicationPrefix("x"));
        assertThat(BACKUP.olderAttempt(RESTORE.applicationName(UUID, 1), UUID, 2)).as("a restore's, not a backup's").isFalse();
    }

    @Test
    void anIdPostgresqlWouldShowOtherwiseIsHashedSoThatItsNameMatches() {
        for (String odd : new String[] {"é", "tab\there", "x#2", "~0123456789abcdef", "with space"}) {
            assertThat(RESTORE.applicationName(odd, 1)).as(odd).matches("lifeboat restore ~[0-9a-f]{16}#1");
        }
        assertThat(RESTORE.applicationName("a".repeat(40), 1)).isEqualTo("lifeboat restore " + "a".repeat(40) + "#1");
        assertThat(RESTORE.applicationName("a".repeat(41), 1)).matches("lifeboat restore ~[0-9a-f]{16}#1");
    }

    @Test
    void onlyAnOlderAttemptOfTheSameRunIsOlder() {
        assertThat(BACKUP.olderAttempt("lifeboat backup " + UUID + "#1", UUID, 2)).isTrue();
        assertThat(BACKUP.olderAttempt("lifeboat backup " + UUID + "#2", UUID, 2)).as("itself").isFalse();
        assertThat(BACKUP.olderAttempt("lifeboat backup " + UUID + "#3", UUID, 2)).as("a newer one").isFalse();
        assertThat(BACKUP.olderAttempt("lifeboat backup other-request#1", UUID, 2)).as("another request's backup").isFalse();
        assertThat(BACKUP.olderAttempt("psql", UUID, 2)).isFalse();
        assertThat(BACKUP.olderAttempt(null, UUID, 2)).isFalse();
        assertThat(BACKUP.olderAttempt("lifeboat backup " + UUID + "#", UUID, 2)).as("a name PostgreSQL cut").isFalse();
        assertThat(BACKUP.olderAttempt("lifeboat backup " + UUID + "#1x", UUID, 2)).isFalse();
        assertThat(BACKUP.olderAttempt("lifeboat backup " + UUID + "#-1", UUID, 2)).as("not a number of attempts").isFalse();
        String longer = "r".repeat(46);
        assertThat(BACKUP.olderAttempt("lifeboat backup " + longer + "#1", longer, 2)).as("a name of 63 bytes, perhaps cut").isFalse();
    }
}
