package dev.lifeboat.events.data;

/**
 * The data of a request (what a request topic carries): it asks Lifeboat to do something on someone's behalf. Who
 * that is comes from how the request was authenticated, never from the body: a consumer replaces {@link #requestedBy()}
 * with the authenticated actor ({@link #requestedBy(String)}) before anything records it.
 */
public interface Request extends EventData {

    /**
     * The Kafka header with which another system authenticates a request: {@code Bearer <token>}, a token the API takes,
     * whose user needs the role the API asks for the same request. Never kept in a dead letter.
     */
    String TOKEN_HEADER = "authorization";

    /** The Kafka header with which Lifeboat's own services sign the requests they send each other (HMAC-SHA256, Base64). */
    String SERVICE_SIGNATURE_HEADER = "lifeboat-service-signature";

    /** The person or system that asked, as the request names it. */
    String requestedBy();

    /** This request, asked by {@code actor}. */
    Request requestedBy(String actor);
}
