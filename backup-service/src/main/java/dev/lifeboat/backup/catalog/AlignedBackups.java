package dev.lifeboat.backup.catalog;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.RestorableWindow.AlignedBackup;
import dev.lifeboat.events.backup.BackupTrigger;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalogued backups aligned to the change stream (their manifest has a {@code streamLsn}) that a point-in-time
 * restore starts from: not the PRE_RESTORE safety backups, which restores skip unless asked for them.
 */
public final class AlignedBackups {

    private AlignedBackups() {
    }

    public static List<AlignedBackup> of(List<BackupEntry> entries) {
        List<AlignedBackup> aligned = new ArrayList<>();
        for (BackupEntry entry : entries) {
            BackupManifest manifest = ManifestJson.read(entry.manifest);
            if (manifest.streamLsn() != null && manifest.trigger() != BackupTrigger.PRE_RESTORE) {
                aligned.add(new AlignedBackup(manifest.backupId(), Lsn.parse(manifest.streamLsn()), manifest.completedAt()));
            }
        }
        return aligned;
    }
}
