package dev.lifeboat.restore.api;

import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.RestoreStepRecord;
import dev.lifeboat.service.api.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The restores as the API shows them, read from the restore journal. */
@ApplicationScoped
public class RestoreViews {

    /** One restore with its steps, or null. */
    public Uni<RestoreView> view(String restoreId) {
        return Panache.withSession(() -> RestoreRequestRecord.<RestoreRequestRecord>findById(restoreId)
                .flatMap(row -> row == null ? Uni.createFrom().<RestoreView>nullItem()
                        : RestoreStepRecord.<RestoreStepRecord>list("restoreId = ?1 order by id", restoreId)
                        .map(steps -> RestoreView.of(row, steps))));
    }

    /** One page of restores, newest first, optionally of one database and in one status, and how many match. */
    public Uni<Page<RestoreView>> list(String databaseId, String status, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (databaseId != null && !databaseId.isBlank()) {
            query.append(" and databaseId = :databaseId");
            parameters.put("databaseId", databaseId);
        }
        if (status != null && !status.isBlank()) {
            query.append(" and status = :status");
            parameters.put("status", status);
        }
        return Panache.withSession(() -> {
            var found = RestoreRequestRecord.<RestoreRequestRecord>find(query + " order by receivedAt desc", parameters);
            return found.page(page, size).list().flatMap(rows -> found.count().map(total -> new Page<>(
                    rows.stream().map(row -> RestoreView.of(row, List.of())).toList(), page, size, total)));
        });
    }
}
