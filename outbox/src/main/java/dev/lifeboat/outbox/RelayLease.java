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

    /** One relay's claims on the lease. */
    static final class Claims {

        private final String holder = "relay-" + UUID.randomUUID();

        /** @return whether this relay holds the lease now (renewed for another {@link #TERM}) */
        boolean claim() {
            Instant now = Instant.now();
            Integer claimed = ReactiveSessions.await(() -> Panache.withTransaction(() -> RelayLease.update(
                    "holder = ?1, until = ?2 where id = 1 and (holder = ?1 or until < ?3)", holder, now.plus(TERM), now)));
            return claimed != null && claimed == 1;
        }

        /** Lets another replica take over at once (on shutdown); gives up after a few seconds, the lease then runs out by itself. */
        void release() {
            ReactiveSessions.await(() -> Panache.withTransaction(() -> RelayLease.update(
                    "until = ?1 where id = 1 and holder = ?2", Instant.EPOCH, holder)).ifNoItem().after(Duration.ofSeconds(5)).fail());
        }
    }
}
