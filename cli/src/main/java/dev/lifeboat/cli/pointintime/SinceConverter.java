package dev.lifeboat.cli.pointintime;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How far back, as an operator writes it: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT45M}). */
public final class SinceConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    @Override
    public Duration convert(String text) {
        Matcher shortForm = SHORT.matcher(text);
        try {
            Duration since;
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                since = switch (shortForm.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                since = Duration.parse(text);
            }
            if (since.isZero() || since.isNegative()) {
                throw new TypeConversionException("'" + text + "' is no time back: write 90s, 30m, 2h or 1d");
            }
            return since;
        } catch (DateTimeParseException wrong) {
            throw new TypeConversionException("'" + text + "' is not a length of time: write 90s, 30m, 2h, 1d or PT45M");
        }
    }
}
