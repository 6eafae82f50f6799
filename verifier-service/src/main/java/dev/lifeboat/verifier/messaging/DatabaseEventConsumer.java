package dev.lifeboat.verifier.messaging;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.registry.DatabaseRegistered;
import dev.lifeboat.events.registry.DatabaseRemoved;
import dev.lifeboat.events.registry.DatabaseUpdated;
import dev.lifeboat.service.messaging.ConsumerRetry;
import dev.lifeboat.verifier.clock.VerifierClock;
import dev.lifeboat.verifier.freshness.WatchedDatabases;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code lifeboat.databases} from its start: a registered database is watched from its registration on, with
 * the registry's RPO (so one never backed up breaches its RPO too); a removed one is no longer watched.
 */
@ApplicationScoped
public class DatabaseEventConsumer {

    private final WatchedDatabases watched;
    private final VerifierClock clock;
    private final ConsumerRetry retry;

    public DatabaseEventConsumer(WatchedDatabases watched, VerifierClock clock, ConsumerRetry retry) {
        this.watched = watched;
        this.clock = clock;
        this.retry = retry;
    }

    @Incoming("databases")
    public Uni<Void> consume(CloudEvent<?> event) {
        Uni<Void> effect;
        if (event.data() instanceof DatabaseRegistered registered) {
            effect = watched.register(registered.databaseId(), registered.registration().rpoSeconds(), clock.now());
        } else if (event.data() instanceof DatabaseUpdated updated) {
            effect = watched.register(updated.databaseId(), updated.registration().rpoSeconds(), clock.now());
        } else if (event.data() instanceof DatabaseRemoved removed) {
            effect = watched.forget(removed.databaseId());
        } else {
            return Uni.createFrom().voidItem();
        }
        return retry.retrying(effect);
    }
}
