package dev.lifeboat.restore.source;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.TreeMap;

/**
 * Chooses the backup a restore reads, from the bucket (the source of truth): a backup id, the latest,
 * or the newest backup completed at or before a point in time. A backup is there when its manifest is
 * (the manifest is written last). This is a choice among backups, not WAL replay. LATEST and POINT_IN_TIME
 * skip the PRE_RESTORE safety backups unless asked: after an in-place restore, the newest backup is the
 * damaged data it replaced, which is rarely what "the latest" means.
 */
@ApplicationScoped
public class BackupSelection {

    private static final Logger LOG = Logger.getLogger(BackupSelection.class);

    private final BackupObjects objects;

    public BackupSelection(BackupObjects objects) {
        this.objects = objects;
    }

    /**
     * The choice among the primary bucket's backups; when the primary cannot give one (it does not answer, or has no such
     * backup, or its manifest is unreadable) and a second bucket is configured, among the second bucket's copies.
     */
    public Choice choose(String databaseId, RestoreSource source) throws RestoreFailure {
        try {
            return choose(databaseId, source, objects.manifestKeys(databaseId), key -> read(objects, key)).from(objects, null);
        } catch (RestoreFailure primary) {
            Optional<BackupObjects> copy = objects.copyAfter(primary);
            if (copy.isEmpty()) {
                throw primary;
            }
            if (source.kind() == RestoreSource.Kind.BACKUP_ID && "NO_BACKUP".equals(primary.code())
                    && objects.deleted(databaseId, source.backupId())) {
                throw new RestoreFailure(primary.step(), "NO_BACKUP", "backup " + source.backupId() + " of " + databaseId + " is deleted "
                        + "(kept until it is purged): undelete it first (lifeboat undelete) to restore it");
            }
            try {
                Choice choice = choose(databaseId, source, copy.get().manifestKeys(databaseId), key -> read(copy.get(), key));
                if (source.kind() != RestoreSource.Kind.BACKUP_ID && "STORAGE_FAILED".equals(primary.code())) {
                    choice = new Choice(choice.manifest(), choice.reason() + " in the second bucket (the primary did not answer and "
                            + "may hold a newer one)");
                }
                LOG.warnf("Database %s: %s; reading backup %s from the second bucket's copy", databaseId, primary.getMessage(),
                        choice.manifest().backupId());
                return choice.from(copy.get(), primary.asReasonToReadTheCopy());
            } catch (RestoreFailure second) {
                throw primary.withCopyAnswer(second);
            }
        }
    }

    /**
     * The backup chosen, and why: what a person reads to know which data the restore brings back.
     *
     * @param reason    e.g. {@code the newest completed backup, skipping 1 newer PRE_RESTORE safety backup (…)}
     * @param from      the bucket its manifest was read from, which the restore reads its archive from
     * @param copyBecause when {@code from} is the second bucket: the primary's failure that made the restore read the copy
     */
    public record Choice(BackupManifest manifest, String reason, BackupObjects from, String copyBecause) {

        Choice(BackupManifest manifest, String reason) {
            this(manifest, reason, null, null);
        }

        Choice from(BackupObjects bucket, String because) {
            return new Choice(manifest, reason, bucket, because);
        }
    }

    /** Reads one manifest; an unreadable one is a BAD_MANIFEST failure. */
    @FunctionalInterface
    interface ManifestReader {
        BackupManifest read(String key) throws RestoreFailure;
    }

