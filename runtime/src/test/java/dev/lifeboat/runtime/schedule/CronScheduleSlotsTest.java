package dev.lifeboat.runtime.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 2026-11-01 and 2026-11-22 are Sundays; 2026-12-01 is a Tuesday. */
class CronScheduleSlotsTest {

    @Test
    void anHourRangeRunsEveryHourInsideItAndThenWaitsForTheNextMorning() {
        CronSchedule officeHours = CronSchedule.parse("0 9-17 * * *");

        assertThat(officeHours.nextSlotAfter(at("2026-11-22T08:59:59Z"))).contains(at("2026-11-22T09:00:00Z"));
        assertThat(officeHours.nextSlotAfter(at("2026-11-22T12:00:00Z"))).contains(at("2026-11-22T13:00:00Z"));
        assertThat(officeHours.nextSlotAfter(at("2026-11-22T17:00:00Z"))).contains(at("2026-11-23T09:00:00Z"));
    }

    @Test
    void aStepCountsFromTheStartOfItsRange() {
        CronSchedule quarterHours = CronSchedule.parse("*/15 * * * *");
        assertThat(quarterHours.nextSlotAfter(at("2026-11-22T10:07:30Z"))).contains(at("2026-11-22T10:15:00Z"));
        assertThat(quarterHours.nextSlotAfter(at("2026-11-22T10:45:00Z"))).contains(at("2026-11-22T11:00:00Z"));

        CronSchedule fromFive = CronSchedule.parse("5-59/20 * * * *");
        assertThat(fromFive.nextSlotAfter(at("2026-11-22T10:05:00Z"))).contains(at("2026-11-22T10:25:00Z"));
        assertThat(fromFive.nextSlotAfter(at("2026-11-22T10:45:00Z"))).contains(at("2026-11-22T11:05:00Z"));
    }

    @Test
    void aListOfHoursAndRangesRunsAtEachInTurn() {
        CronSchedule shifts = CronSchedule.parse("30 8,12-13 * * *");

        assertThat(shifts.nextSlotAfter(at("2026-11-22T08:30:00Z"))).contains(at("2026-11-22T12:30:00Z"));
        assertThat(shifts.nextSlotAfter(at("2026-11-22T12:30:00Z"))).contains(at("2026-11-22T13:30:00Z"));
        assertThat(shifts.nextSlotAfter(at("2026-11-22T13:30:00Z"))).contains(at("2026-11-23T08:30:00Z"));
        assertThat(shifts.lastSlotAtOrBefore(at("2026-11-22T12:29:59Z"))).contains(at("2026-11-22T08:30:00Z"));
        assertThat(shifts.lastSlotAtOrBefore(at("2026-11-22T12:30:45Z"))).contains(at("2026-11-22T12:30:00Z"));
    }

    @Test
    void weekdaysCountFromSundayAsZeroAndSevenIsSundayToo() {
        Instant sundayNoon = at("2026-11-22T12:00:00Z");

        assertThat(CronSchedule.parse("0 3 * * 1").nextSlotAfter(sundayNoon)).contains(at("2026-11-23T03:00:00Z"));
        assertThat(CronSchedule.parse("0 3 * * 0").nextSlotAfter(sundayNoon)).contains(at("2026-11-29T03:00:00Z"));
        assertThat(CronSchedule.parse("0 3 * * 7").nextSlotAfter(sundayNoon)).contains(at("2026-11-29T03:00:00Z"));
    }

    @Test
    void aWeekdayRangeSkipsTheWeekend() {
        CronSchedule workdays = CronSchedule.parse("0 9 * * 1-5");

        assertThat(workdays.nextSlotAfter(at("2026-11-27T10:00:00Z"))).contains(at("2026-11-30T09:00:00Z"));
    }

    @Test
    void aDayOfMonthAndAWeekdayTogetherMatchEitherAsInUnixCron() {
        CronSchedule fridaysAndThe13th = CronSchedule.parse("0 0 13 * 5");

        assertThat(fridaysAndThe13th.nextSlotAfter(at("2026-12-04T00:00:00Z"))).contains(at("2026-12-11T00:00:00Z"));
        assertThat(fridaysAndThe13th.nextSlotAfter(at("2026-12-11T00:00:00Z"))).contains(at("2026-12-13T00:00:00Z"));
        assertThat(fridaysAndThe13th.nextSlotAfter(at("2026-12-13T00:00:00Z"))).contains(at("2026-12-18T00:00:00Z"));
    }

