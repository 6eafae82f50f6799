package dev.lifeboat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG_ENOUGH = Duration.ofMinutes(1);

    private final CannedApi api = new CannedApi();
    private final List<JsonNode> seen = new ArrayList<>();

    private static JsonNode reading(String status) {
        return JSON.createObjectNode().put("status", status);
    }

    private static boolean ended(JsonNode reading) {
        return !reading.path("status").asText().equals("RUNNING");
    }

    private JsonNode follow(Polling polling, Duration timeout) {
        return polling.follow(Service.RESTORE, "/api/restores/r1", PollingTest::ended, seen::add, timeout);
    }

    private JsonNode follow(Duration timeout) {
        return follow(new Polling(api, Duration.ZERO), timeout);
    }

    @Test
    void theReadingThatEndsTheWorkIsReturnedAfterEveryReadingWasSeen() {
        JsonNode first = then(reading("RUNNING"));
        JsonNode second = then(reading("RUNNING"));
        JsonNode end = then(reading("COMPLETED"));

        assertThat(follow(LONG_ENOUGH)).isSameAs(end);
        assertThat(seen).containsExactly(first, second, end);
        assertThat(api.calls).containsExactly("RESTORE /api/restores/r1", "RESTORE /api/restores/r1", "RESTORE /api/restores/r1");
    }

    @Test
    void aRecordNotThereYetRightAfterTheRequestIsWaitedOut() {
        then(new ApiFailure(404, "no restore with id 'r1'"));
        then(new ApiFailure(404, "no restore with id 'r1'"));
        JsonNode end = then(reading("COMPLETED"));

        assertThat(follow(LONG_ENOUGH)).isSameAs(end);
        assertThat(seen).containsExactly(end);
        assertThat(api.calls).hasSize(3);
    }

    @Test
    void aRefusalOtherThanNotFoundIsThrownAtOnce() {
        ApiFailure refused = then(new ApiFailure(500, "restore-service answered 500"));

        assertThatThrownBy(() -> follow(LONG_ENOUGH)).isSameAs(refused);
        assertThat(api.calls).hasSize(1);
        assertThat(seen).isEmpty();
    }

    @Test
    void aServiceThatCannotBeReachedIsThrownAtOnceEvenAfterAReading() {
        then(reading("RUNNING"));
        ApiFailure unreachable = then(new ApiFailure(0, "restore-service could not be reached"));

        assertThatThrownBy(() -> follow(LONG_ENOUGH)).isSameAs(unreachable);
        assertThat(api.calls).hasSize(2);
        assertThat(seen).hasSize(1);
    }

    @Test
    void whenTheTimeoutRunsOutTheLastReadingIsReturnedUnfinished() {
        then(reading("RUNNING"));

        JsonNode last = follow(Duration.ZERO);

        assertThat(last.path("status").asText()).isEqualTo("RUNNING");
        assertThat(seen).isNotEmpty().last().isSameAs(last);
    }

    @Test
    void aRecordThatNeverAppearsBeforeTheTimeoutGivesNoReading() {
        then(new ApiFailure(404, "no restore with id 'r1'"));

        assertThat(follow(Duration.ZERO)).isNull();
        assertThat(seen).isEmpty();
    }

    @Test
    void aReadingThatEndsTheWorkIsReturnedEvenWhenTheTimeoutHasRunOut() {
        JsonNode end = then(reading("FAILED"));

        assertThat(follow(Duration.ZERO)).isSameAs(end);
        assertThat(api.calls).hasSize(1);
    }

    @Test
    void anInterruptionWhileWaitingIsAFailureWithoutAStatusAndKeepsTheThreadInterrupted() {
        then(reading("RUNNING"));
        Polling polling = new Polling(api, Duration.ofMillis(1));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> follow(polling, LONG_ENOUGH))
                    .isInstanceOfSatisfying(ApiFailure.class, failure -> assertThat(failure.status()).isZero())
                    .hasMessage("interrupted while waiting");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(api.calls).hasSize(1);
        } finally {
            Thread.interrupted();
        }
    }

    /** Answers in the order given; the last one repeats. */

    /** The next reading of the restore Polling follows. */
    private <T> T then(T answer) {
        api.answer("GET", "/api/restores/r1", answer);
        return answer;
    }
}
