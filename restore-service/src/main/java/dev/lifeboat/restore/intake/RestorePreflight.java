package dev.lifeboat.restore.intake;

import dev.lifeboat.restore.source.PointInTimeRestore;
import dev.lifeboat.restore.source.PointInTimeSource;
import java.util.Optional;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.target.TargetServer;
import dev.lifeboat.restore.target.TargetServers;
import dev.lifeboat.service.api.UnknownDatabase;
import dev.lifeboat.restore.source.BackupObjects;
import dev.lifeboat.restore.source.BackupSelection;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.DatabaseNames;
import dev.lifeboat.restore.target.ServerDatabases;
import dev.lifeboat.restore.target.TableSelection;
import dev.lifeboat.restore.registry.KnownDatabase;
import dev.lifeboat.restore.registry.KnownDatabases;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * The checks an API request gets before it is accepted, so a mistake is a 4xx now rather than a
 * RestoreFailed later: the database is a restore target, a backup matches the source, a new database's
 * name is acceptable and names no database of the server (the live one least of all: 409), and TABLES names
 * are tables of that backup, and a restore into the live database without a safety backup is one its registration
 * allows ({@link RestorePlan#allowedFor}). Blocking (S3, and one query on the target server).
 * The worker runs the same checks again when it starts the restore (requests also come as events, and
 * the latest backup may have changed meanwhile).
 */
@ApplicationScoped
public class RestorePreflight {

    private final TargetServers targets;
    private final BackupSelection selection;
    private final PointInTimeSource pointInTime;
    private final KnownDatabases registry;
    private final D1Preflight d1;

    public RestorePreflight(TargetServers targets, BackupSelection selection, PointInTimeSource pointInTime, KnownDatabases registry,
                            D1Preflight d1) {
        this.targets = targets;
        this.registry = registry;
        this.d1 = d1;
        this.selection = selection;
        this.pointInTime = pointInTime;
    }

    /**
     * @param safetyBackup whether the request asks for a safety backup before the live database changes
     * @return the backup the source resolves to now, and for TABLES the checked table names (else null)
     */
    public Checked check(String databaseId, RestoreSource source, RestoreTarget target, boolean safetyBackup) throws RestoreFailure {
        Optional<KnownDatabase> d1Database = registry.d1(databaseId);
        if (d1Database.isPresent()) {
            KnownDatabase known = d1Database.get();
            RestorePlan.of(target.kind(), target.databaseName(), known.databaseName, safetyBackup)
                    .allowedFor(databaseId, known.restoreWithoutSafetyBackup);
            return d1.check(databaseId, known.databaseName, source, target);
        }
        if (!targets.isTarget(databaseId)) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, UnknownDatabase.CODE, targets.notATarget(databaseId));
        }
        if (target.databaseName() != null && !DatabaseNames.DATABASE_NAME.matcher(target.databaseName()).matches()) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "INVALID_TARGET",
                    "target.databaseName must be 1-63 characters of a-z, 0-9 and '_', not starting with a digit");
        }
        TargetServer server = targets.of(databaseId);
        RestorePlan.of(target.kind(), target.databaseName(), server.liveDatabase(), safetyBackup)
                .allowedFor(databaseId, server.settings().withoutSafetyBackup());
        refuseExistingDatabase(databaseId, server, target);
        Optional<PointInTimeRestore> replay = pointInTime.plan(databaseId, source);
        BackupSelection.Choice choice = replay.isPresent()
                ? new BackupSelection.Choice(replay.get().backup(), replay.get().chosenBecause(), replay.get().from(), replay.get().copyBecause())
                : selection.choose(databaseId, source);
        BackupManifest manifest = choice.manifest();
        Set<String> tables = target.kind() == RestoreTarget.Kind.TABLES ? TableSelection.check(target.tables(), manifest) : null;
        return new Checked(manifest, choice.reason(), tables, replay.orElse(null), choice.from(), choice.copyBecause());
    }

    /** A restore into a database of its own never overwrites one: the name must be free on the target server. */
    private void refuseExistingDatabase(String databaseId, TargetServer server, RestoreTarget target) throws RestoreFailure {
        String name = target.databaseName();
        if (target.kind() == RestoreTarget.Kind.IN_PLACE || name == null || name.isBlank()) {
            return;
        }
        boolean intoLive = name.equals(server.liveDatabase());
        if (intoLive && target.kind() == RestoreTarget.Kind.NEW_DATABASE) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "TARGET_IS_LIVE", "database " + name + " is the live database of "
                    + databaseId + "; a NEW_DATABASE restore never overwrites one (restore IN_PLACE, confirmed, to replace it)");
        }
        if (!intoLive) {
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.RESOLVE_SOURCE)) {
                if (databases.exists(name, RestoreStep.RESOLVE_SOURCE)) {
                    throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "TARGET_EXISTS", "database " + name
                            + " already exists on the server; a restore into a new database never overwrites one: choose another name");
                }
            }
        }
    }

    /**
     * What a restore reads: one backup, why it was chosen ({@link BackupSelection.Choice#reason()}), for TABLES the
     * tables (names of its manifest), for a moment the archive reaches exactly, its replay (else null), and the bucket read
     * ({@link BackupSelection.Choice#from()}: the second bucket, {@code copyBecause} the primary failed).
     */
    public record Checked(BackupManifest manifest, String chosenBecause, Set<String> tables, PointInTimeRestore replay,
                          BackupObjects from, String copyBecause) {
    }
}