    @Test
    void aDayMissingFromAMonthSkipsToTheNextMonthThatHasIt() {
        assertThat(CronSchedule.parse("0 0 31 * *").nextSlotAfter(at("2026-04-01T00:00:00Z"))).contains(at("2026-05-31T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 30 * *").nextSlotAfter(at("2027-01-30T00:00:00Z"))).contains(at("2027-03-30T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 29 2 *").nextSlotAfter(at("2026-03-01T00:00:00Z"))).contains(at("2028-02-29T00:00:00Z"));
    }

    @Test
    void slotsCrossIntoTheNewYear() {
        assertThat(CronSchedule.parse("0 0 * * *").nextSlotAfter(at("2026-12-31T12:00:00Z"))).contains(at("2027-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse("0 6 1 * *").nextSlotAfter(at("2026-12-01T06:00:00Z"))).contains(at("2027-01-01T06:00:00Z"));
        assertThat(CronSchedule.parse("*/10 * * * * *").nextSlotAfter(at("2026-12-31T23:59:55Z"))).contains(at("2027-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse("30 2,14 * * *").lastSlotAtOrBefore(at("2027-01-01T01:30:00Z"))).contains(at("2026-12-31T14:30:00Z"));
    }

    @Test
    void surroundingWhitespaceIsTrimmedAndInnerWhitespaceSeparatesFields() {
        CronSchedule schedule = CronSchedule.parse("  0   2 * *\t* ");

        assertThat(schedule.expression()).isEqualTo("0   2 * *\t*");
        assertThat(schedule.nextSlotAfter(at("2026-11-22T02:00:00Z"))).contains(at("2026-11-23T02:00:00Z"));
    }

    @Test
    void aMissingOrBlankScheduleAsksForACronExpression() {
        assertThatThrownBy(() -> CronSchedule.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule must be a cron expression, e.g. '0 2 * * *'");
        assertThatThrownBy(() -> CronSchedule.parse(" \t ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule must be a cron expression, e.g. '0 2 * * *'");
    }

    @Test
    void theFieldCountIsNamedWithTheExpressionAsGiven() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule '0 2 * * * * *' must have 5 fields (minute hour day month weekday) or 6 (seconds first), not 7");
        assertThatThrownBy(() -> CronSchedule.parse(" 0 2 * * ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule ' 0 2 * * ' must have 5 fields (minute hour day month weekday) or 6 (seconds first), not 4");
        assertThatThrownBy(() -> CronSchedule.parse("@daily")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule '@daily' must have 5 fields (minute hour day month weekday) or 6 (seconds first), not 1");
    }

    @Test
    void aValueOutsideItsFieldIsRefusedNamingTheValueAndTheRange() {
        assertInvalid("0 24 * * *", "Value 24 not in range [0, 23]");
        assertInvalid("0 0 32 * *", "Value 32 not in range [1, 31]");
        assertInvalid("0 0 1 13 *", "Value 13 not in range [1, 12]");
        assertInvalid("60 * * * * *", "Value 60 not in range [0, 59]");
    }

    @Test
    void backwardRangesZeroStepsTrailingCommasAndWordsAreRefused() {
        assertInvalid("0 17-9 * * *", "Invalid range! [17,9]");
        assertInvalid("*/0 * * * *", "Period 0 not in range [0, 59]");
        assertInvalid("a b c d e", "Invalid chars in expression");
        assertThatThrownBy(() -> CronSchedule.parse("0 2, * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule '0 2, * * *' is not a valid cron expression: Invalid field value! Trailing commas not permitted! '2,'");
    }

    private static void assertInvalid(String expression, String why) {
        assertThatThrownBy(() -> CronSchedule.parse(expression)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schedule '" + expression + "' is not a valid cron expression: ")
                .hasMessageContaining(why);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
