package dev.lifeboat.audit.entry;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcomes that depend on the event's data; the one-per-type outcomes are checked end to end by ActivityIngestTest. */
class OutcomeTest {

    private static Outcome of(EventData data) {
        return Outcome.of(CloudEvent.of("/test", "flow-1", data));
    }

    private static Outcome ofCall(int status) {
        return of(new ApiCallRecorded("shop", "alice", "POST", "/api/restores", status, null));
    }

    @Test
    void aRestoreTestSucceedsOrFailsAsItPassedOrNot() {
        assertThat(of(new RestoreTestCompleted("rt-1", "shop", "bk-1", "reports/rt-1.md", 7_400, 3_600, true, null)))
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(of(new RestoreTestCompleted("rt-2", "shop", "bk-1", "reports/rt-2.md", 7_400, 3_600, false, null)))
                .isEqualTo(Outcome.FAILED);
    }

    @Test
    void anApiCallIsRefusedFor401Or403FailedForAnyOtherErrorAndSucceededBelow400() {
        assertThat(ofCall(401)).isEqualTo(Outcome.REFUSED);
        assertThat(ofCall(403)).isEqualTo(Outcome.REFUSED);
        assertThat(ofCall(400)).isEqualTo(Outcome.FAILED);
        assertThat(ofCall(404)).isEqualTo(Outcome.FAILED);
        assertThat(ofCall(500)).isEqualTo(Outcome.FAILED);
        assertThat(ofCall(399)).isEqualTo(Outcome.SUCCEEDED);
        assertThat(ofCall(204)).isEqualTo(Outcome.SUCCEEDED);
    }
}
