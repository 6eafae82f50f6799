package dev.lifeboat.cli.output;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class HumanTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aDurationUnderAMinuteIsShownInSeconds() {
        assertThat(Human.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(Human.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Human.duration(Duration.ofSeconds(59))).isEqualTo("59s");
    }

    @Test
    void aDurationUnderAnHourIsShownInMinutesAndSeconds() {
        assertThat(Human.duration(Duration.ofSeconds(60))).isEqualTo("1m 0s");
        assertThat(Human.duration(Duration.ofSeconds(723))).isEqualTo("12m 3s");
        assertThat(Human.duration(Duration.ofSeconds(3599))).isEqualTo("59m 59s");
    }

    @Test
    void aDurationUnderADayIsShownInHoursAndMinutesDroppingTheSeconds() {
        assertThat(Human.duration(Duration.ofSeconds(3600))).isEqualTo("1h 0m");
        assertThat(Human.duration(Duration.ofHours(3).plusMinutes(12).plusSeconds(59))).isEqualTo("3h 12m");
        assertThat(Human.duration(Duration.ofSeconds(86_399))).isEqualTo("23h 59m");
    }

    @Test
    void aDurationOfADayOrMoreIsShownInDaysAndHoursDroppingTheMinutes() {
        assertThat(Human.duration(Duration.ofDays(1))).isEqualTo("1d 0h");
        assertThat(Human.duration(Duration.ofDays(2).plusHours(4).plusMinutes(59))).isEqualTo("2d 4h");
        assertThat(Human.duration(Duration.ofDays(400))).isEqualTo("400d 0h");
    }

    @Test
    void theFractionOfASecondIsDroppedNotRoundedUp() {
        assertThat(Human.duration(Duration.ofMillis(59_999))).isEqualTo("59s");
        assertThat(Human.duration(Duration.ofMillis(999))).isEqualTo("0s");
    }

    @Test
    void aNegativeDurationIsShownAsNoTimeAtAll() {
        assertThat(Human.duration(Duration.ofSeconds(-90))).isEqualTo("0s");
        assertThat(Human.duration(Duration.ofMillis(-1))).isEqualTo("0s");
    }

    @Test
    void anAgeIsTheDurationSinceThenAndADashWhenThereIsNone() {
        assertThat(Human.age(NOW.minusSeconds(90), NOW)).isEqualTo("1m 30s ago");
        assertThat(Human.age(NOW.minus(Duration.ofHours(30)), NOW)).isEqualTo("1d 6h ago");
        assertThat(Human.age(NOW, NOW)).isEqualTo("0s ago");
        assertThat(Human.age(null, NOW)).isEqualTo("-");
    }

    @Test
    void aMomentInTheFutureIsNoTimeAgo() {
        assertThat(Human.age(NOW.plusSeconds(300), NOW)).isEqualTo("0s ago");
    }

    @Test
    void millisUnderASecondAreShownAsMilliseconds() {
        assertThat(Human.millis(0)).isEqualTo("0 ms");
        assertThat(Human.millis(850)).isEqualTo("850 ms");
        assertThat(Human.millis(999)).isEqualTo("999 ms");
    }

    @Test
    void millisUnderAMinuteAreShownAsSecondsWithOneDecimal() {
        assertThat(Human.millis(1000)).isEqualTo("1.0 s");
        assertThat(Human.millis(4200)).isEqualTo("4.2 s");
        assertThat(Human.millis(59_999)).isEqualTo("60.0 s");
    }

    @Test
    void millisOfAMinuteOrMoreAreShownAsADuration() {
        assertThat(Human.millis(60_000)).isEqualTo("1m 0s");
        assertThat(Human.millis(61_500)).isEqualTo("1m 1s");
        assertThat(Human.millis(3_723_000)).isEqualTo("1h 2m");
    }

    @Test
    void aCountIsSingularOnlyForOne() {
        assertThat(Human.count(1, "backup")).isEqualTo("1 backup");
        assertThat(Human.count(0, "backup")).isEqualTo("0 backups");
        assertThat(Human.count(2, "row")).isEqualTo("2 rows");
        assertThat(Human.count(40_000, "row")).isEqualTo("40000 rows");
    }

    @Test
    void aSizeUnderAThousandBytesIsShownInBytes() {
        assertThat(Human.size(0)).isEqualTo("0 B");
        assertThat(Human.size(512)).isEqualTo("512 B");
        assertThat(Human.size(999)).isEqualTo("999 B");
    }

    @Test
    void aSizeOfAThousandBytesOrMoreIsShownInDecimalUnitsWithOneDecimal() {
        assertThat(Human.size(1000)).isEqualTo("1.0 kB");
        assertThat(Human.size(1024)).isEqualTo("1.0 kB");
        assertThat(Human.size(1_000_000)).isEqualTo("1.0 MB");
        assertThat(Human.size(41_200_000)).isEqualTo("41.2 MB");
        assertThat(Human.size(3_000_000_000L)).isEqualTo("3.0 GB");
        assertThat(Human.size(1_500_000_000_000L)).isEqualTo("1.5 TB");
    }

    @Test
    void aSizeJustUnderTheNextUnitIsRoundedInItsOwnUnit() {
        assertThat(Human.size(999_999)).isEqualTo("1000.0 kB");
    }

    @Test
    void petabytesAreTheLargestUnit() {
        assertThat(Human.size(1_000_000_000_000_000L)).isEqualTo("1.0 PB");
        assertThat(Human.size(1_000_000_000_000_000_000L)).isEqualTo("1000.0 PB");
        assertThat(Human.size(Long.MAX_VALUE)).isEqualTo("9223.4 PB");
    }

    @Test
    void decimalsUseAPointWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(Human.size(41_200_000)).isEqualTo("41.2 MB");
            assertThat(Human.millis(4200)).isEqualTo("4.2 s");
        } finally {
            Locale.setDefault(before);
        }
    }
}
