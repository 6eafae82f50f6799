package dev.lifeboat.restore.intake;

import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.intake.RestorePlan.Route;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import org.junit.jupiter.api.Test;

import static dev.lifeboat.restore.step.RestoreStep.CLEANUP;
import static dev.lifeboat.restore.step.RestoreStep.COPY_TABLES;
import static dev.lifeboat.restore.step.RestoreStep.LOCK;
import static dev.lifeboat.restore.step.RestoreStep.PG_RESTORE;
import static dev.lifeboat.restore.step.RestoreStep.POST_SWAP_CHECK;
import static dev.lifeboat.restore.step.RestoreStep.PREPARE_TARGET;
import static dev.lifeboat.restore.step.RestoreStep.RESOLVE_SOURCE;
import static dev.lifeboat.restore.step.RestoreStep.SAFETY_BACKUP;
import static dev.lifeboat.restore.step.RestoreStep.SWAP;
import static dev.lifeboat.restore.step.RestoreStep.VALIDATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a request comes to: the database it restores into, the route it takes there, and the steps on the way. */
class RestorePlanTest {

    private static final String LIVE = "shop";

    @Test
    void aNewDatabaseIsCreatedRestoredAndValidatedWithoutTouchingTheLiveOne() {
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.NEW_DATABASE, "shop_copy", LIVE, true);

        assertThat(plan.route()).isEqualTo(Route.INTO_NEW_DATABASE);
        assertThat(plan.targetDatabase()).isEqualTo("shop_copy");
        assertThat(plan.intoLive()).isFalse();
        assertThat(plan.safetyBackup()).as("no safety backup: the live database does not change").isFalse();
        assertThat(plan.steps()).containsExactly(RESOLVE_SOURCE, PREPARE_TARGET, PG_RESTORE, VALIDATION);
        assertThat(plan.takes(LOCK)).isFalse();
    }

    @Test
    void inPlaceTakesASafetyBackupAndTheLockThenSwapsAValidatedCopyIn() {
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.IN_PLACE, null, LIVE, true);

        assertThat(plan.route()).isEqualTo(Route.IN_PLACE_SWAP);
        assertThat(plan.targetDatabase()).isEqualTo(LIVE);
        assertThat(plan.intoLive()).isTrue();
        assertThat(plan.steps()).containsExactly(RESOLVE_SOURCE, SAFETY_BACKUP, LOCK, PREPARE_TARGET, PG_RESTORE, VALIDATION,
                SWAP, POST_SWAP_CHECK);
    }

    @Test
    void inPlaceWithoutASafetyBackupGoesStraightToTheLock() {
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.IN_PLACE, "", LIVE, false);

        assertThat(plan.route()).isEqualTo(Route.IN_PLACE_SWAP);
        assertThat(plan.takes(SAFETY_BACKUP)).isFalse();
        assertThat(plan.steps()).startsWith(RESOLVE_SOURCE, LOCK, PREPARE_TARGET);
    }

    @Test
    void tablesWithoutADatabaseNameReplaceRowsOfTheLiveDatabaseThenDropTheStagingCopy() {
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.TABLES, null, LIVE, false);

        assertThat(plan.route()).isEqualTo(Route.TABLES_INTO_LIVE);
        assertThat(plan.targetDatabase()).isEqualTo(LIVE);
        assertThat(plan.steps()).containsExactly(RESOLVE_SOURCE, LOCK, PREPARE_TARGET, PG_RESTORE, COPY_TABLES, CLEANUP);
        assertThat(plan.takes(VALIDATION)).as("validated inside COPY_TABLES' transaction, not as a step of its own").isFalse();
    }

    @Test
    void tablesIntoAnotherDatabaseRestoreLikeANewDatabase() {
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.TABLES, "orders_only", LIVE, true);

        assertThat(plan.route()).isEqualTo(Route.INTO_NEW_DATABASE);
        assertThat(plan.targetDatabase()).isEqualTo("orders_only");
        assertThat(plan.takes(SAFETY_BACKUP)).isFalse();
    }

    @Test
    void namingTheLiveDatabaseItselfIsARestoreIntoTheLiveDatabase() {
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.TABLES, LIVE, LIVE, true);

        assertThat(plan.route()).isEqualTo(Route.TABLES_INTO_LIVE);
        assertThat(plan.steps()).startsWith(RESOLVE_SOURCE, SAFETY_BACKUP, LOCK);
    }

    @Test
    void noPlanRollsBackWhenAllGoesWell() {
        for (RestoreTarget.Kind kind : RestoreTarget.Kind.values()) {
            String named = kind == RestoreTarget.Kind.NEW_DATABASE ? "shop_copy" : null;
            assertThat(RestorePlan.of(kind, named, LIVE, true).steps()).as(kind.name()).doesNotContain(RestoreStep.ROLLBACK);
        }
    }

    @Test
    void aRestoreIntoTheLiveDatabaseWithoutASafetyBackupRunsOnlyWhereTheRegistrationAllowsIt() throws Exception {
        for (RestoreTarget.Kind kind : new RestoreTarget.Kind[]{RestoreTarget.Kind.IN_PLACE, RestoreTarget.Kind.TABLES}) {
            RestorePlan unsafe = RestorePlan.of(kind, null, LIVE, false);
            assertThatThrownBy(() -> unsafe.allowedFor("shop", false)).as(kind.name()).isInstanceOf(RestoreFailure.class)
                    .extracting(e -> ((RestoreFailure) e).code()).isEqualTo(RestorePlan.SAFETY_BACKUP_REQUIRED);
            assertThat(unsafe.allowedFor("shop", true)).isSameAs(unsafe);
            RestorePlan safe = RestorePlan.of(kind, null, LIVE, true);
            assertThat(safe.allowedFor("shop", false)).isSameAs(safe);
        }
        RestorePlan aside = RestorePlan.of(RestoreTarget.Kind.NEW_DATABASE, "shop_copy", LIVE, false);
        assertThat(aside.allowedFor("shop", false)).as("a new database never needs one").isSameAs(aside);
        RestorePlan tablesAside = RestorePlan.of(RestoreTarget.Kind.TABLES, "orders_only", LIVE, false);
        assertThat(tablesAside.allowedFor("shop", false)).isSameAs(tablesAside);
    }
}
