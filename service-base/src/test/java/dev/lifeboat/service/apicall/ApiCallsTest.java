package dev.lifeboat.service.apicall;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiCallsTest {

    @Test
    void aHostilePathIsRecordedAsAPrintableTextTheContractAccepts() {
        String nul = "/api/backups/\u0000x\ny";
        String long4ByteChars = "/api/" + "\uD83D\uDE00".repeat(2000);

        assertThat(ApiCalls.printable(nul)).isEqualTo("/api/backups/?x?y");
        String cut = ApiCalls.printable(long4ByteChars);
        assertThat(cut).endsWith("…").hasSizeLessThan(long4ByteChars.length());
        for (String path : new String[]{ApiCalls.printable(nul), cut}) {
            CloudEvent<ApiCallRecorded> event = CloudEvent.of("/lifeboat/backup-service", "c-1",
                    new ApiCallRecorded("backup-service", "anonymous", "POST", path, 400, null));
            assertThatCode(() -> new EventCodec().check(event)).doesNotThrowAnyException();
        }
        // unprintable, the record would be refused, and in the outbox it would hold up every event after it
        CloudEvent<ApiCallRecorded> raw = CloudEvent.of("/lifeboat/backup-service", "c-1",
                new ApiCallRecorded("backup-service", "anonymous", "POST", nul, 400, null));
        assertThatThrownBy(() -> new EventCodec().check(raw)).hasMessageContaining("NUL character");
    }
}
