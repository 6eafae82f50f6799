package dev.lifeboat.backup.messaging;

import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * Reads {@code lifeboat.verification.events} for what the verifier found of each backup, into the catalog: its archive read
 * back whole ({@code VerificationPassed ARCHIVE}), or a check of it failed ({@code VerificationFailed} CHECKSUM, ARCHIVE
 * or RESTORE_TEST), and its copy in the second bucket made ({@code VerificationPassed SECOND_COPY}). Retention and deletes
 * keep a database's newest good backup by it. Every other event is acknowledged
 * and ignored.
 */
@ApplicationScoped
public class VerificationEventConsumer {

    /** The failures that make a backup unusable: its bytes, its archive, or its restore. */
    private static final Set<VerificationCheck> FAILING = Set.of(VerificationCheck.CHECKSUM, VerificationCheck.ARCHIVE,
            VerificationCheck.RESTORE_TEST);

    private final BackupCatalog catalog;
    private final ConsumerRetry retry;

    public VerificationEventConsumer(BackupCatalog catalog, ConsumerRetry retry) {
        this.catalog = catalog;
        this.retry = retry;
    }

    @Incoming("verification-events")
    public Uni<Void> consume(CloudEvent<?> event) {
        if (event.data() instanceof VerificationPassed passed && passed.backupId() != null && passed.check() == VerificationCheck.ARCHIVE) {
            return retry.retrying(catalog.recordVerification(passed.backupId(), true, event.time())).replaceWithVoid();
        }
        if (event.data() instanceof VerificationPassed copied && copied.backupId() != null && copied.check() == VerificationCheck.SECOND_COPY) {
            return retry.retrying(catalog.recordCopy(copied.backupId(), event.time())).replaceWithVoid();
        }
        if (event.data() instanceof VerificationFailed failed && failed.backupId() != null && FAILING.contains(failed.check())) {
            return retry.retrying(catalog.recordVerification(failed.backupId(), false, event.time())).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
