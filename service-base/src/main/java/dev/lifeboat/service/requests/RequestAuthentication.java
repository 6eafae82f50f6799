package dev.lifeboat.service.requests;

import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.InvalidEventException;
import dev.lifeboat.events.envelope.InvalidEventException.Problem;
import dev.lifeboat.service.api.RequestActor;
import io.quarkus.arc.Unremovable;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who asked for a request that came on Kafka, held to the API's rules: the user of the bearer token in the header
 * {@link Request#TOKEN_HEADER} (verified as the API verifies it: signature, issuer, audience; expiry as of
 * {@link RequestSettings#lateTokenGrace()} ago), who must have a role the request's kind needs ({@link RequestRoles}),
 * or a Lifeboat service that signed it ({@link ServiceSignature}), which vouches for the body's {@code requestedBy}.
 * Anything else is refused with an {@link InvalidEventException} that the channel dead-letters; the body's
 * {@code requestedBy} is never taken as who asked. No reason given names a token's content.
 */
@ApplicationScoped
@Unremovable
public class RequestAuthentication {

    private static final String BEARER = "Bearer ";

    private final RequestSettings settings;
    private final Instance<JWTParser> parser;
    private final Instance<JWTAuthContextInfo> context;
    private volatile JWTAuthContextInfo lateContext;
    private volatile JWTAuthContextInfo timelessContext;
    private volatile ServiceKeys services;

    /** Whether a token's expiry counts. */
    public enum Expiry {
        /** As a consumer checks it: expired more than {@link RequestSettings#lateTokenGrace()} ago is refused. */
        WITH_GRACE,
        /**
         * Not at all: as the audit reads a request, whenever it reads it (after its own outage, or again from the start), to
         * log who asked; whether the request was taken is its consumer's to say (a dead letter when it was not).
         */
        IGNORED
    }

    public RequestAuthentication(RequestSettings settings, Instance<JWTParser> parser, Instance<JWTAuthContextInfo> context) {
        this.settings = settings;
        this.parser = parser;
        this.context = context;
    }

    /**
     * The services' signing keys: the current one signs, it and the previous ones verify.
     *
     * @throws IllegalStateException when no key is set or one is unfit: the service must not start
     */
    public ServiceKeys keys() {
        ServiceKeys keys = services;
        if (keys == null) {
            keys = ServiceKeys.of(settings);
            services = keys;
        }
        return keys;
    }

    /**
     * @param event   a request, as decoded from {@code value}
     * @param headers the record's headers
     * @return the event, its {@code requestedBy} the authenticated actor
     * @throws InvalidEventException {@code UNAUTHENTICATED} or {@code FORBIDDEN}, saying why
     */
    public CloudEvent<?> authenticated(CloudEvent<?> event, Headers headers, byte[] value, Expiry expiry) {
        if (!(event.data() instanceof Request request)) {
            return event;
        }
        String signature = text(headers, ServiceSignature.HEADER);
        if (signature != null) {
            if (keys().verifies(event, value, signature)) {
                return event;
            }
            throw new InvalidEventException(Problem.UNAUTHENTICATED, "the " + ServiceSignature.HEADER + " header does not verify: "
                    + "no Lifeboat service of this installation signed this " + event.type());
        }
        String authorization = text(headers, Request.TOKEN_HEADER);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new InvalidEventException(Problem.UNAUTHENTICATED, "a " + event.type() + " on Kafka needs the header '"
                    + Request.TOKEN_HEADER + ": Bearer <token>' with a token the API takes; the body's requestedBy does not say who asked");
        }
        JsonWebToken token = verified(authorization.substring(BEARER.length()).strip(), expiry);
        String actor = token.getName();
        if (!RequestActor.recordable(actor)) {
            throw new InvalidEventException(Problem.UNAUTHENTICATED, RequestActor.UNRECORDABLE);
        }
        Set<String> needed = RequestRoles.of(request.getClass());
        Set<String> held = token.getGroups() == null ? Set.of() : token.getGroups();
        if (Collections.disjoint(needed, held)) {
            throw new InvalidEventException(Problem.FORBIDDEN, event.type() + " needs the role " + String.join(" or ",
                    new TreeSet<>(needed)) + ", as on the API; " + actor + " has " + (held.isEmpty() ? "none" : String.join(", ", new TreeSet<>(held))));
        }
        return new CloudEvent<>(event.id(), event.source(), event.type(), event.subject(), event.time(), event.correlationId(),
                request.requestedBy(actor));
    }

    private JsonWebToken verified(String token, Expiry expiry) {
        if (parser.isUnsatisfied() || context.isUnsatisfied()) {
            throw new InvalidEventException(Problem.UNAUTHENTICATED, "this service verifies no bearer tokens");
        }
        try {
            return parser.get().parse(token, expiry == Expiry.IGNORED ? timelessContext() : lateContext());
        } catch (ParseException e) {
            boolean expired = e.getCause() instanceof InvalidJwtException invalid && invalid.hasExpired();
            throw new InvalidEventException(Problem.UNAUTHENTICATED, expired
                    ? "the bearer token expired more than " + settings.lateTokenGrace() + " ago"
                    : "the bearer token was refused: its signature, issuer, audience or validity is not what the API takes");
        }
    }

    /** The API's token rules, with the expiry moved back by the grace a waiting request gets. */
    private JWTAuthContextInfo lateContext() {
        JWTAuthContextInfo late = lateContext;
        if (late == null) {
            long grace = settings.lateTokenGrace().toSeconds();
            if (grace < 0) {
                throw new IllegalStateException("lifeboat.requests.late-token-grace must not be negative");
            }
            late = skewedBy(grace);
            lateContext = late;
        }
        return late;
    }

    /** The API's token rules but for the expiry (a century of skew). */
    private JWTAuthContextInfo timelessContext() {
        JWTAuthContextInfo timeless = timelessContext;
        if (timeless == null) {
            timeless = skewedBy(100L * 365 * 24 * 3600);
            timelessContext = timeless;
        }
        return timeless;
    }

    private JWTAuthContextInfo skewedBy(long seconds) {
        JWTAuthContextInfo skewed = new JWTAuthContextInfo(context.get());
        skewed.setClockSkew((int) Math.min(Integer.MAX_VALUE, skewed.getClockSkew() + seconds));
        return skewed;
    }

    /** The last header named {@code key}, in any case (an HTTP habit: {@code Authorization}). */
    private static String text(Headers headers, String key) {
        String text = null;
        for (Header header : headers) {
            if (header.key().equalsIgnoreCase(key) && header.value() != null) {
                text = new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return text;
    }
}
