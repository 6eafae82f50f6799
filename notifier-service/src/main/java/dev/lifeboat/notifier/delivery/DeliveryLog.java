package dev.lifeboat.notifier.delivery;

import dev.lifeboat.service.api.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What was, is being, or could not be delivered: the API's view of the {@code delivery} table. */
@ApplicationScoped
public class DeliveryLog {

    private final Clock clock;

    public DeliveryLog(Clock clock) {
        this.clock = clock;
    }

    /** One page, newest first, and how many match; each filter may be null. */
    public Uni<Page<Delivery>> newest(Delivery.Status status, String databaseId, String channel, String eventId, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (status != null) {
            where.add("status = :status");
            parameters.put("status", status);
        }
        if (databaseId != null) {
            where.add("databaseId = :databaseId");
            parameters.put("databaseId", databaseId);
        }
        if (channel != null) {
            where.add("channel = :channel");
            parameters.put("channel", channel);
        }
        if (eventId != null) {
            where.add("eventId = :eventId");
            parameters.put("eventId", eventId);
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by createdAt desc, id";
        return Panache.withSession(() -> {
            var found = Delivery.<Delivery>find(query, parameters);
            return found.page(page, size).list().flatMap(rows -> found.count().map(total -> new Page<>(rows, page, size, total)));
        });
    }

    public Uni<Delivery> find(String id) {
        return Panache.withSession(() -> Delivery.findById(id));
    }

    /** A failed delivery is tried again from its first attempt (after its channel was mended); false when it is not FAILED. */
    public Uni<Boolean> retry(String id) {
        return Panache.withTransaction(() -> Delivery.update(
                        "status = ?1, attempts = 0, nextAttemptAt = ?2, announced = false where id = ?3 and status = ?4",
                        Delivery.Status.PENDING, clock.instant(), id, Delivery.Status.FAILED))
                .map(updated -> updated == 1);
    }

    public Uni<Long> pending() {
        return Panache.withSession(() -> Delivery.count("status", Delivery.Status.PENDING));
    }
}
