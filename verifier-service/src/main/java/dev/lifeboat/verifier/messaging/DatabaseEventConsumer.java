package dev.lifeboat.verifier.messaging;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.registry.DatabaseChange;
import dev.lifeboat.service.messaging.ConsumerRetry;
import java.time.Clock;
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
    private final Clock clock;
    private final ConsumerRetry retry;

    public DatabaseEventConsumer(WatchedDatabases watched, Clock clock, ConsumerRetry retry) {
        this.watched = watched;
        this.clock = clock;
        this.retry = retry;
    }

    @Incoming("databases")
    public Uni<Void> consume(CloudEvent<?> event) {
        if (!(event.data() instanceof DatabaseChange change)) {
            return Uni.createFrom().voidItem();
        }
        return retry.retrying(change.registration() == null ? watched.forget(change.databaseId())
                : watched.register(change.databaseId(), change.registration().rpoSeconds(), clock.instant()));
    }
}
