package dev.lifeboat.restore.source;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The choice of backup among a database's manifests, over an in-memory bucket that records what was read. */
class BackupSelectionTest {

    private static final String DATABASE = "shop";

    private final Map<String, BackupManifest> stored = new LinkedHashMap<>();
    private final Set<String> unreadable = new HashSet<>();
    private final List<String> read = new ArrayList<>();

    @Test
    void aBackupIdChoosesThatBackupAndReadsOnlyItsManifest() throws RestoreFailure {
        store("b1", "2026-03-01T01:00:00Z", "2026-03-01T01:10:00Z");
        String wanted = store("b2", "2026-03-02T01:00:00Z", "2026-03-02T01:10:00Z");
        store("b3", "2026-03-03T01:00:00Z", "2026-03-03T01:10:00Z");

        BackupManifest chosen = choose(new RestoreSource(RestoreSource.Kind.BACKUP_ID, "b2", null));

        assertThat(chosen.backupId()).isEqualTo("b2");
        assertThat(read).containsExactly(wanted);
    }

    @Test
    void anUnknownBackupIdIsNoBackupAndReadsNothing() {
        store("b1", "2026-03-01T01:00:00Z", "2026-03-01T01:10:00Z");

        RestoreFailure failure = failureOf(new RestoreSource(RestoreSource.Kind.BACKUP_ID, "nope", null));

        assertThat(failure.step()).isEqualTo(RestoreStep.RESOLVE_SOURCE);
        assertThat(failure.code()).isEqualTo("NO_BACKUP");
        assertThat(failure.getMessage()).isEqualTo("database shop has no backup with id 'nope'");
        assertThat(read).isEmpty();
    }

    @Test
    void aBackupIdWhoseManifestIsUnreadableFailsRatherThanChoosingAnother() {
        store("b1", "2026-03-01T01:00:00Z", "2026-03-01T01:10:00Z");
        unreadable.add(store("b2", "2026-03-02T01:00:00Z", "2026-03-02T01:10:00Z"));

        RestoreFailure failure = failureOf(new RestoreSource(RestoreSource.Kind.BACKUP_ID, "b2", null));

        assertThat(failure.code()).isEqualTo("BAD_MANIFEST");
    }

    @Test
    void latestIsTheBackupThatCompletedLastEvenWhenItStartedTheDayBefore() throws RestoreFailure {
        store("early", "2026-03-10T00:10:00Z", "2026-03-10T00:20:00Z");
        store("long", "2026-03-09T23:50:00Z", "2026-03-10T00:30:00Z");
        store("older", "2026-03-09T01:00:00Z", "2026-03-09T01:10:00Z");

        assertThat(choose(latest()).backupId()).isEqualTo("long");
    }

    @Test
    void latestReadsTheNewestDayWithABackupAndOneDayMoreOnly() throws RestoreFailure {
        String newest = store("d10", "2026-03-10T01:00:00Z", "2026-03-10T01:10:00Z");
        String dayBefore = store("d09", "2026-03-09T01:00:00Z", "2026-03-09T01:10:00Z");
        store("d08", "2026-03-08T01:00:00Z", "2026-03-08T01:10:00Z");
        store("d07", "2026-03-07T01:00:00Z", "2026-03-07T01:10:00Z");

        assertThat(choose(latest()).backupId()).isEqualTo("d10");
        assertThat(read).containsExactly(newest, dayBefore);
    }

    @Test
    void latestSkipsAnUnreadableManifestAndChoosesTheNewestReadableOne() throws RestoreFailure {
        unreadable.add(store("broken", "2026-03-10T01:00:00Z", "2026-03-10T01:10:00Z"));
        store("good", "2026-03-09T01:00:00Z", "2026-03-09T01:10:00Z");

        assertThat(choose(latest()).backupId()).isEqualTo("good");
    }

    @Test
    void latestOfADatabaseWithoutBackupsIsNoBackup() {
        RestoreFailure failure = failureOf(latest());

        assertThat(failure.code()).isEqualTo("NO_BACKUP");
        assertThat(failure.getMessage()).isEqualTo("database shop has no backup");
    }

    @Test
    void aPointInTimeChoosesTheNewestBackupCompletedAtOrBeforeIt() throws RestoreFailure {
        store("ten", "2026-03-10T09:55:00Z", "2026-03-10T10:00:00Z");
        store("noon", "2026-03-10T11:55:00Z", "2026-03-10T12:00:00Z");
        store("two", "2026-03-10T13:55:00Z", "2026-03-10T14:00:00Z");

        assertThat(choose(pointInTime("2026-03-10T12:00:00Z")).backupId()).isEqualTo("noon");
        assertThat(choose(pointInTime("2026-03-10T11:59:59Z")).backupId()).isEqualTo("ten");
        assertThat(choose(pointInTime("2026-03-11T00:00:00Z")).backupId()).isEqualTo("two");
    }

