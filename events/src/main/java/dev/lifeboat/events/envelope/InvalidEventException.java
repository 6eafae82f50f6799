package dev.lifeboat.events.envelope;

/**
 * A Kafka message that is not a valid Lifeboat event. The message says exactly what is wrong and
 * is safe to put in the dead-letter topic's {@code dead-letter-reason} header.
 */
public class InvalidEventException extends RuntimeException {

    /** What kind of wrong. */
    public enum Problem {
        /** The value is larger than {@link EventCodec#MAX_PAYLOAD_BYTES}. */
        OVERSIZED,
        /** Not JSON, or not a JSON object where one was expected. */
        MALFORMED_JSON,
        /** A CloudEvents attribute is missing or wrong (specversion, id, source, type, subject). */
        NOT_A_CLOUDEVENT,
        /** The {@code type} is not in the catalog. */
        UNKNOWN_TYPE,
        /** A required field of the data is absent or null. */
        MISSING_FIELD,
        /** A field has the wrong JSON type. */
        WRONG_TYPE,
        /** A field's value is not allowed (enum value, blank id, inconsistent fields). */
        INVALID_VALUE,
        /** A request that names no one who may ask: no valid bearer token and no valid service signature. */
        UNAUTHENTICATED,
        /** A request whose authenticated actor lacks the role its kind needs (the role the API asks for the same request). */
        FORBIDDEN
    }

    private final Problem problem;

    public InvalidEventException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
