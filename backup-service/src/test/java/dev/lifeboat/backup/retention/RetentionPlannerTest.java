package dev.lifeboat.backup.retention;

import dev.lifeboat.backup.registry.RetentionRules;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    /** 400 daily backups at 01:00 UTC, the newest today. */
    private static List<RetentionPlanner.Candidate> history() {
        List<RetentionPlanner.Candidate> backups = new ArrayList<>();
        for (int day = 0; day < 400; day++) {
            Instant at = NOW.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS).minus(day, ChronoUnit.DAYS);
            backups.add(new RetentionPlanner.Candidate("b" + day, at, false));
        }
        return backups;
    }

    @Test
    void fourHundredDailyBackupsKeepExactlyTheGrandfatherFatherSonSet() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(history(), new RetentionRules(null, null, 7, 4, 12, List.of()), NOW);

        // Computed independently: the newest backup of each of the last 7 days, 4 ISO weeks, 12 months.
        Set<String> expected = new TreeSet<>();
        expected.addAll(newestPer(history(), at -> at.toString(), 7));
        expected.addAll(newestPer(history(), at -> at.get(IsoFields.WEEK_BASED_YEAR) * 100 + at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + "", 4));
        expected.addAll(newestPer(history(), at -> at.getYear() * 100 + at.getMonthValue() + "", 12));

        assertThat(plan.kept()).extracting(RetentionPlanner.Decision::backupId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).hasSizeBetween(12, 7 + 4 + 12);
        assertThat(plan.expired()).hasSize(400 - expected.size());
        // The monthly ones are the last day of each month (the newest backup of that month), plus today.
        assertThat(plan.kept()).anySatisfy(kept -> assertThat(kept.startedAt()).isEqualTo(Instant.parse("2026-10-31T01:00:00Z")));
        assertThat(plan.kept()).allSatisfy(kept -> assertThat(kept.startedAt()).isAfter(Instant.parse("2025-11-30T00:00:00Z")));
    }

    @Test
    void maxAgeKeepLastAndPinsAddToTheKeptSetAndTheNewestIsAlwaysKept() {
        List<RetentionPlanner.Candidate> backups = history();
        RetentionPlanner.Plan plan = RetentionPlanner.plan(backups, new RetentionRules(30, 40, 0, 0, 0, List.of("b399")), NOW);
        assertThat(plan.kept()).extracting(RetentionPlanner.Decision::backupId).hasSize(41).contains("b0", "b39", "b399");
        assertThat(plan.kept().get(0).keptBecause()).contains("newest", "keep-last 40", "younger than 30 days");

        RetentionPlanner.Plan nothing = RetentionPlanner.plan(backups, new RetentionRules(0, 0, 0, 0, 0, List.of()), NOW);
        assertThat(nothing.kept()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b0");
    }

    @Test
    void theBackupThePointInTimeWindowStartsFromIsKeptWhateverTheRulesSay() {
        RetentionPlanner.Plan plan = RetentionPlanner.plan(history(), new RetentionRules(0, 0, 0, 0, 0, List.of()), NOW,
                java.util.Optional.of("b200"));

        assertThat(plan.kept()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b0", "b200");
        assertThat(plan.kept().get(1).keptBecause()).containsExactly("point-in-time window starts from it");
    }

    @Test
    void theNewestGoodBackupIsKeptWhateverTheRulesSayEvenBehindNewerOnesThatAreNot() {
        // b0-b2: unverified, failed, or a restore's safety backup (not good); b3 and b9 good; rules keep only the newest.
        List<RetentionPlanner.Candidate> backups = new ArrayList<>();
        for (RetentionPlanner.Candidate backup : history().subList(0, 12)) {
            backups.add(new RetentionPlanner.Candidate(backup.backupId(), backup.startedAt(), Set.of("b3", "b9").contains(backup.backupId())));
        }
        RetentionPlanner.Plan plan = RetentionPlanner.plan(backups, new RetentionRules(null, 1, null, null, null, List.of()), NOW);

        assertThat(plan.kept()).extracting(RetentionPlanner.Decision::backupId).containsExactly("b0", "b3");
        assertThat(plan.kept().get(1).keptBecause()).containsExactly("newest verified");
        assertThat(plan.expired()).extracting(RetentionPlanner.Decision::backupId).contains("b1", "b2", "b9");
    }

    private static Set<String> newestPer(List<RetentionPlanner.Candidate> backups, Function<LocalDate, String> period, int count) {
        Map<String, RetentionPlanner.Candidate> newest = new TreeMap<>();
        for (RetentionPlanner.Candidate backup : backups) {
            newest.merge(period.apply(backup.startedAt().atZone(ZoneOffset.UTC).toLocalDate()), backup,
                    (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
        }
        return newest.values().stream().sorted((a, b) -> b.startedAt().compareTo(a.startedAt())).limit(count)
                .map(RetentionPlanner.Candidate::backupId).collect(Collectors.toSet());
    }
}
