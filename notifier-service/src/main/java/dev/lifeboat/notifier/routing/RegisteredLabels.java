package dev.lifeboat.notifier.routing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** A registered database's labels as {@code lifeboat.databases} last gave them. */
@Entity
@Table(name = "registered_labels")
public class RegisteredLabels extends PanacheEntityBase {

    @Id
    @Column(name = "database_id")
    public String databaseId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> labels = Map.of();

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
