package dev.lifeboat.outbox;

import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Which replica's relay publishes the outbox: the holder of the one row of {@code outbox_relay_lease}. Claiming
 * succeeds for the holder (a renewal) or when the lease has run out; so two replicas never publish the same pending
 * events side by side, and a dead replica's lease passes to another after {@link #TERM}. The term is longer than
 * any wait for Kafka between two renewals, so a holder that is only waiting never loses it.
 */
@Entity
@Table(name = "outbox_relay_lease")
public class RelayLease extends PanacheEntityBase {

    /** How long a claim holds without renewal. */
    static final Duration TERM = Duration.ofSeconds(20);

    @Id
    public short id;

    @Column(nullable = false)
    public String holder;

    @Column(nullable = false)
    public Instant until;

    /**
     * How long after a renewal the holder publishes without renewing again: an event's publication then ends at most this
     * plus a send's wait (10 s) after the renewal, well within the {@link #TERM}. A burst of events costs one renewal,
     * not one round trip to the database each.
     */
    static final Duration RENEWED_FOR = Duration.ofSeconds(5);

    /** One relay's claims on the lease. */
    static final class Claims {

        private final String holder = "relay-" + UUID.randomUUID();
        /** {@link System#nanoTime()} just before the last successful renewal; meaningful while {@link #held}. */
        private volatile long renewedAt;
        private volatile boolean held;

        /** @return whether this relay holds the lease now (renewed for another {@link #TERM} unless renewed just before) */
        boolean claim() {
            long asked = System.nanoTime();
            if (held && asked - renewedAt < RENEWED_FOR.toNanos()) {
                return true;
            }
            Instant now = Instant.now();
            Integer claimed = ReactiveSessions.await(() -> Panache.withTransaction(() -> RelayLease.update(
                    "holder = ?1, until = ?2 where id = 1 and (holder = ?1 or until < ?3)", holder, now.plus(TERM), now)));
            held = claimed != null && claimed == 1;
            renewedAt = asked;
            return held;
        }

        /** Lets another replica take over at once (on shutdown); gives up after a few seconds, the lease then runs out by itself. */
        void release() {
            held = false;
            ReactiveSessions.await(() -> Panache.withTransaction(() -> RelayLease.update(
                    "until = ?1 where id = 1 and holder = ?2", Instant.EPOCH, holder)).ifNoItem().after(Duration.ofSeconds(5)).fail());
        }
    }
}
