package dev.lifeboat.restore.registry;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.registry.DatabaseChange;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * This service's view of the registry: each registration, change and removal published on
 * {@code lifeboat.databases} is applied in the order the topic holds them (they are keyed by database id).
 * Applying an event twice leaves the same state.
 */
@ApplicationScoped
public class KnownDatabases {

    /** Stores what the change leaves: the registration, or none when the database was removed. */
    public Uni<Void> apply(DatabaseChange change, CloudEvent<?> event) {
        return change.registration() == null
                ? Panache.withTransaction(() -> KnownDatabase.deleteById(change.databaseId())).replaceWithVoid()
                : store(change.databaseId(), change.registration(), event);
    }

    /** The registration of a database id, if this service has heard of it (blocking: worker threads only). */
    public Optional<KnownDatabase> find(String databaseId) {
        return Optional.ofNullable(ReactiveSessions.await(() -> Panache.withSession(() -> KnownDatabase.<KnownDatabase>findById(databaseId))));
    }

    /**
     * The registration of a D1 database, if {@code databaseId} is one: where each path of this service chooses the engine,
     * from the registration (blocking: worker threads only).
     */
    public Optional<KnownDatabase> d1(String databaseId) {
        return find(databaseId).filter(known -> known.engine == Engine.D1);
    }

    /** Every registered database this service knows (blocking: worker threads only). */
    public List<KnownDatabase> all() {
        return ReactiveSessions.await(() -> Panache.withSession(() -> KnownDatabase.<KnownDatabase>listAll(Sort.by("id"))));
    }

    private static Uni<Void> store(String databaseId, DatabaseRegistration registration, CloudEvent<?> event) {
        return Panache.withTransaction(() -> KnownDatabase.<KnownDatabase>findById(databaseId).flatMap(existing -> {
            KnownDatabase row = existing == null ? new KnownDatabase() : existing;
            row.id = databaseId;
            row.host = registration.host();
            row.port = registration.port();
            row.databaseName = registration.databaseName();
            row.username = registration.username();
            row.credentialRef = registration.credentialRef();
            row.restoreUsername = registration.restore() == null ? null : registration.restore().username();
            row.restoreCredentialRef = registration.restore() == null ? null : registration.restore().credentialRef();
            row.tlsMode = registration.tls() == null ? null : registration.tls().sslmode();
            row.tlsCaRef = registration.tls() == null ? null : registration.tls().caRef();
            row.restoreWithoutSafetyBackup = Boolean.TRUE.equals(registration.restoreWithoutSafetyBackup());
            row.engine = registration.engineKind();
            row.d1AccountId = registration.d1() == null ? null : registration.d1().accountId();
            row.d1DatabaseId = registration.d1() == null ? null : registration.d1().databaseId();
            row.d1LocalFolder = registration.d1() == null ? null : registration.d1().localFolder();
            row.updatedAt = event.time();
            return row.persist().replaceWithVoid();
        }));
    }
}
