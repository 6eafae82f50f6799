package dev.lifeboat.verifier.freshness;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static dev.lifeboat.service.reactive.ReactiveSessions.await;

/** The databases the verifier watches: every registered database, and every database a backup was completed of. */
@ApplicationScoped
public class WatchedDatabases {

    /** Watches a database from its first backup on (a database already watched is left as it is). */
    public Uni<Void> watch(String databaseId, Instant now) {
        return Panache.withTransaction(() -> WatchedDatabase.<WatchedDatabase>findById(databaseId)
                .onItem().ifNull().switchTo(() -> {
                    WatchedDatabase row = new WatchedDatabase();
                    row.databaseId = databaseId;
                    row.firstSeenAt = now;
                    return row.persist();
                })
                .replaceWithVoid());
    }

    /** A registration or its change: watched from now on (if not already), with the registry's RPO. */
    public Uni<Void> register(String databaseId, long rpoSeconds, Instant now) {
        return Panache.withTransaction(() -> WatchedDatabase.<WatchedDatabase>findById(databaseId)
                .onItem().ifNull().switchTo(() -> {
                    WatchedDatabase row = new WatchedDatabase();
                    row.databaseId = databaseId;
                    row.firstSeenAt = now;
                    return row.persist();
                })
                .invoke(row -> row.rpoSeconds = rpoSeconds)
                .replaceWithVoid());
    }

    /** A database removed from the registry is no longer watched. */
    public Uni<Void> forget(String databaseId) {
        return Panache.withTransaction(() -> WatchedDatabase.deleteById(databaseId)).replaceWithVoid();
    }

    public Uni<WatchedDatabase> find(String databaseId) {
        return Panache.withSession(() -> WatchedDatabase.findById(databaseId));
    }

    /** The ids of every watched database: the registered ones, and any whose backups were seen. */
    public Uni<List<String>> ids() {
        return Panache.withSession(() -> WatchedDatabase.<WatchedDatabase>listAll())
                .map(databases -> databases.stream().map(database -> database.databaseId).sorted().toList());
    }

    // --- blocking, for the scheduled tasks ---------------------------------------------------

    public List<WatchedDatabase> all() {
        return await(() -> Panache.withSession(() -> WatchedDatabase.<WatchedDatabase>listAll()));
    }

    /** The watched database, or null when it is not watched. */
    public WatchedDatabase one(String databaseId) {
        return await(() -> find(databaseId));
    }

    public void update(String databaseId, Consumer<WatchedDatabase> change) {
        await(() -> Panache.withTransaction(() -> WatchedDatabase.<WatchedDatabase>findById(databaseId).invoke(change).replaceWithVoid()));
    }
}
