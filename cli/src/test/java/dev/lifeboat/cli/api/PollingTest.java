package dev.lifeboat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG_ENOUGH = Duration.ofMinutes(1);

    private final ScriptedApi api = new ScriptedApi();
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
        JsonNode first = api.then(reading("RUNNING"));
        JsonNode second = api.then(reading("RUNNING"));
        JsonNode end = api.then(reading("COMPLETED"));

        assertThat(follow(LONG_ENOUGH)).isSameAs(end);
        assertThat(seen).containsExactly(first, second, end);
        assertThat(api.calls).containsExactly("RESTORE /api/restores/r1", "RESTORE /api/restores/r1", "RESTORE /api/restores/r1");
    }

    @Test
    void aRecordNotThereYetRightAfterTheRequestIsWaitedOut() {
        api.then(new ApiFailure(404, "no restore with id 'r1'"));
        api.then(new ApiFailure(404, "no restore with id 'r1'"));
        JsonNode end = api.then(reading("COMPLETED"));

        assertThat(follow(LONG_ENOUGH)).isSameAs(end);
        assertThat(seen).containsExactly(end);
        assertThat(api.calls).hasSize(3);
    }

    @Test
    void aRefusalOtherThanNotFoundIsThrownAtOnce() {
        ApiFailure refused = api.then(new ApiFailure(500, "restore-service answered 500"));

        assertThatThrownBy(() -> follow(LONG_ENOUGH)).isSameAs(refused);
        assertThat(api.calls).hasSize(1);
        assertThat(seen).isEmpty();
    }

    @Test
    void aServiceThatCannotBeReachedIsThrownAtOnceEvenAfterAReading() {
        api.then(reading("RUNNING"));
        ApiFailure unreachable = api.then(new ApiFailure(0, "restore-service could not be reached"));

        assertThatThrownBy(() -> follow(LONG_ENOUGH)).isSameAs(unreachable);
        assertThat(api.calls).hasSize(2);
        assertThat(seen).hasSize(1);
    }

    @Test
    void whenTheTimeoutRunsOutTheLastReadingIsReturnedUnfinished() {
        api.then(reading("RUNNING"));

        JsonNode last = follow(Duration.ZERO);

        assertThat(last.path("status").asText()).isEqualTo("RUNNING");
        assertThat(seen).isNotEmpty().last().isSameAs(last);
    }

    @Test
    void aRecordThatNeverAppearsBeforeTheTimeoutGivesNoReading() {
        api.then(new ApiFailure(404, "no restore with id 'r1'"));

        assertThat(follow(Duration.ZERO)).isNull();
        assertThat(seen).isEmpty();
    }

    @Test
    void aReadingThatEndsTheWorkIsReturnedEvenWhenTheTimeoutHasRunOut() {
        JsonNode end = api.then(reading("FAILED"));

        assertThat(follow(Duration.ZERO)).isSameAs(end);
        assertThat(api.calls).hasSize(1);
    }

    @Test
    void anInterruptionWhileWaitingIsAFailureWithoutAStatusAndKeepsTheThreadInterrupted() {
        api.then(reading("RUNNING"));
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
    private static final class ScriptedApi implements LifeboatApi {

        private final Deque<Object> answers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();

        <T> T then(T answer) {
            answers.add(answer);
            return answer;
        }

        @Override
        public JsonNode get(Service service, String pathAndQuery) {
            calls.add(service + " " + pathAndQuery);
            Object answer = answers.size() > 1 ? answers.poll() : answers.peek();
            if (answer instanceof ApiFailure failure) {
                throw failure;
            }
            return (JsonNode) answer;
        }

        @Override
        public JsonNode post(Service service, String path, JsonNode body) {
            throw new UnsupportedOperationException("polling only reads");
        }
    }
}
