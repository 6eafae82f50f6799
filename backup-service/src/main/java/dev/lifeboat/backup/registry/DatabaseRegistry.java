package dev.lifeboat.backup.registry;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** The registered databases: find, register, change and remove them. */
@ApplicationScoped
public class DatabaseRegistry {

    public Uni<RegisteredDatabase> find(String id) {
        return Panache.withSession(() -> RegisteredDatabase.findById(id));
    }

    public Uni<List<RegisteredDatabase>> all() {
        return Panache.withSession(() -> RegisteredDatabase.listAll(io.quarkus.panache.common.Sort.by("id")));
    }

    /** @return false when the id is taken */
    public Uni<Boolean> register(DatabaseSettings settings, RegisteredDatabase.DeclaredIn declaredIn) {
        return Panache.withTransaction(() -> RegisteredDatabase.<RegisteredDatabase>findById(settings.id())
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(false);
                    }
                    RegisteredDatabase row = new RegisteredDatabase();
                    row.id = settings.id();
                    row.declaredIn = declaredIn;
                    row.createdAt = Instant.now();
                    settings.applyTo(row);
                    return row.persist().replaceWith(true);
                }));
    }

    /** Replaces the settings of a registered database; null when there is none. */
    public Uni<RegisteredDatabase> update(DatabaseSettings settings) {
        return Panache.withTransaction(() -> RegisteredDatabase.<RegisteredDatabase>findById(settings.id())
                .map(existing -> {
                    if (existing != null) {
                        settings.applyTo(existing);
                    }
                    return existing;
                }));
    }

    /** Makes the configuration's declaration the registration, whatever it was before. */
    public Uni<Void> declare(DatabaseSettings settings) {
        return Panache.withTransaction(() -> RegisteredDatabase.<RegisteredDatabase>findById(settings.id())
                .flatMap(existing -> {
                    RegisteredDatabase row = existing == null ? new RegisteredDatabase() : existing;
                    if (existing == null) {
                        row.id = settings.id();
                        row.createdAt = Instant.now();
                    }
                    row.declaredIn = RegisteredDatabase.DeclaredIn.CONFIG;
                    settings.applyTo(row);
                    return row.persist().replaceWithVoid();
                }));
    }

    public Uni<Boolean> remove(String id) {
        return Panache.withTransaction(() -> RegisteredDatabase.deleteById(id));
    }
}
