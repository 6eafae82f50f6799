package dev.lifeboat.notifier.restoretest;

import dev.lifeboat.events.EventType;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Each database's newest restore test ({@link RestoreTestSeen}), kept from the {@code RestoreTestCompleted} events received. */
@ApplicationScoped
public class NewestRestoreTests {

    /** Part of receiving an event (its transaction): a restore test's result becomes the database's newest. */
    public Uni<Void> remember(CloudEvent<?> event) {
        if (event.eventType() != EventType.RESTORE_TEST_COMPLETED) {
            return Uni.createFrom().voidItem();
        }
        RestoreTestCompleted test = event.dataAs(RestoreTestCompleted.class);
        return RestoreTestSeen.<RestoreTestSeen>findById(test.databaseId()).chain(existing -> {
            if (existing != null && existing.testedAt.isAfter(event.time())) {
                return Uni.createFrom().voidItem();
            }
            RestoreTestSeen seen = existing != null ? existing : new RestoreTestSeen();
            seen.databaseId = test.databaseId();
            seen.testId = test.testId();
            seen.passed = test.passed();
            seen.reportKey = test.reportKey();
            seen.restoreDurationMs = test.restoreDurationMs();
            seen.backupAgeSeconds = test.backupAgeSeconds();
            seen.testedAt = event.time();
            return seen.persist().replaceWithVoid();
        });
    }
}
