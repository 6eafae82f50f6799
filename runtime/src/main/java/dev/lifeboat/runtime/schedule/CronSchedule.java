package dev.lifeboat.runtime.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A schedule (backups, restore tests): a Unix cron (five fields, e.g. {@code 0 2 * * *}) or one with seconds first
 * (six fields, e.g. {@code *&#47;30 * * * * *}), always in UTC.
 */
public final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final String expression;
    private final ExecutionTime executionTime;
    /** A five-field cron names minutes, a six-field one seconds: a slot is the start of that minute or second. */
    private final ChronoUnit granularity;

    private CronSchedule(String expression, ExecutionTime executionTime, ChronoUnit granularity) {
        this.expression = expression;
        this.executionTime = executionTime;
        this.granularity = granularity;
    }

    /** @throws IllegalArgumentException naming the expression and what is wrong with it */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("schedule must be a cron expression, e.g. '0 2 * * *'");
        }
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("schedule '" + expression + "' must have 5 fields (minute hour day month weekday) or 6 (seconds first), not " + fields);
        }
        try {
            CronParser parser = fields == 5 ? UNIX : WITH_SECONDS;
            return new CronSchedule(trimmed, ExecutionTime.forCron(parser.parse(trimmed).validate()),
                    fields == 5 ? ChronoUnit.MINUTES : ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + expression + "' is not a valid cron expression: " + e.getMessage());
        }
    }

    /** The newest slot at or before {@code now}, if any: the same instant for every {@code now} until the next slot. */
    public Optional<Instant> lastSlotAtOrBefore(Instant now) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        ZonedDateTime slotStart = at.truncatedTo(granularity);
        if (executionTime.isMatch(slotStart)) {
            return Optional.of(slotStart.toInstant());
        }
        return executionTime.lastExecution(at).map(ZonedDateTime::toInstant);
    }

    public Optional<Instant> nextSlotAfter(Instant now) {
        return executionTime.nextExecution(now.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    public String expression() {
        return expression;
    }
}
