package dev.lifeboat.backup.registry;

import java.util.List;

/**
 * How long a database's backups are kept. A backup is kept when any rule keeps it: younger than
 * {@code maxAgeDays}; among the newest {@code keepLast}; the newest of one of the last {@code daily}
 * days, {@code weekly} ISO weeks or {@code monthly} months that have backups (grandfather-father-son);
 * or pinned. The newest good backup is always kept. A null or zero rule keeps nothing by itself; rules that all keep
 * nothing are refused where a database is registered ({@link #keepsNothing()}).
 */
public record RetentionRules(Integer maxAgeDays, Integer keepLast, Integer daily, Integer weekly, Integer monthly,
                             List<String> pinned) {

    public RetentionRules {
        pinned = pinned == null ? List.of() : List.copyOf(pinned);
        for (var rule : new Object[][]{{"maxAgeDays", maxAgeDays}, {"keepLast", keepLast}, {"daily", daily},
                {"weekly", weekly}, {"monthly", monthly}}) {
            if (rule[1] != null && (Integer) rule[1] < 0) {
                throw new IllegalArgumentException("retention." + rule[0] + " must be 0 or more, not " + rule[1]);
            }
        }
    }

    /** Whether no rule keeps anything: every one unset or 0 and nothing pinned, so that each sweep would expire all but the newest backup. */
    public boolean keepsNothing() {
        return orZero(maxAgeDays) == 0 && orZero(keepLast) == 0 && orZero(daily) == 0 && orZero(weekly) == 0 && orZero(monthly) == 0
                && pinned.isEmpty();
    }

    public static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
