package dev.lifeboat.cli.pointintime;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.DateTimeException;

/**
 * A moment as an operator writes it: UTC ({@code 2026-11-24T10:15:03Z}), with an offset
 * ({@code 2026-11-24T11:15:03+01:00}), or a wall-clock time in a named zone ({@code 2026-11-24T11:15:03[Europe/Berlin]}).
 */
public final class MomentConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        try {
            int zone = text.indexOf('[');
            if (zone > 0 && text.endsWith("]")) {
                ZoneId region = ZoneId.of(text.substring(zone + 1, text.length() - 1));
                return LocalDateTime.parse(text.substring(0, zone)).atZone(region).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException wrong) {
            throw new TypeConversionException("'" + text + "' is not a moment: write it as 2026-11-24T10:15:03Z (UTC),"
                    + " 2026-11-24T11:15:03+01:00 or 2026-11-24T11:15:03[Europe/Berlin]");
        }
    }
}
