package dev.lifeboat.cli.pointintime;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MomentConverterTest {

    private static final Instant MOMENT = Instant.parse("2026-11-24T10:15:03Z");

    private final MomentConverter converter = new MomentConverter();

    private static String refusal(String text) {
        return "'" + text + "' is not a moment: write it as 2026-11-24T10:15:03Z (UTC),"
                + " 2026-11-24T11:15:03+01:00 or 2026-11-24T11:15:03[Europe/Berlin]";
    }

    @Test
    void aMomentInUtcIsThatInstant() {
        assertThat(converter.convert("2026-11-24T10:15:03Z")).isEqualTo(MOMENT);
    }

    @Test
    void aMomentWithAnOffsetIsTheSameInstantInUtc() {
        assertThat(converter.convert("2026-11-24T11:15:03+01:00")).isEqualTo(MOMENT);
        assertThat(converter.convert("2026-11-24T05:15:03-05:00")).isEqualTo(MOMENT);
    }

    @Test
    void aWallClockTimeInANamedZoneIsReadWithThatZonesOffsetOnThatDay() {
        assertThat(converter.convert("2026-11-24T11:15:03[Europe/Berlin]")).isEqualTo(MOMENT);
        assertThat(converter.convert("2026-07-01T12:00:00[Europe/Berlin]")).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
        assertThat(converter.convert("2026-11-24T10:15:03[UTC]")).isEqualTo(MOMENT);
    }

    @Test
    void anOffsetInBracketsIsAZoneToo() {
        assertThat(converter.convert("2026-11-24T11:15:03[+01:00]")).isEqualTo(MOMENT);
    }

    @Test
    void fractionsOfASecondAreKeptAndOmittedSecondsAreZero() {
        assertThat(converter.convert("2026-11-24T10:15:03.250Z")).isEqualTo(Instant.parse("2026-11-24T10:15:03.250Z"));
        assertThat(converter.convert("2026-11-24T11:15:03.250[Europe/Berlin]")).isEqualTo(Instant.parse("2026-11-24T10:15:03.250Z"));
        assertThat(converter.convert("2026-11-24T10:15Z")).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
    }

    @Test
    void aWallClockTimeSkippedByTheSpringClockChangeMovesLaterByTheGap() {
        assertThat(converter.convert("2026-03-29T02:30:00[Europe/Berlin]")).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void aWallClockTimeRepeatedByTheAutumnClockChangeIsItsFirstOccurrence() {
        assertThat(converter.convert("2026-10-25T02:30:00[Europe/Berlin]")).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void aMomentWithoutAZoneOrOffsetIsRefusedShowingHowToWriteIt() {
        for (String text : List.of("2026-11-24T10:15:03", "2026-11-24 10:15:03", "2026-11-24 10:15:03Z", "2026-11-24")) {
            assertThatThrownBy(() -> converter.convert(text))
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage(refusal(text));
        }
    }

    @Test
    void anUnknownOrEmptyZoneIsRefused() {
        for (String text : List.of("2026-11-24T11:15:03[Mars/Olympus]", "2026-11-24T11:15:03[]")) {
            assertThatThrownBy(() -> converter.convert(text))
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage(refusal(text));
        }
    }

    @Test
    void anOffsetAndAZoneTogetherAreRefused() {
        String text = "2026-11-24T11:15:03+01:00[Europe/Berlin]";

        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage(refusal(text));
    }

    @Test
    void aZoneWithoutItsClosingBracketOrWithoutATimeIsRefused() {
        for (String text : List.of("2026-11-24T11:15:03[Europe/Berlin", "[Europe/Berlin]", "yesterday[Europe/Berlin]")) {
            assertThatThrownBy(() -> converter.convert(text))
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage(refusal(text));
        }
    }

    @Test
    void aDateOrTimeThatDoesNotExistIsRefused() {
        for (String text : List.of("2026-02-30T10:15:03Z", "2026-11-24T24:15:03Z", "2026-02-30T10:15:03[Europe/Berlin]")) {
            assertThatThrownBy(() -> converter.convert(text))
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage(refusal(text));
        }
    }

    @Test
    void anEmptyMomentIsRefused() {
        assertThatThrownBy(() -> converter.convert(""))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage(refusal(""));
    }
}
