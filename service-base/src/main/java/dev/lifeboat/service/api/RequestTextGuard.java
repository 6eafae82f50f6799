package dev.lifeboat.service.api;

import dev.lifeboat.events.envelope.EventCodec;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL cannot store a NUL character (U+0000) in any text, so a request that carries one (in its
 * path, its query or anywhere in its JSON body, raw or as {@code \u0000}) is refused at once with a 400
 * {@link ApiError}: before, it was a 500, or a 202 whose request was then lost. A body over 1 MiB (the
 * contract's limit for one message, {@link EventCodec#MAX_PAYLOAD_BYTES}) is a 413 {@code TOO_LARGE} with the
 * same JSON body, read no further than the limit. Every service has this guard through service-base.
 */
@Provider
@PreMatching
public class RequestTextGuard implements ContainerRequestFilter, ReaderInterceptor {

    static final int MAX_BODY_BYTES = EventCodec.MAX_PAYLOAD_BYTES;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().indexOf('\0') >= 0) {
            throw refused("the path");
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0 || parameter.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0)) {
                throw refused("query parameter '" + parameter.getKey().replace('\0', '?') + "'");
            }
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new WebApplicationException(ApiError.response(413, "the request body is larger than "
                    + MAX_BODY_BYTES + " bytes, the most one request may carry"));
        }
        if (hasNul(body)) {
            throw refused("the request body");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** A raw 0 byte, or the JSON escape {@code \u0000} (not an escaped backslash followed by the text u0000). */
    static boolean hasNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return true;
            }
            if (body[i] == '\\' && i + 5 < body.length && body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0'
                    && body[i + 4] == '0' && body[i + 5] == '0') {
                return true;
            }
            if (body[i] == '\\') {
                i++;
            }
        }
        return false;
    }

    private static WebApplicationException refused(String where) {
        return new WebApplicationException(ApiError.response(400, where
                + " contains a NUL character (U+0000), which Lifeboat cannot store; remove it"));
    }
}
