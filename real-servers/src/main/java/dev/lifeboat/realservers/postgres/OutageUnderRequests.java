package dev.lifeboat.realservers.postgres;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * A service's own database down for {@link #LENGTH} under a stream of requests, as issue 50 asks of every service: a
 * request as the server stops and another every {@link #EVERY} while it stays down. Checked throughout: once the first
 * record reaches the service, the service holds records that wait for its database, and nothing is dead-lettered. The
 * server then starts again; what became of each request is the calling test's to check.
 */
public final class OutageUnderRequests {

    /** How long the database stays down: the length issue 50 names, past the 11 s after which records were once dead-lettered. */
    public static final Duration LENGTH = Duration.ofSeconds(60);
    /** The time between two requests while it is down. */
    public static final Duration EVERY = Duration.ofSeconds(12);
    /** The longest the first record may take to reach the service and wait. */
    private static final Duration FIRST_WAIT = Duration.ofSeconds(15);

    private OutageUnderRequests() {
    }

    /**
     * @param server      the service's own database server
     * @param request     sends one request and answers what names it (a request or backup id)
     * @param waiting     whether the service holds records that wait for its database (its consumer-retry gauge above 0)
     * @param deadLetters how many records the dead-letter topic holds
     * @return what each request sent answered, in the order sent
     */
    public static <T> List<T> hold(PostgresServer server, Supplier<T> request, BooleanSupplier waiting, IntSupplier deadLetters)
            throws Exception {
        int deadLettersBefore = deadLetters.getAsInt();
        List<T> sent = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try (AutoCloseable outage = server.outage()) {
            long downSince = System.nanoTime();
            sender.scheduleAtFixedRate(() -> {
                try {
                    sent.add(request.get());
                } catch (Throwable e) { // an assertion's Error too: the schedule stops, and the check below says why
                    failed.compareAndSet(null, e);
                    throw e;
                }
            }, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
            await("a record waits for the database").atMost(FIRST_WAIT).until(() -> sentWell(failed) && waiting.getAsBoolean());
            Duration left = LENGTH.minusNanos(System.nanoTime() - downSince);
            await("records wait and none is dead-lettered").during(left).atMost(left.plusSeconds(15)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> sentWell(failed) && waiting.getAsBoolean() && deadLetters.getAsInt() == deadLettersBefore);
            sender.shutdown();
            if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a request sent during the outage did not end in 30 s");
            }
        } finally {
            sender.shutdownNow();
        }
        sentWell(failed);
        if (sent.size() < LENGTH.dividedBy(EVERY)) {
            throw new IllegalStateException("only " + sent.size() + " requests were sent in the " + LENGTH.toSeconds() + " s outage");
        }
        return List.copyOf(sent);
    }

    /** True while every request went out; else throws what a request threw. */
    private static boolean sentWell(AtomicReference<Throwable> failed) {
        Throwable thrown = failed.get();
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (thrown != null) {
            throw new IllegalStateException("a request sent during the outage failed", thrown);
        }
        return true;
    }
}
