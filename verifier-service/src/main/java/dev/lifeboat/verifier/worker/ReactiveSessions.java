package dev.lifeboat.verifier.worker;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/** This service's own tables (Hibernate Reactive) from its worker threads, which may block: the work runs on a Vert.x context and is awaited. */
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
