package dev.lifeboat.events.verification;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

/** A check failed; {@code details} says what (e.g. the missing object key, the table whose count differs). */
public record VerificationFailed(String verificationId, String databaseId, @OptionalField String backupId,
                                 VerificationCheck check, String details) implements EventData {
}
