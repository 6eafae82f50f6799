package dev.lifeboat.events.envelope;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.EventType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A Lifeboat event in its CloudEvents 1.0 envelope.
 *
 * @param id            unique per event
 * @param source        URI-reference of the producer, e.g. {@code /lifeboat/backup-service}
 * @param type          e.g. {@code dev.lifeboat.backup.completed.v1}
 * @param subject       the database id (also the Kafka record key)
 * @param time          when it happened
 * @param correlationId the {@code correlationid} extension: the id of the request that started the flow
 * @param data          the event's record
 */
public record CloudEvent<T extends EventData>(String id, String source, String type, String subject, Instant time,
                                              String correlationId, T data) {

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a fresh id, the type of its data, the data's database as subject, and the time now. */
    public static <T extends EventData> CloudEvent<T> of(String source, String correlationId, T data) {
        return new CloudEvent<>(UUID.randomUUID().toString(), source, EventType.of(data.getClass()).type(),
                data.databaseId(), Instant.now().truncatedTo(ChronoUnit.MILLIS), correlationId, data);
    }

    public EventType eventType() {
        return EventType.ofType(type).orElseThrow();
    }

    /**
     * This event, as one whose data is {@code dataClass}: what a consumer of a one-type topic (the request
     * topics) checks first.
     *
     * @throws InvalidEventException ({@code UNKNOWN_TYPE}, "<topic> carries only <type>, not <this type>") for any other data
     */
    @SuppressWarnings("unchecked")
    public <D extends EventData> CloudEvent<D> requireData(Class<D> dataClass) {
        if (!dataClass.isInstance(data)) {
            EventType expected = EventType.of(dataClass);
            throw new InvalidEventException(InvalidEventException.Problem.UNKNOWN_TYPE,
                    expected.topic() + " carries only " + expected.type() + ", not " + type);
        }
        return (CloudEvent<D>) this;
    }

    /** The data as the given record type. */
    public <D extends EventData> D dataAs(Class<D> dataClass) {
        return dataClass.cast(data);
    }
}
