package dev.lifeboat.notifier.routing;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.registry.DatabaseChange;
import dev.lifeboat.events.registry.DatabaseRegistration;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * The labels the registry gives each database (team, tier), kept from {@code lifeboat.databases}, so a rule that
 * matches on labels needs no copy of them in this service's configuration.
 */
@ApplicationScoped
public class RegistryLabels {

    /** Stores the labels a registration, change or removal leaves; any other event changes nothing. */
    public Uni<Void> apply(CloudEvent<?> event) {
        if (!(event.data() instanceof DatabaseChange change)) {
            return Uni.createFrom().voidItem();
        }
        return change.registration() == null
                ? Panache.withTransaction(() -> RegisteredLabels.deleteById(change.databaseId())).replaceWithVoid()
                : store(change.databaseId(), change.registration(), event);
    }

    /** The registry's labels of a database; none when it is not registered. Inside the caller's session. */
    public Uni<Map<String, String>> of(String databaseId) {
        return RegisteredLabels.<RegisteredLabels>findById(databaseId).map(row -> row == null ? Map.of() : row.labels);
    }

    private static Uni<Void> store(String databaseId, DatabaseRegistration registration, CloudEvent<?> event) {
        return Panache.withTransaction(() -> RegisteredLabels.<RegisteredLabels>findById(databaseId).flatMap(existing -> {
            RegisteredLabels row = existing == null ? new RegisteredLabels() : existing;
            row.databaseId = databaseId;
            row.labels = registration.labels();
            row.updatedAt = event.time();
            return row.persist().replaceWithVoid();
        }));
    }
}
