package dev.lifeboat.restore.run;

import dev.lifeboat.restore.intake.RestorePlan;
import dev.lifeboat.restore.source.BackupObjects;
import dev.lifeboat.restore.source.PointInTimeRestore;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.restore.target.TargetServer;

import java.util.Set;

/**
 * What RESOLVE_SOURCE found: the target server, the plan, the backup and its key, and for TABLES the tables.
 *
 * @param chosenBecause why this backup: {@link dev.lifeboat.restore.source.BackupSelection.Choice#reason()}
 * @param key           the archive's key, read once from its reference; null when the backup is not encrypted
 * @param tables        TABLES: the tables restored (with their dependents and partitions); null for a whole database
 * @param replay        POINT_IN_TIME that the change archive reaches: its REPLAY; null when the backup is restored as it is
 * @param from          the bucket the backup is read from
 * @param copyBecause   when {@code from} is the second bucket's copy: the primary's failure; else null
 */
public record ResolvedSource(TargetServer server, RestorePlan plan, BackupManifest manifest, String chosenBecause, ArchiveEncryption key,
                      Set<String> tables, PointInTimeRestore replay, BackupObjects from, String copyBecause) {

    /** The RESOLVE_SOURCE step's details: which backup, and why. */
    public String describe() {
        return "backup " + manifest.backupId() + " (" + manifest.trigger() + ", completed " + manifest.completedAt() + ", "
                + manifest.sizeBytes() + " bytes): " + chosenBecause + (tables == null ? "" : "; tables " + String.join(", ", tables))
                + (copyBecause == null ? "" : "; read from the second bucket's copy (" + from.bucketName() + "), as " + copyBecause);
    }
}
