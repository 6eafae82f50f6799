package dev.lifeboat.events.verification;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

/** A check passed; {@code backupId} is absent for database-wide checks such as {@code FRESHNESS}. */
public record VerificationPassed(String verificationId, String databaseId, @OptionalField String backupId,
                                 VerificationCheck check, String details) implements EventData {
}
