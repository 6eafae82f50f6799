package dev.lifeboat.service.apicall;

import dev.lifeboat.events.apicall.ApiCallRecorded;

/**
 * Where a service sends the record of an API call ({@link ApiCalls} makes them): the outbox in services that have
 * one, Kafka directly in the audit service. Called on the thread that answered: it must not block.
 */
public interface ApiCallRecorder {

    /** @param correlationId the flow the call started (its {@code Location}'s id), or an id of its own */
    void record(String correlationId, ApiCallRecorded call);
}
