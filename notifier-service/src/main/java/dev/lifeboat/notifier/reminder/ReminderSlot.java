package dev.lifeboat.notifier.reminder;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A reminder slot that has fired; its key makes it fire once. */
@Entity
@Table(name = "reminder_slot")
public class ReminderSlot extends PanacheEntityBase {

    @Id
    public Instant slot;

    @Column(name = "fired_at", nullable = false)
    public Instant firedAt;
}
