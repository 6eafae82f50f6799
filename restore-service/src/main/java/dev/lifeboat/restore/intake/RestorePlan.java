package dev.lifeboat.restore.intake;

import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

import java.util.ArrayList;
import java.util.List;

/**
 * What a restore request comes to once its server is known: the database it restores into, the way it gets
 * there, and so the steps it takes. A restore into any database but the live one never touches the live one.
 *
 * @param route          how the restore reaches its target
 * @param targetDatabase the database restored into: the one the request names, else the live one
 * @param safetyBackup   a PRE_RESTORE backup of the live database comes first (asked for, and the live database is changed)
 */
public record RestorePlan(Route route, String targetDatabase, boolean safetyBackup) {

    /** The code of a restore into the live database without a safety backup that the registration does not allow. */
    public static final String SAFETY_BACKUP_REQUIRED = "SAFETY_BACKUP_REQUIRED";

    /** The ways a restore reaches its target; one {@link TargetRestore} each. */
    public enum Route {
        /** NEW_DATABASE, or TABLES into a database of their own: create it, restore into it, validate; dropped on any failure. */
        INTO_NEW_DATABASE,
        /** IN_PLACE: restore into a staging database, validate, swap it in under the lock; a failed check after the swap swaps back. */
        IN_PLACE_SWAP,
        /** TABLES into the live database: restore them into a staging database, then replace their rows in one validated transaction. */
        TABLES_INTO_LIVE
    }

    /**
     * @param kind                  the requested target kind
     * @param requestedDatabase     the target database the request names, or null/blank for the live one
     * @param liveDatabase          the live database's name on the target server
     * @param safetyBackupRequested whether the request asks for a safety backup before the live database changes
     */
    public static RestorePlan of(RestoreTarget.Kind kind, String requestedDatabase, String liveDatabase, boolean safetyBackupRequested) {
        String target = requestedDatabase != null && !requestedDatabase.isBlank() ? requestedDatabase : liveDatabase;
        if (kind == RestoreTarget.Kind.NEW_DATABASE || !target.equals(liveDatabase)) {
            return new RestorePlan(Route.INTO_NEW_DATABASE, target, false);
        }
        return new RestorePlan(kind == RestoreTarget.Kind.IN_PLACE ? Route.IN_PLACE_SWAP : Route.TABLES_INTO_LIVE, target, safetyBackupRequested);
    }

    /**
     * This plan, when it may run: a restore that changes the live database without a safety backup first needs the
     * database's registration (or the restore service's configuration) to allow it, whoever asked and on which door.
     *
     * @throws RestoreFailure {@value #SAFETY_BACKUP_REQUIRED} when it does not
     */
    public RestorePlan allowedFor(String databaseId, boolean withoutSafetyBackupAllowed) throws RestoreFailure {
        if (intoLive() && !safetyBackup && !withoutSafetyBackupAllowed) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, SAFETY_BACKUP_REQUIRED, "a restore into the live database of "
                    + databaseId + " takes a safety backup first: ask with safetyBackup true, or allow restores without one in its "
                    + "registration (restoreWithoutSafetyBackup)");
        }
        return this;
    }

    /** Whether the restore changes the live database (and so holds its lock). */
    public boolean intoLive() {
        return route != Route.INTO_NEW_DATABASE;
    }

    /** The steps a restore on this plan records when every one succeeds, in order. */
    public List<RestoreStep> steps() {
        List<RestoreStep> steps = new ArrayList<>(List.of(RestoreStep.RESOLVE_SOURCE));
        if (safetyBackup) {
            steps.add(RestoreStep.SAFETY_BACKUP);
        }
        if (intoLive()) {
            steps.add(RestoreStep.LOCK);
        }
        steps.addAll(switch (route) {
            case INTO_NEW_DATABASE -> List.of(RestoreStep.PREPARE_TARGET, RestoreStep.PG_RESTORE, RestoreStep.VALIDATION);
            case IN_PLACE_SWAP -> List.of(RestoreStep.PREPARE_TARGET, RestoreStep.PG_RESTORE, RestoreStep.VALIDATION,
                    RestoreStep.SWAP, RestoreStep.POST_SWAP_CHECK);
            case TABLES_INTO_LIVE -> List.of(RestoreStep.PREPARE_TARGET, RestoreStep.PG_RESTORE, RestoreStep.COPY_TABLES, RestoreStep.CLEANUP);
        });
        return List.copyOf(steps);
    }

    /** Whether a restore on this plan takes the step (when the steps before it succeed). */
    public boolean takes(RestoreStep step) {
        return steps().contains(step);
    }
}
