package dev.lifeboat.backup.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One schedule slot of one database that has fired; its primary key makes a slot fire once across replicas. */
@Entity
@Table(name = "schedule_firing")
@IdClass(ScheduleFiring.Slot.class)
public class ScheduleFiring extends PanacheEntityBase {

    @Id
    @Column(name = "database_id")
    public String databaseId;

    @Id
    @Column(name = "fire_at")
    public Instant fireAt;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    /** The composite key. */
    public static class Slot implements Serializable {
        public String databaseId;
        public Instant fireAt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Slot slot && Objects.equals(databaseId, slot.databaseId) && Objects.equals(fireAt, slot.fireAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(databaseId, fireAt);
        }
    }
}
