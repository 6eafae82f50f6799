package dev.lifeboat.changes.segment;

import java.time.Instant;

/**
 * Left in the change archive by the restore service just before it swaps a captured database in place: the capture
 * that then finds its slot on the database set aside names the restore in its gap, and the backup the gap requests is
 * an {@code AFTER_RESTORE} one.
 *
 * @param asideDatabase the name the live database is renamed to ({@code <db>_pre_restore_<time>})
 * @param backupId      the backup restored
 */
public record InPlaceRestore(String databaseId, String restoreId, String backupId, String asideDatabase, Instant at) {
}
