package dev.lifeboat.service.reactive;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * A service's own tables (Hibernate Reactive) from a worker thread, which may block: the work runs on a
 * Vert.x context and is awaited. Never call it on an event-loop thread.
 */
public final class ReactiveSessions {

    private ReactiveSessions() {
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
