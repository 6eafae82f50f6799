package dev.lifeboat.audit.entry;

import dev.lifeboat.events.EventType;
import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.RestoreTestCompleted;

/** What a logged message says happened, in one word an auditor can filter on. */
public enum Outcome {
    REQUESTED,
    STARTED,
    SUCCEEDED,
    FAILED,
    ROLLED_BACK,
    /** A message on a Lifeboat topic that is not a valid Lifeboat event: logged with the reason, not acted on. */
    REJECTED,
    /** A message a consumer sent to {@code lifeboat.dead-letter}, with its reason. */
    DEAD_LETTERED,
    /** The log's own retention removed its oldest rows. */
    PRUNED,
    /** An API call refused for its token (401) or its roles (403). */
    REFUSED;

    public static Outcome of(CloudEvent<?> event) {
        EventType type = event.eventType();
        switch (type) {
            case BACKUP_REQUESTED:
            case RESTORE_REQUESTED:
                return REQUESTED;
            case BACKUP_STARTED:
            case RESTORE_STARTED:
                return STARTED;
            case BACKUP_FAILED:
            case RESTORE_FAILED:
            case VERIFICATION_FAILED:
            case NOTIFICATION_FAILED:
            case CAPTURE_STOPPED:
            case CAPTURE_RETAINING_WAL:
                return FAILED;
            case RESTORE_ROLLED_BACK:
                return ROLLED_BACK;
            case RESTORE_TEST_COMPLETED:
                return ((RestoreTestCompleted) event.data()).passed() ? SUCCEEDED : FAILED;
            case API_CALL_RECORDED:
                ApiCallRecorded call = (ApiCallRecorded) event.data();
                return call.refused() ? REFUSED : call.status() >= 400 ? FAILED : SUCCEEDED;
            default:
                return SUCCEEDED;
        }
    }
}
