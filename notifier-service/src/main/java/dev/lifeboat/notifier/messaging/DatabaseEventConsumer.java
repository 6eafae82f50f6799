package dev.lifeboat.notifier.messaging;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.notifier.routing.RegistryLabels;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads {@code lifeboat.databases} from its start: each registered database's labels, for rules that match on labels. */
@ApplicationScoped
public class DatabaseEventConsumer {

    private final RegistryLabels labels;
    private final ConsumerRetry retry;

    public DatabaseEventConsumer(RegistryLabels labels, ConsumerRetry retry) {
        this.labels = labels;
        this.retry = retry;
    }

    @Incoming("databases")
    public Uni<Void> consume(CloudEvent<?> event) {
        return retry.retrying(labels.apply(event));
    }
}
