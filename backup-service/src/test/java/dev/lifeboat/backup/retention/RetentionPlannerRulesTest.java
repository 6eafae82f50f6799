package dev.lifeboat.backup.retention;

import dev.lifeboat.backup.registry.RetentionRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each retention rule on its own, how the rules combine, and the edges: UTC days, ISO weeks, ties, nothing to plan. */
class RetentionPlannerRulesTest {

    /** A Saturday, in ISO week 2026-W47 (Monday 16 to Sunday 22 November). */
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void noBackupsGiveAnEmptyPlanThatStillDescribesThePolicy() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(), rules(30, 5, 7, 4, 12, "b-1"), NOW, Optional.of("b-1"));

        assertThat(plan.decisions()).isEmpty();
        assertThat(plan.kept()).isEmpty();
        assertThat(plan.expired()).isEmpty();
        assertThat(plan.policy()).isEqualTo("max-age 30d, keep-last 5, gfs 7/4/12, 1 pinned");
    }

    @Test
    void thePolicyShowsAbsentRulesAsADashOrZero() {
        assertThat(RetentionPlanner.describe(new RetentionRules(null, null, null, null, null, null)))
                .isEqualTo("max-age -, keep-last -, gfs 0/0/0");
        assertThat(RetentionPlanner.describe(rules(0, 0, 1, 2, 3, "a", "b"))).isEqualTo("max-age 0d, keep-last 0, gfs 1/2/3, 2 pinned");
    }

    @Test
    void withNoRulesOnlyTheNewestIsKeptAndTheRestExpireWithNoReason() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(backup("old", NOW.minus(Duration.ofDays(2))),
                backup("new", NOW.minusSeconds(60)), backup("older", NOW.minus(Duration.ofDays(3)))),
                new RetentionRules(null, null, null, null, null, null), NOW);

        assertThat(plan.kept()).singleElement().satisfies(kept -> {
            assertThat(kept.backupId()).isEqualTo("new");
            assertThat(kept.keptBecause()).containsExactly("newest");
        });
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("old", "older");
        assertThat(plan.expired()).allSatisfy(expired -> {
            assertThat(expired.kept()).isFalse();
            assertThat(expired.keptBecause()).isEmpty();
        });
    }

    @Test
    void keepLastKeepsTheNewestNWhateverOrderTheBackupsCameIn() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(hoursAgo("b2", 2), hoursAgo("b0", 0), hoursAgo("b4", 4),
                hoursAgo("b1", 1), hoursAgo("b3", 3)), rules(null, 3, null, null, null), NOW);

        assertThat(plan.decisions()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b0", "b1", "b2", "b3", "b4");
        assertThat(plan.kept()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b0", "b1", "b2");
        assertThat(reasons(plan, "b0")).containsExactly("newest", "keep-last 3");
        assertThat(reasons(plan, "b2")).containsExactly("keep-last 3");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b3", "b4");
    }

    @Test
    void keepLastBeyondTheHistoryKeepsEverything() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(hoursAgo("a", 1), hoursAgo("b", 2)), rules(null, 10, null, null, null), NOW);

        assertThat(plan.expired()).isEmpty();
        assertThat(reasons(plan, "b")).containsExactly("keep-last 10");
    }

    @Test
    void maxAgeKeepsABackupExactlyThatOldAndExpiresOneASecondOlder() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(hoursAgo("fresh", 1), backup("edge", NOW.minus(Duration.ofDays(2))),
                backup("past", NOW.minus(Duration.ofDays(2)).minusSeconds(1))), rules(2, null, null, null, null), NOW);

        assertThat(reasons(plan, "fresh")).containsExactly("newest", "younger than 2 days");
        assertThat(reasons(plan, "edge")).containsExactly("younger than 2 days");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("past");
    }

    @Test
    void aBackupStampedAfterNowCountsAsYoung() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(backup("skewed", NOW.plusSeconds(300)),
                backup("old", NOW.minus(Duration.ofDays(3)))), rules(1, null, null, null, null), NOW);

        assertThat(reasons(plan, "skewed")).containsExactly("newest", "younger than 1 days");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("old");
    }

    @Test
    void aMaxAgeOfZeroKeepsNothingByItself() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(backup("a", NOW.minusSeconds(60)), backup("b", NOW.minusSeconds(120))),
                rules(0, null, null, null, null), NOW);

        assertThat(reasons(plan, "a")).containsExactly("newest");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b");
    }

    @Test
    void dailyKeepsTheNewestBackupOfEachUtcDay() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(
                backup("sat-late", "2026-11-21T01:00:00Z"), backup("sat-midnight", "2026-11-21T00:00:00Z"),
                backup("fri-last-second", "2026-11-20T23:59:59Z"), backup("thu", "2026-11-19T12:00:00Z"),
                backup("wed", "2026-11-18T12:00:00Z")), rules(null, null, 3, null, null), NOW);

        assertThat(reasons(plan, "sat-late")).containsExactly("newest", "daily 2026-11-21");
        assertThat(reasons(plan, "fri-last-second")).containsExactly("daily 2026-11-20");
        assertThat(reasons(plan, "thu")).containsExactly("daily 2026-11-19");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("sat-midnight", "wed");
    }

    @Test
    void theLastDaysCountedAreDaysThatHaveBackupsNotCalendarDays() {
        List<RetentionPlanner.Candidate> sparse = List.of(backup("a", "2026-11-21T01:00:00Z"), backup("b", "2026-11-14T01:00:00Z"),
                backup("c", "2026-10-01T01:00:00Z"));

        RetentionPlanner.Plan two = RetentionPlanner.plan(sparse, rules(null, null, 2, null, null), NOW);
        assertThat(reasons(two, "b")).containsExactly("daily 2026-11-14");
        assertThat(two.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("c");

        RetentionPlanner.Plan ten = RetentionPlanner.plan(sparse, rules(null, null, 10, null, null), NOW);
        assertThat(ten.expired()).isEmpty();
        assertThat(reasons(ten, "c")).containsExactly("daily 2026-10-01");
    }

    @Test
    void weeklyKeepsTheNewestBackupOfEachIsoWeekWhichStartsOnMonday() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(
                backup("sat", "2026-11-21T01:00:00Z"), backup("mon", "2026-11-16T00:30:00Z"),
                backup("sun", "2026-11-15T23:00:00Z"), backup("wed", "2026-11-11T12:00:00Z"),
                backup("prev-mon", "2026-11-09T00:00:00Z"), backup("prev-sun", "2026-11-08T12:00:00Z")),
                rules(null, null, null, 2, null), NOW);

        assertThat(reasons(plan, "sat")).containsExactly("newest", "weekly 2026-W47");
        assertThat(reasons(plan, "sun")).containsExactly("weekly 2026-W46");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("mon", "wed", "prev-mon", "prev-sun");
    }

    @Test
    void aWeekAcrossNewYearBelongsToItsIsoWeekBasedYear() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(backup("fri", "2026-01-02T10:00:00Z"),
                backup("mon", "2025-12-29T10:00:00Z"), backup("sun", "2025-12-28T10:00:00Z")), rules(null, null, null, 2, null), NOW);

        assertThat(reasons(plan, "fri")).containsExactly("newest", "weekly 2026-W1");
        assertThat(reasons(plan, "sun")).containsExactly("weekly 2025-W52");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("mon");
    }

    @Test
    void monthlyKeepsTheNewestBackupOfEachUtcMonth() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(
                backup("nov", "2026-11-20T10:00:00Z"), backup("nov-first", "2026-11-01T00:00:00Z"),
                backup("oct-last", "2026-10-31T23:59:59Z"), backup("oct-first", "2026-10-01T00:00:00Z"),
                backup("sep", "2026-09-15T00:00:00Z"), backup("aug", "2026-08-15T00:00:00Z")),
                rules(null, null, null, null, 3), NOW);

        assertThat(reasons(plan, "nov")).containsExactly("newest", "monthly 2026-11");
        assertThat(reasons(plan, "oct-last")).containsExactly("monthly 2026-10");
        assertThat(reasons(plan, "sep")).containsExactly("monthly 2026-9");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("nov-first", "oct-first", "aug");
    }

    @Test
    void aPinnedBackupIsKeptHoweverOldAndAPinOfAMissingBackupIsIgnored() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(hoursAgo("new", 1), backup("old", "2020-01-01T00:00:00Z")),
                rules(null, 1, null, null, null, "old", "gone"), NOW);

        assertThat(reasons(plan, "new")).containsExactly("newest", "keep-last 1");
        assertThat(reasons(plan, "old")).containsExactly("pinned");
        assertThat(plan.decisions()).extracting(RetentionPlanner.Decision::backupId).containsExactly("new", "old");
    }

    @Test
    void thePointInTimeBaseIsKeptBesideItsPinAndABaseNotAmongTheBackupsChangesNothing() {
        List<RetentionPlanner.Candidate> backups = List.of(hoursAgo("new", 1), hoursAgo("base", 72), hoursAgo("other", 96));

        RetentionPlanner.Plan plan = RetentionPlanner.plan(backups, rules(null, null, null, null, null, "base"), NOW, Optional.of("base"));
        assertThat(reasons(plan, "base")).containsExactly("pinned", "point-in-time window starts from it");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("other");

        RetentionPlanner.Plan missing = RetentionPlanner.plan(backups, rules(null, null, null, null, null), NOW, Optional.of("gone"));
        assertThat(missing.kept()).extracting(RetentionPlanner.Decision::backupId).containsExactly("new");
    }

    @Test
    void everyRuleThatKeepsABackupIsListedInAFixedOrder() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(hoursAgo("only", 1)), rules(1, 1, 1, 1, 1, "only"), NOW,
                Optional.of("only"));

        assertThat(reasons(plan, "only")).containsExactly("newest", "pinned", "point-in-time window starts from it", "keep-last 1",
                "younger than 1 days", "daily 2026-11-21", "weekly 2026-W47", "monthly 2026-11");
    }

    @Test
    void backupsStartedAtTheSameInstantAreOrderedByIdDescendingSoTheLastIdCountsAsNewest() {
        Instant same = Instant.parse("2026-11-21T02:00:00Z");
        RetentionPlanner.Plan plan = RetentionPlanner.plan(List.of(backup("a", same), backup("c", same), backup("b", same)),
                rules(null, 1, 1, null, null), NOW);

        assertThat(plan.decisions()).extracting(RetentionPlanner.Decision::backupId).containsExactly("c", "b", "a");
        assertThat(reasons(plan, "c")).containsExactly("newest", "keep-last 1", "daily 2026-11-21");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b", "a");
    }

    private static RetentionRules rules(Integer maxAgeDays, Integer keepLast, Integer daily, Integer weekly, Integer monthly,
                                        String... pinned) {
        return new RetentionRules(maxAgeDays, keepLast, daily, weekly, monthly, List.of(pinned));
    }

    private static RetentionPlanner.Candidate backup(String id, Instant startedAt) {
        return new RetentionPlanner.Candidate(id, startedAt, false);
    }

    private static RetentionPlanner.Candidate backup(String id, String startedAt) {
        return backup(id, Instant.parse(startedAt));
    }

    private static RetentionPlanner.Candidate hoursAgo(String id, int hours) {
        return backup(id, NOW.minus(Duration.ofHours(hours)));
    }

    private static List<String> reasons(RetentionPlanner.Plan plan, String backupId) {
        return plan.decisions().stream().filter(decision -> decision.backupId().equals(backupId)).findFirst().orElseThrow().keptBecause();
    }
}
