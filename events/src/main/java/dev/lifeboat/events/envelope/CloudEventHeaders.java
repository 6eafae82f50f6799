package dev.lifeboat.events.envelope;

/** CloudEvents 1.0 Kafka protocol binding, binary mode: the attributes as record headers. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** The Lifeboat extension: id of the request that started the flow. */
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String CONTENT_TYPE = "content-type";

    /** The value of {@code ce_specversion}. */
    public static final String VERSION_1_0 = "1.0";
    /** Binary mode: the value is the event's data as JSON. */
    public static final String JSON = "application/json";
    /** Structured mode: the value is the whole CloudEvent as JSON. */
    public static final String STRUCTURED_JSON = "application/cloudevents+json";

    private CloudEventHeaders() {
    }
}