    @Test
    void aPointInTimeNeverReadsTheDaysAfterIt() throws RestoreFailure {
        String sameDay = store("same", "2026-03-10T01:00:00Z", "2026-03-10T01:10:00Z");
        store("later", "2026-03-11T01:00:00Z", "2026-03-11T01:10:00Z");
        store("muchLater", "2026-03-20T01:00:00Z", "2026-03-20T01:10:00Z");

        assertThat(choose(pointInTime("2026-03-10T23:00:00Z")).backupId()).isEqualTo("same");
        assertThat(read).containsExactly(sameDay);
    }

    @Test
    void latestSkipsTheSafetyBackupOfAnInPlaceRestoreAndSaysSo() throws RestoreFailure {
        store("good", "2026-03-10T01:00:00Z", "2026-03-10T01:10:00Z");
        store("damaged", "2026-03-10T09:00:00Z", "2026-03-10T09:01:00Z", BackupTrigger.PRE_RESTORE);

        BackupSelection.Choice latest = choice(latest());
        assertThat(latest.manifest().backupId()).isEqualTo("good");
        assertThat(latest.reason()).isEqualTo("the newest completed backup, skipping 1 newer PRE_RESTORE safety backup (taken before a "
                + "restore replaced the live database; to restore one, ask with source.includeSafetyBackups: true)");
        BackupSelection.Choice atNine = choice(pointInTime("2026-03-10T09:30:00Z"));
        assertThat(atNine.manifest().backupId()).isEqualTo("good");
        assertThat(atNine.reason()).startsWith("the newest backup completed at or before 2026-03-10T09:30:00Z, skipping 1 newer");

        BackupSelection.Choice asked = choice(new RestoreSource(RestoreSource.Kind.LATEST, null, null, true));
        assertThat(asked.manifest().backupId()).isEqualTo("damaged");
        assertThat(asked.reason()).isEqualTo("the newest completed backup");
        assertThat(choose(new RestoreSource(RestoreSource.Kind.BACKUP_ID, "damaged", null)).backupId()).isEqualTo("damaged");
    }

    @Test
    void onlySafetyBackupsIsNoBackupSayingHowToAskForThem() {
        store("damaged", "2026-03-10T09:00:00Z", "2026-03-10T09:01:00Z", BackupTrigger.PRE_RESTORE);

        RestoreFailure failure = failureOf(latest());

        assertThat(failure.code()).isEqualTo("NO_BACKUP");
        assertThat(failure.getMessage()).startsWith("database shop has no backup, skipping 1 newer PRE_RESTORE safety backup")
                .endsWith("ask with source.includeSafetyBackups: true)");
    }

    @Test
    void aPointInTimeBeforeEveryBackupIsNoBackup() {
        store("b1", "2026-03-10T01:00:00Z", "2026-03-10T01:10:00Z");

        RestoreFailure failure = failureOf(pointInTime("2026-03-10T01:05:00Z"));

        assertThat(failure.code()).isEqualTo("NO_BACKUP");
        assertThat(failure.getMessage()).isEqualTo("database shop has no backup completed at or before 2026-03-10T01:05:00Z");
    }

    private BackupManifest choose(RestoreSource source) throws RestoreFailure {
        return choice(source).manifest();
    }

    private BackupSelection.Choice choice(RestoreSource source) throws RestoreFailure {
        return BackupSelection.choose(DATABASE, source, List.copyOf(stored.keySet()), key -> {
            read.add(key);
            if (unreadable.contains(key)) {
                throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "BAD_MANIFEST", key + " is not a valid manifest");
            }
            return stored.get(key);
        });
    }

    private RestoreFailure failureOf(RestoreSource source) {
        return catchThrowableOfType(RestoreFailure.class, () -> choose(source));
    }

    private static RestoreSource latest() {
        return new RestoreSource(RestoreSource.Kind.LATEST, null, null);
    }

    private static RestoreSource pointInTime(String at) {
        return new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, Instant.parse(at));
    }

    private String store(String backupId, String startedAt, String completedAt) {
        return store(backupId, startedAt, completedAt, BackupTrigger.SCHEDULE);
    }

    /** Files a backup where the backup service does (under the day it started); @return its manifest's key */
    private String store(String backupId, String startedAt, String completedAt, BackupTrigger trigger) {
        String folder = ArchiveLayout.folder(DATABASE, Instant.parse(startedAt), backupId);
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, backupId, DATABASE, "request-" + backupId,
                "correlation-" + backupId, trigger, "scheduler", Instant.parse(startedAt), Instant.parse(completedAt),
                "15.6", BackupManifest.PG_DUMP_CUSTOM, folder + "archive.dump", 1024, "0".repeat(64), Compression.NONE, 0, null,
                Map.of("public.orders", 10L), Map.of(), Map.of(), null, null);
        String key = ArchiveLayout.manifestKey(folder);
        stored.put(key, manifest);
        return key;
    }
}