    /**
     * The choice itself, over a database's manifest keys, reading only the manifests it needs (no I/O of its own).
     *
     * @param manifestKeys the keys of every {@code manifest.json} of the database, in any order
     */
    static Choice choose(String databaseId, RestoreSource source, List<String> manifestKeys, ManifestReader manifests)
            throws RestoreFailure {
        if (source.kind() == RestoreSource.Kind.BACKUP_ID) {
            for (String key : manifestKeys) {
                if (ArchiveLayout.backupIdOf(key).orElseThrow().equals(source.backupId())) {
                    return new Choice(manifests.read(key), "the backup asked for by id");
                }
            }
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NO_BACKUP",
                    "database " + databaseId + " has no backup with id '" + source.backupId() + "'");
        }
        Newest newest = newest(databaseId, source, manifestKeys, manifests, manifest -> true);
        boolean pointInTime = source.kind() == RestoreSource.Kind.POINT_IN_TIME;
        if (newest.best() == null) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NO_BACKUP", "database " + databaseId + " has no backup"
                    + (pointInTime ? " completed at or before " + source.pointInTime() : "") + newest.skippedNote());
        }
        return new Choice(newest.best(), (pointInTime ? "the newest backup completed at or before " + source.pointInTime()
                : "the newest completed backup") + newest.skippedNote());
    }

    /**
     * POINT_IN_TIME replayed from the change archive: the newest backup aligned to the change stream (its manifest has a
     * {@code streamLsn}) completed at or before the moment.
     */
    public Choice chooseAligned(String databaseId, RestoreSource source, BackupObjects from) throws RestoreFailure {
        Newest newest = newest(databaseId, source, from.manifestKeys(databaseId), key -> read(from, key),
                manifest -> manifest.streamLsn() != null);
        if (newest.best() == null) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NOT_RESTORABLE_TO_THE_SECOND", "database " + databaseId
                    + " has no backup aligned to its change stream completed at or before " + source.pointInTime()
                    + ": replay starts from one (every backup taken while its role may replicate is aligned)" + newest.skippedNote());
        }
        return new Choice(newest.best(), "the newest backup aligned to the change stream completed at or before "
                + source.pointInTime() + newest.skippedNote(), from, null);
    }

    /**
     * @param best    the newest eligible backup, or null
     * @param skipped the PRE_RESTORE safety backups newer than it, skipped
     */
    private record Newest(BackupManifest best, long skipped) {
        String skippedNote() {
            return skipped == 0 ? "" : ", skipping " + skipped + " newer PRE_RESTORE safety backup" + (skipped == 1 ? "" : "s")
                    + " (taken before a restore replaced the live database; to restore one, ask with source.includeSafetyBackups: true)";
        }
    }

    /**
     * Reads manifests a day folder at a time, newest first (for a point in time, from its day back), and
     * stops one day after the day that held a match: a backup filed under an earlier day (its start)
     * could only complete later if it ran for more than a day.
     */
    private static Newest newest(String databaseId, RestoreSource source, List<String> manifestKeys, ManifestReader manifests,
                                 Predicate<BackupManifest> eligible) {
        String lastDay = source.kind() == RestoreSource.Kind.POINT_IN_TIME ? ArchiveLayout.day(source.pointInTime()) : "9999/99/99";
        TreeMap<String, List<String>> byDay = new TreeMap<>(Comparator.reverseOrder());
        for (String key : manifestKeys) {
            String day = ArchiveLayout.dayOf(key, databaseId);
            if (day.compareTo(lastDay) <= 0) {
                byDay.computeIfAbsent(day, ignored -> new ArrayList<>()).add(key);
            }
        }
        BackupManifest best = null;
        List<Instant> skipped = new ArrayList<>();
        boolean oneMoreDay = false;
        for (List<String> keys : byDay.values()) {
            for (String key : keys) {
                Optional<BackupManifest> manifest = readQuietly(key, manifests).filter(read -> inTime(read, source) && eligible.test(read));
                if (manifest.isEmpty()) {
                    continue;
                }
                if (manifest.get().trigger() == BackupTrigger.PRE_RESTORE && !source.safetyBackupsIncluded()) {
                    skipped.add(manifest.get().completedAt());
                } else if (best == null || manifest.get().completedAt().isAfter(best.completedAt())) {
                    best = manifest.get();
                }
            }
            if (oneMoreDay) {
                break;
            }
            oneMoreDay = best != null;
        }
        Instant after = best == null ? Instant.MIN : best.completedAt();
        return new Newest(best, skipped.stream().filter(at -> at.isAfter(after)).count());
    }

    private static boolean inTime(BackupManifest manifest, RestoreSource source) {
        return source.kind() != RestoreSource.Kind.POINT_IN_TIME || !manifest.completedAt().isAfter(source.pointInTime());
    }

    private static BackupManifest read(BackupObjects bucket, String key) throws RestoreFailure {
        try {
            return ManifestJson.read(bucket.text(key));
        } catch (IllegalArgumentException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "BAD_MANIFEST", key + " is not a valid manifest: " + e.getMessage());
        }
    }

    /** While choosing the newest, an unreadable manifest is skipped (and logged), not fatal. */
    private static Optional<BackupManifest> readQuietly(String key, ManifestReader manifests) {
        try {
            return Optional.of(manifests.read(key));
        } catch (RestoreFailure e) {
            LOG.warnf("Skipping %s: %s", key, e.getMessage());
            return Optional.empty();
        }
    }
}
