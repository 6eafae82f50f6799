package dev.lifeboat.notifier.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when this service's schema exists and every migration in it succeeded. */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements AsyncHealthCheck {

    private final Pool pool;
    private final String schema;

    public SchemaReadinessCheck(Pool pool, @ConfigProperty(name = "quarkus.flyway.schemas") String schema) {
        this.pool = pool;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        var response = HealthCheckResponse.named("database schema").withData("schema", schema);
        return pool.query("SELECT count(*) FILTER (WHERE success) AS applied, count(*) FILTER (WHERE NOT success) AS failed"
                        + " FROM \"" + schema + "\".flyway_schema_history")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long applied = row.getLong("applied");
                    long failed = row.getLong("failed");
                    var result = response.withData("migrations", applied).withData("failedMigrations", failed);
                    return (applied > 0 && failed == 0 ? result.up() : result.down()).build();
                })
                .onFailure().recoverWithItem(e -> response.down().withData("error", e.getMessage()).build());
    }
}
