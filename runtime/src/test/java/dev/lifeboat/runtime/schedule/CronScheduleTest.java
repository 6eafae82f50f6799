package dev.lifeboat.runtime.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    @Test
    void aMinuteCronHasOneSlotPerMinuteWhicheverSecondAsks() {
        CronSchedule quarterly = CronSchedule.parse("0 0 1 1,4,7,10 *");
        Instant slot = Instant.parse("2027-04-01T00:00:00Z");

        assertThat(quarterly.lastSlotAtOrBefore(Instant.parse("2027-04-01T00:00:00Z"))).contains(slot);
        assertThat(quarterly.lastSlotAtOrBefore(Instant.parse("2027-04-01T00:00:30.5Z"))).contains(slot);
        assertThat(quarterly.lastSlotAtOrBefore(Instant.parse("2027-05-17T13:45:00Z"))).contains(slot);
        assertThat(quarterly.lastSlotAtOrBefore(Instant.parse("2027-03-31T23:59:59Z"))).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(quarterly.nextSlotAfter(slot)).contains(Instant.parse("2027-07-01T00:00:00Z"));
    }

    @Test
    void aSecondsCronHasOneSlotPerSecond() {
        CronSchedule everyTen = CronSchedule.parse("*/10 * * * * *");

        assertThat(everyTen.lastSlotAtOrBefore(Instant.parse("2026-11-21T10:00:10.900Z"))).contains(Instant.parse("2026-11-21T10:00:10Z"));
        assertThat(everyTen.lastSlotAtOrBefore(Instant.parse("2026-11-21T10:00:19Z"))).contains(Instant.parse("2026-11-21T10:00:10Z"));
    }

    @Test
    void aWrongExpressionIsNamedInItsError() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * *")).hasMessageContaining("'0 2 * *'").hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("99 2 * * *")).hasMessageContaining("not a valid cron expression");
    }
}
