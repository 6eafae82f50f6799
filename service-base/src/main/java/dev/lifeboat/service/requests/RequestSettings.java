package dev.lifeboat.service.requests;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How requests that come on Kafka are authenticated, set under {@code lifeboat.requests.*}. A request from another
 * system carries a bearer token (the API's); a request one of Lifeboat's services publishes for another (a safety
 * backup before a restore, a scheduled backup) carries the services' signature instead.
 */
@ConfigMapping(prefix = "lifeboat.requests")
public interface RequestSettings {

    /**
     * The key with which Lifeboat's services sign the requests they publish and check those they consume: at least 32
     * random bytes, Base64-encoded, the same in every service ({@code LIFEBOAT_REQUESTS_SIGNING_KEY}). No default: a
     * service that consumes requests does not start without it.
     */
    Optional<String> signingKey();

    /**
     * Keys the services signed with before {@link #signingKey()}, still taken (never used to sign) while the requests in
     * flight during a rotation drain: Base64, comma-separated ({@code LIFEBOAT_REQUESTS_PREVIOUS_SIGNING_KEYS}); none by default.
     */
    Optional<List<String>> previousSigningKeys();

    /**
     * How long after its token expired a request on Kafka is still taken: a request waits out an outage of its consumer
     * this long (the token was valid when it was sent); an older one is dead-lettered as unauthenticated.
     */
    @WithDefault("24h")
    Duration lateTokenGrace();
}
