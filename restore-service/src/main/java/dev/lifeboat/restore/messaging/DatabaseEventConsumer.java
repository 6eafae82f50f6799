package dev.lifeboat.restore.messaging;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.registry.DatabaseChange;
import dev.lifeboat.restore.metrics.RestoreMetrics;
import dev.lifeboat.restore.registry.KnownDatabases;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code lifeboat.databases} from its start: every database registered with the backup service becomes a
 * restore target, with no configuration here; a change or a removal follows it.
 */
@ApplicationScoped
public class DatabaseEventConsumer {

    private final KnownDatabases registry;
    private final RestoreMetrics metrics;
    private final ConsumerRetry retry;

    public DatabaseEventConsumer(KnownDatabases registry, RestoreMetrics metrics, ConsumerRetry retry) {
        this.registry = registry;
        this.metrics = metrics;
        this.retry = retry;
    }

    @Incoming("databases")
    public Uni<Void> consume(CloudEvent<?> event) {
        if (!(event.data() instanceof DatabaseChange change)) {
            return Uni.createFrom().voidItem();
        }
        return retry.retrying(registry.apply(change, event)).invoke(() -> {
            if (change.registration() != null) {
                metrics.target(change.databaseId());
            }
        });
    }
}
