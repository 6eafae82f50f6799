package dev.lifeboat.backup.dump;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptSessionsTest {

    private static final String REQUEST = "44b0f75e-17c4-4c9b-8f80-82e26d653a88";

    @Test
    void aSessionIsNamedAfterItsRequestAndAttempt() {
        assertThat("lifeboat " + AttemptSessions.purpose(REQUEST, 2)).isEqualTo("lifeboat backup " + REQUEST + "#2").hasSizeLessThan(64);
    }

    @Test
    void onlyAnOlderAttemptOfTheSameRequestIsEnded() {
        assertThat(AttemptSessions.olderAttempt("lifeboat backup " + REQUEST + "#1", REQUEST, 2)).isTrue();
        assertThat(AttemptSessions.olderAttempt("lifeboat backup " + REQUEST + "#2", REQUEST, 2)).as("itself").isFalse();
        assertThat(AttemptSessions.olderAttempt("lifeboat backup " + REQUEST + "#3", REQUEST, 2)).as("a newer one").isFalse();
        assertThat(AttemptSessions.olderAttempt("lifeboat backup other-request#1", REQUEST, 2)).as("another request's backup").isFalse();
        assertThat(AttemptSessions.olderAttempt("lifeboat restore", REQUEST, 2)).as("a restore").isFalse();
        assertThat(AttemptSessions.olderAttempt("psql", REQUEST, 2)).isFalse();
        assertThat(AttemptSessions.olderAttempt(null, REQUEST, 2)).isFalse();
        assertThat(AttemptSessions.olderAttempt("lifeboat backup " + REQUEST + "#", REQUEST, 2)).as("a name PostgreSQL cut").isFalse();
        assertThat(AttemptSessions.olderAttempt("lifeboat backup " + REQUEST + "#1x", REQUEST, 2)).isFalse();
        String longer = "r".repeat(46);
        assertThat(AttemptSessions.olderAttempt("lifeboat backup " + longer + "#1", longer, 2)).as("a name of 63 bytes, perhaps cut").isFalse();
    }
}
