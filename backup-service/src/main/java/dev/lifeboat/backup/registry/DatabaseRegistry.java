package dev.lifeboat.backup.registry;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.registry.DatabaseRegistered;
import dev.lifeboat.events.registry.DatabaseRemoved;
import dev.lifeboat.events.registry.DatabaseUpdated;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.outbox.OutboxRelay;
import dev.lifeboat.service.api.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The registered databases: find, register, change and remove them. Every change is published on
 * {@code lifeboat.databases} in the same transaction (the outbox), so every service's view of the registry
 * follows it and the audit log records who changed what.
 */
@ApplicationScoped
public class DatabaseRegistry {

    /** Who changes the registry at start-up: configuration, and the announcement of older registrations. */
    public static final String CONFIGURATION = "configuration";

    private final Outbox outbox;
    private final OutboxRelay relay;

    public DatabaseRegistry(Outbox outbox, OutboxRelay relay) {
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<RegisteredDatabase> find(String id) {
        return Panache.withSession(() -> RegisteredDatabase.findById(id));
    }

    public Uni<List<RegisteredDatabase>> all() {
        return Panache.withSession(() -> RegisteredDatabase.listAll(Sort.by("id")));
    }

    /** The registered databases' ids, in order. */
    public Uni<List<String>> ids() {
        return all().map(databases -> databases.stream().map(database -> database.id).toList());
    }

    /** One page of the registered databases, by id, and how many there are. */
    public Uni<Page<RegisteredDatabase>> list(int page, int size) {
        return Panache.withSession(() -> {
            var all = RegisteredDatabase.<RegisteredDatabase>findAll(Sort.by("id"));
            return all.page(page, size).list().flatMap(rows -> all.count().map(total -> new Page<>(rows, page, size, total)));
        });
    }

    /** @return false when the id is taken */
    public Uni<Boolean> register(DatabaseSettings settings, RegisteredDatabase.DeclaredIn declaredIn, String actor) {
        return Panache.withTransaction(() -> RegisteredDatabase.<RegisteredDatabase>findById(settings.id())
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(false);
                    }
                    RegisteredDatabase row = created(settings, declaredIn);
                    return row.persist().chain(() -> announce(row, new DatabaseRegistered(row.id, Registrations.of(row), actor)))
                            .replaceWith(true);
                }))
                .invoke(relay::publishSoon);
    }

    /** Replaces the settings of a registered database; null when there is none. */
    public Uni<RegisteredDatabase> update(DatabaseSettings settings, String actor) {
        return Panache.withTransaction(() -> RegisteredDatabase.<RegisteredDatabase>findById(settings.id())
                .flatMap(existing -> {
                    if (existing == null) {
                        return Uni.createFrom().nullItem();
                    }
                    settings.applyTo(existing);
                    return announce(existing, new DatabaseUpdated(existing.id, Registrations.of(existing), actor)).replaceWith(existing);
                }))
                .invoke(relay::publishSoon);
    }

    /** Makes the configuration's declaration the registration, whatever it was before; published only when it changed. */
    public Uni<Void> declare(DatabaseSettings settings) {
        return Panache.withTransaction(() -> RegisteredDatabase.<RegisteredDatabase>findById(settings.id())
                .flatMap(existing -> {
                    if (existing == null) {
                        RegisteredDatabase row = created(settings, RegisteredDatabase.DeclaredIn.CONFIG);
                        return row.persist().chain(() -> announce(row, new DatabaseRegistered(row.id, Registrations.of(row), CONFIGURATION)));
                    }
                    var before = Registrations.of(existing);
                    existing.declaredIn = RegisteredDatabase.DeclaredIn.CONFIG;
                    settings.applyTo(existing);
                    var after = Registrations.of(existing);
                    return after.equals(before) && existing.announcedAt != null ? Uni.createFrom().voidItem()
                            : announce(existing, new DatabaseUpdated(existing.id, after, CONFIGURATION));
                }))
                .invoke(relay::publishSoon);
    }

    /** @return false when there was no such database */
    public Uni<Boolean> remove(String id, String actor) {
        return Panache.withTransaction(() -> RegisteredDatabase.deleteById(id)
                .flatMap(removed -> removed
                        ? outbox.add(outbox.event(UUID.randomUUID().toString(), new DatabaseRemoved(id, actor))).replaceWith(true)
                        : Uni.createFrom().item(false)))
                .invoke(relay::publishSoon);
    }

    /**
     * Publishes every registration never published (registered before the registry was published), so the other
     * services learn of databases registered by an older version.
     *
     * @return how many were announced
     */
    public Uni<Integer> announceUnannounced() {
        return Panache.withTransaction(() -> RegisteredDatabase.<RegisteredDatabase>list("announcedAt is null", Sort.by("id"))
                .flatMap(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (RegisteredDatabase row : rows) {
                        all = all.chain(() -> announce(row, new DatabaseRegistered(row.id, Registrations.of(row), CONFIGURATION)));
                    }
                    return all.replaceWith(rows.size());
                }))
                .invoke(relay::publishSoon);
    }

    private static RegisteredDatabase created(DatabaseSettings settings, RegisteredDatabase.DeclaredIn declaredIn) {
        RegisteredDatabase row = new RegisteredDatabase();
        row.id = settings.id();
        row.declaredIn = declaredIn;
        row.createdAt = Instant.now();
        settings.applyTo(row);
        return row;
    }

    /** Inside the caller's transaction: the event in the outbox, and the row marked as published. */
    private Uni<Void> announce(RegisteredDatabase row, EventData change) {
        row.announcedAt = Instant.now();
        return outbox.add(outbox.event(UUID.randomUUID().toString(), change));
    }
}
