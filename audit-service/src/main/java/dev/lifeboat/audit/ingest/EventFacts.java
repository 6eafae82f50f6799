package dev.lifeboat.audit.ingest;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupPurged;
import dev.lifeboat.events.backup.BackupUndeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.registry.DatabaseChange;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.data.Request;

/** What the audit log reads out of an event besides its envelope: who asked, and what went wrong. */
final class EventFacts {

    private EventFacts() {
    }

    /** Who asked, when the event names them; later events of a flow take the actor of its request. */
    static String actor(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof Request requested) {
            return requested.requestedBy();
        }
        if (data instanceof BackupDeleted deleted) {
            return deleted.deletedBy();
        }
        if (data instanceof BackupUndeleted undeleted) {
            return undeleted.undeletedBy();
        }
        if (data instanceof BackupPurged purged) {
            return purged.purgedBy();
        }
        if (data instanceof DatabaseChange change) {
            return change.changedBy();
        }
        if (data instanceof ApiCallRecorded call) {
            return call.actor();
        }
        return null;
    }

    /** The error or reason of a failure, or what retention did; null when the event has nothing to add. */
    static String detail(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof BackupFailed failed) {
            return failed.errorCode() + ": " + failed.message();
        }
        if (data instanceof RestoreFailed failed) {
            return failed.errorCode() + " at " + failed.step() + ": " + failed.message();
        }
        if (data instanceof RestoreRolledBack rolledBack) {
            return "rolled back at " + rolledBack.step() + ": " + rolledBack.reason();
        }
        if (data instanceof VerificationFailed failed) {
            return failed.check() + ": " + failed.details();
        }
        if (data instanceof NotificationFailed failed) {
            return failed.channel() + " after " + failed.attempts() + " attempts: " + failed.reason();
        }
        if (data instanceof BackupExpired expired) {
            return "retention policy " + expired.policy();
        }
        if (data instanceof BackupPurged purged && purged.requestedBy() != null) {
            return "asked first by " + purged.requestedBy() + ", approved by " + purged.purgedBy();
        }
        if (data instanceof ApiCallRecorded call) {
            return call.method() + " " + call.path() + " answered " + call.status() + (call.location() == null ? "" : ", " + call.location());
        }
        return null;
    }
}
