package dev.lifeboat.verifier.api;

import dev.lifeboat.verifier.freshness.Protection;

import java.time.Instant;

/**
 * One database's protection as the API shows it ({@link Protection}): its state, the RPO (ISO-8601) it is held to, the
 * newest moment a restore can bring back verified, how old that is in seconds, and what protects it.
 */
public record ProtectionView(String databaseId, String state, String rpo, Instant protectedUntil, long ageSeconds, String by,
                             String newestVerifiedBackupId, Instant newestVerifiedAt, Instant archiveVerifiedUntil,
                             String archiveFailure, Instant breachSince) {

    static ProtectionView of(Protection protection) {
        return new ProtectionView(protection.databaseId(), protection.state().name(), protection.rpo().toString(),
                protection.protectedUntil(), protection.age().toSeconds(), protection.by().name(), protection.newestVerifiedBackupId(),
                protection.newestVerifiedAt(), protection.archiveVerifiedUntil(), protection.archiveFailure(), protection.breachSince());
    }
}
