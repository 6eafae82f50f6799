package dev.lifeboat.cli.status;

import dev.lifeboat.cli.output.Human;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the services say of one database, and what puts it at risk: the decision of {@code lifeboat status}.
 *
 * @param rpo                 the recovery point objective the verifier holds it to (its own setting, else the registry's);
 *                            the registry's while the verifier does not know the database yet
 * @param lastBackupAt        when its newest backup completed, or null (none)
 * @param protectedUntil      the newest moment a restore brings back verified, as the verifier decides it
 *                            ({@code GET /api/protection/{id}}: its newest verified backup, or for point-in-time the change
 *                            archive checked after it), or null when none is verified
 * @param lastVerification    the newest verification's status (PASSED, FAILED, ...), or null
 * @param lastVerifiedCheckAt when that verification was decided, or null while it is pending
 * @param lastTest            the newest restore test's status (PASSED, FAILED, ERROR, RUNNING, ...), or null (never tested)
 * @param lastTestRestoreMs   the newest finished restore test's restore time (the measured RTO), or null
 * @param running             work under way (a restore, a restore test), empty when none
 * @param capture             its point-in-time capture, or null when it is not registered for point-in-time restore
 * @param lastBackupEncrypted whether its newest backup is encrypted; null when there is none or the answer does not say
 */
public record DatabaseFacts(String databaseId, Duration rpo, Instant nextBackupAt, Instant lastBackupAt, Long lastBackupBytes,
                            Instant protectedUntil, String lastVerification, Instant lastVerifiedCheckAt, String lastTest,
                            Instant lastTestAt, Long lastTestRestoreMs, List<String> running, Capture capture,
                            Boolean lastBackupEncrypted) {

    /** A database's facts whose newest backup's encryption is not known (none yet, or not said). */
    public DatabaseFacts(String databaseId, Duration rpo, Instant nextBackupAt, Instant lastBackupAt, Long lastBackupBytes,
                         Instant protectedUntil, String lastVerification, Instant lastVerifiedCheckAt, String lastTest,
                         Instant lastTestAt, Long lastTestRestoreMs, List<String> running, Capture capture) {
        this(databaseId, rpo, nextBackupAt, lastBackupAt, lastBackupBytes, protectedUntil, lastVerification, lastVerifiedCheckAt,
                lastTest, lastTestAt, lastTestRestoreMs, running, capture, null);
    }

    /**
     * What the backup service says of the capture ({@code GET /api/databases/{id}/point-in-time}).
     *
     * @param state RUNNING, STOPPED, WAITING
     * @param since when it stopped
     * @param why   its code and message when stopped
     * @param retainedWalLimitBytes the WAL its slot may keep before the database is at risk: the backup service's
     *              {@code lifeboat.capture.retained-wal-limit}, which the LifeboatCaptureRetainingWal alert holds it to too
     */
    public record Capture(String state, Instant since, String why, Long retainedWalBytes, Long retainedWalLimitBytes) {
    }

    /** Why the database is not protected now, most urgent first; empty when it is. */
    public List<String> risks(Instant now) {
        List<String> risks = new ArrayList<>();
        if (lastBackupAt == null) {
            risks.add("no backup yet");
        } else if (protectedUntil == null) {
            risks.add("no verified backup yet");
        } else if (rpoAge(now).compareTo(rpo) > 0) {
            risks.add("RPO exceeded: the newest verified moment is " + Human.duration(rpoAge(now))
                    + " old, the RPO is " + Human.duration(rpo));
        }
        if ("FAILED".equals(lastVerification)) {
            risks.add("the last verification failed");
        }
        if (lastTest == null) {
            risks.add("never restore-tested: a backup never restored is a hope (lifeboat restore-test " + databaseId + ")");
        } else if (lastTest.equals("FAILED") || lastTest.equals("ERROR")) {
            risks.add("the last restore test " + (lastTest.equals("FAILED") ? "failed" : "could not run"));
        }
        if (capture != null && "STOPPED".equals(capture.state())) {
            risks.add("point-in-time capture stopped " + (capture.since() == null ? "" : Human.age(capture.since(), now) + " ")
                    + "(" + capture.why() + "): no second since is restorable, and the server keeps WAL for its slot");
        }
        if (capture != null && capture.retainedWalBytes() != null && capture.retainedWalLimitBytes() != null
                && capture.retainedWalBytes() > capture.retainedWalLimitBytes()) {
            risks.add("the point-in-time capture's slot keeps " + Human.size(capture.retainedWalBytes())
                    + " of WAL on the server (more than its limit, " + Human.size(capture.retainedWalLimitBytes()) + ")");
        }
        return risks;
    }

    /**
     * What the operator should know though it puts nothing at risk now: a newest backup stored unencrypted (its backup
     * service runs without an active key, which outside the local stack it does only when told to).
     */
    public List<String> notices() {
        return Boolean.FALSE.equals(lastBackupEncrypted)
                ? List.of("its newest backup is stored unencrypted: the backup service has no active encryption key "
                + "(lifeboat.encryption.required=false); anyone who can read the bucket can read the data")
                : List.of();
    }

    /** The age of the newest verified moment: the data a restore would lose now. */
    public Duration rpoAge(Instant now) {
        return protectedUntil == null ? null : Duration.between(protectedUntil, now);
    }
}
