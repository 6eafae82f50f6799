package dev.lifeboat.service.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RequestTextGuardTest {

    private static final String NUL_REFUSED = " contains a NUL character (U+0000), which Lifeboat cannot store; remove it";

    private final RequestTextGuard guard = new RequestTextGuard();

    private static boolean hasNul(String body) {
        return RequestTextGuard.hasNul(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRawZeroByteOrTheJsonEscapeOfNulIsANul() {
        assertThat(RequestTextGuard.hasNul(new byte[]{'{', '"', 'a', '"', ':', '"', 0, '"', '}'})).isTrue();
        assertThat(hasNul("{\"a\":\"x\\u0000y\"}")).isTrue();
        assertThat(hasNul("\\u0000")).as("the escape filling the whole body").isTrue();
        assertThat(hasNul("\\\\\\u0000")).as("an escaped backslash, then the escape").isTrue();
    }

    @Test
    void anEscapedBackslashBeforeTheTextU0000OtherEscapesAndACutOffEscapeAreNoNul() {
        assertThat(hasNul("{\"path\":\"C:\\\\u0000\"}")).isFalse();
        assertThat(hasNul("u0000")).isFalse();
        assertThat(hasNul("{\"a\":\"\\u0001\\u00e9\\n\"}")).isFalse();
        assertThat(hasNul("\"\\u000")).isFalse();
        assertThat(hasNul("")).isFalse();
    }

    @Test
    void aRequestWithoutNulPassesTheFilter() {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.add("databaseId", "shop");
        query.add("tag", "a");
        query.add("tag", "b");
        assertThatCode(() -> guard.filter(request("/api/databases/shop", query))).doesNotThrowAnyException();
    }

    @Test
    void aNulInThePathIsRefusedWith400() {
        WebApplicationException refused = catchThrowableOfType(WebApplicationException.class,
                () -> guard.filter(request("/api/databases/sh\0op", new MultivaluedHashMap<>())));
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(refused.getResponse().getEntity()).isEqualTo(new ApiError("the path" + NUL_REFUSED, "INVALID_REQUEST"));
    }

    @Test
    void aNulInAnyValueOrTheNameOfAQueryParameterIsRefusedNamingTheParameter() {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.add("tag", "a");
        query.add("tag", "b\0c");
        WebApplicationException refused = catchThrowableOfType(WebApplicationException.class,
                () -> guard.filter(request("/api/backups", query)));
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(refused.getResponse().getEntity()).isEqualTo(new ApiError("query parameter 'tag'" + NUL_REFUSED, "INVALID_REQUEST"));

        MultivaluedHashMap<String, String> badName = new MultivaluedHashMap<>();
        badName.add("ta\0g", "a");
        WebApplicationException nameRefused = catchThrowableOfType(WebApplicationException.class,
                () -> guard.filter(request("/api/backups", badName)));
        assertThat(nameRefused.getResponse().getEntity())
                .as("the NUL is shown as a question mark").isEqualTo(new ApiError("query parameter 'ta?g'" + NUL_REFUSED, "INVALID_REQUEST"));
    }

    @Test
    void aBodyOfExactlyTheLimitIsPassedOnUnchanged() throws Exception {
        assertThat(RequestTextGuard.MAX_BODY_BYTES).isEqualTo(1024 * 1024);
        byte[] bytes = new byte[1024 * 1024];
        Arrays.fill(bytes, (byte) 'a');
        Body body = new Body(bytes);
        assertThat(guard.aroundReadFrom(body.context())).isEqualTo("a".repeat(1024 * 1024));
        assertThat(body.proceeded).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413ReadNoFurtherThanOneByteOverIt() {
        byte[] bytes = new byte[2 * 1024 * 1024];
        Arrays.fill(bytes, (byte) 'a');
        Body body = new Body(bytes);
        WebApplicationException refused = catchThrowableOfType(WebApplicationException.class, () -> guard.aroundReadFrom(body.context()));
        assertThat(refused.getResponse().getStatus()).isEqualTo(413);
        assertThat(refused.getResponse().getEntity()).isEqualTo(new ApiError(
                "the request body is larger than 1048576 bytes, the most one request may carry", "TOO_LARGE"));
        assertThat(body.proceeded).isZero();
        assertThat(body.original.available()).isEqualTo(2 * 1024 * 1024 - (1024 * 1024 + 1));
    }

    @Test
    void aBodyWithANulEscapeIsRefusedWith400AndNotPassedOn() {
        Body body = new Body("{\"databaseId\":\"shop\\u0000\"}".getBytes(StandardCharsets.UTF_8));
        WebApplicationException refused = catchThrowableOfType(WebApplicationException.class, () -> guard.aroundReadFrom(body.context()));
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(refused.getResponse().getEntity()).isEqualTo(new ApiError("the request body" + NUL_REFUSED, "INVALID_REQUEST"));
        assertThat(body.proceeded).isZero();
    }

    private static ContainerRequestContext request(String path, MultivaluedMap<String, String> query) {
        UriInfo uri = proxy(UriInfo.class, (method, args) -> switch (method.getName()) {
            case "getPath" -> path;
            case "getQueryParameters" -> query;
            default -> throw new UnsupportedOperationException(method.getName());
        });
        return proxy(ContainerRequestContext.class, (method, args) -> {
            if (method.getName().equals("getUriInfo")) {
                return uri;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    /** A request body as the guard sees it: the stream it reads, and what the next reader gets once it proceeds. */
    private static final class Body {

        final ByteArrayInputStream original;
        InputStream current;
        int proceeded;

        Body(byte[] bytes) {
            original = new ByteArrayInputStream(bytes);
            current = original;
        }

        ReaderInterceptorContext context() {
            return proxy(ReaderInterceptorContext.class, (method, args) -> switch (method.getName()) {
                case "getInputStream" -> current;
                case "setInputStream" -> {
                    current = (InputStream) args[0];
                    yield null;
                }
                case "proceed" -> {
                    proceeded++;
                    yield new String(current.readAllBytes(), StandardCharsets.UTF_8);
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });
        }
    }

    private interface Answer {
        Object answer(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(RequestTextGuardTest.class.getClassLoader(), new Class<?>[]{type},
                (self, method, args) -> answer.answer(method, args)));
    }
}
