package dev.lifeboat.notifier.message;

import dev.lifeboat.events.EventType;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;

import java.time.Instant;

/** Events in their envelope, with fixed ids and time, for the message tests. */
final class SampleEvents {

    static final String EVENT_ID = "evt-1";
    static final String SOURCE = "/lifeboat/test";
    static final String CORRELATION_ID = "corr-1";
    static final Instant TIME = Instant.parse("2024-05-01T10:00:05Z");

    private SampleEvents() {
    }

    static <T extends EventData> CloudEvent<T> event(T data) {
        return new CloudEvent<>(EVENT_ID, SOURCE, EventType.of(data.getClass()).type(), data.databaseId(), TIME, CORRELATION_ID, data);
    }
}
