package dev.lifeboat.restore.target;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreSessionsTest {

    private static final String UUID = "0b7e3f4c-2a57-4d0e-9a53-0d7a1b3c9e21";
    /** PostgreSQL keeps this many bytes of an application name. */
    private static final int KEPT_BYTES = 63;

    @Test
    void anAttemptsSessionsAreNamedForTheRestoreAndTheAttempt() {
        assertThat(RestoreSessions.applicationName(UUID, 2)).isEqualTo("lifeboat restore " + UUID + "#2");
        assertThat(RestoreSessions.applicationName(UUID, 2)).startsWith(RestoreSessions.applicationPrefix(UUID));
        assertThat("lifeboat " + RestoreSessions.purpose(UUID, 2)).isEqualTo(RestoreSessions.applicationName(UUID, 2));
    }

    @Test
    void aLongIdChosenOnKafkaIsShortenedSoThatPostgresqlKeepsTheWholeName() {
        String longId = "incident-bot/".repeat(15);
        String name = RestoreSessions.applicationName(longId, 12345);
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(KEPT_BYTES);
        assertThat(name).matches("lifeboat restore ~[0-9a-f]{16}#12345");
        assertThat(RestoreSessions.applicationName(longId + "x", 1)).as("another id, another name").isNotEqualTo(
                RestoreSessions.applicationName(longId, 1));
        assertThat(RestoreSessions.applicationName("é".repeat(30), 99999).getBytes(StandardCharsets.UTF_8).length)
                .as("counted in bytes, not characters").isLessThanOrEqualTo(KEPT_BYTES);
    }

    @Test
    void oneRestoresPrefixIsNotAnothersWhoseIdItBegins() {
        assertThat(RestoreSessions.applicationName("restore-12", 1)).doesNotStartWith(RestoreSessions.applicationPrefix("restore-1"));
        assertThat(RestoreSessions.applicationName("x#2", 1)).as("a # in an id").doesNotStartWith(RestoreSessions.applicationPrefix("x"));
    }

    @Test
    void anIdPostgresqlWouldShowOtherwiseIsHashedSoThatItsNameMatches() {
        for (String odd : new String[] {"é", "tab\there", "x#2", "~0123456789abcdef", "with space"}) {
            assertThat(RestoreSessions.applicationName(odd, 1)).as(odd).matches("lifeboat restore ~[0-9a-f]{16}#1");
        }
        assertThat(RestoreSessions.applicationName("a".repeat(40), 1)).isEqualTo("lifeboat restore " + "a".repeat(40) + "#1");
        assertThat(RestoreSessions.applicationName("a".repeat(41), 1)).matches("lifeboat restore ~[0-9a-f]{16}#1");
    }
}
