package dev.lifeboat.backup.retention;

import dev.lifeboat.backup.registry.RetentionRules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which backups of one database to keep, and why, from its {@link RetentionRules}. Pure: the
 * same backups, rules and time always give the same plan.
 */
public final class RetentionPlanner {

    private RetentionPlanner() {
    }

    /**
     * A backup as retention sees it.
     *
     * @param good whether it is a good backup of its database: verified, never failed, its own ({@code BackupEntry.good()})
     */
    public record Candidate(String backupId, Instant startedAt, boolean good) {
    }

    /** One backup's fate: kept for these reasons, or expired (no reasons). */
    public record Decision(String backupId, Instant startedAt, List<String> keptBecause) {
        public boolean kept() {
            return !keptBecause.isEmpty();
        }
    }

    /** The decisions, newest backup first. */
    public record Plan(List<Decision> decisions, String policy) {
        public List<Decision> expired() {
            return decisions.stream().filter(decision -> !decision.kept()).toList();
        }

        public List<Decision> kept() {
            return decisions.stream().filter(Decision::kept).toList();
        }
    }

    public static Plan plan(List<Candidate> backups, RetentionRules rules, Instant now) {
        return plan(backups, rules, now, Optional.empty());
    }

    /** @param pointInTimeBase the backup a restore to the start of the point-in-time window starts from: always kept */
    public static Plan plan(List<Candidate> backups, RetentionRules rules, Instant now, Optional<String> pointInTimeBase) {
        List<Candidate> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(Candidate::startedAt).thenComparing(Candidate::backupId).reversed());
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        newestFirst.forEach(backup -> reasons.put(backup.backupId(), new ArrayList<>()));

        if (!newestFirst.isEmpty()) {
            reasons.get(newestFirst.get(0).backupId()).add("newest");
        }
        newestFirst.stream().filter(Candidate::good).findFirst()
                .ifPresent(lastGood -> reasons.get(lastGood.backupId()).add("newest verified"));
        Set<String> pinned = new HashSet<>(rules.pinned());
        int keepLast = RetentionRules.orZero(rules.keepLast());
        for (int i = 0; i < newestFirst.size(); i++) {
            Candidate backup = newestFirst.get(i);
            if (pinned.contains(backup.backupId())) {
                reasons.get(backup.backupId()).add("pinned");
            }
            if (pointInTimeBase.filter(backup.backupId()::equals).isPresent()) {
                reasons.get(backup.backupId()).add("point-in-time window starts from it");
            }
            if (i < keepLast) {
                reasons.get(backup.backupId()).add("keep-last " + keepLast);
            }
            if (rules.maxAgeDays() != null && rules.maxAgeDays() > 0
                    && Duration.between(backup.startedAt(), now).compareTo(Duration.ofDays(rules.maxAgeDays())) <= 0) {
                reasons.get(backup.backupId()).add("younger than " + rules.maxAgeDays() + " days");
            }
        }
        keepNewestPerPeriod(newestFirst, RetentionRules.orZero(rules.daily()), "daily", at -> day(at).toString(), reasons);
        keepNewestPerPeriod(newestFirst, RetentionRules.orZero(rules.weekly()), "weekly",
                at -> day(at).get(IsoFields.WEEK_BASED_YEAR) + "-W" + day(at).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), reasons);
        keepNewestPerPeriod(newestFirst, RetentionRules.orZero(rules.monthly()), "monthly",
                at -> day(at).getYear() + "-" + day(at).getMonthValue(), reasons);

        List<Decision> decisions = newestFirst.stream()
                .map(backup -> new Decision(backup.backupId(), backup.startedAt(), List.copyOf(reasons.get(backup.backupId()))))
                .toList();
        return new Plan(decisions, describe(rules));
    }

    /** Grandfather-father-son: the newest backup of each of the last {@code count} periods that have backups. */
    private static void keepNewestPerPeriod(List<Candidate> newestFirst, int count, String name,
                                            Function<Instant, String> period, Map<String, List<String>> reasons) {
        Set<String> seen = new HashSet<>();
        for (Candidate backup : newestFirst) {
            if (seen.size() == count) {
                return;
            }
            String key = period.apply(backup.startedAt());
            if (seen.add(key)) {
                reasons.get(backup.backupId()).add(name + " " + key);
            }
        }
    }

    private static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    public static String describe(RetentionRules rules) {
        return "max-age " + (rules.maxAgeDays() == null ? "-" : rules.maxAgeDays() + "d")
                + ", keep-last " + (rules.keepLast() == null ? "-" : rules.keepLast())
                + ", gfs " + RetentionRules.orZero(rules.daily()) + "/" + RetentionRules.orZero(rules.weekly())
                + "/" + RetentionRules.orZero(rules.monthly())
                + (rules.pinned().isEmpty() ? "" : ", " + rules.pinned().size() + " pinned");
    }
}
