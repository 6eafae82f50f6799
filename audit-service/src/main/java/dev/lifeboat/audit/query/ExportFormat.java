package dev.lifeboat.audit.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an export is written: one JSON object per line, or CSV with a header row. */
public enum ExportFormat {
    NDJSON("application/x-ndjson", "ndjson"),
    CSV("text/csv", "csv");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String fileName() {
        return "lifeboat-audit." + extension;
    }

    public static ExportFormat parse(String format) {
        return Arrays.stream(values()).filter(value -> value.extension.equals(format == null ? "ndjson" : format.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new BadQueryException("unknown format '" + format + "'; one of "
                        + Arrays.stream(values()).map(value -> value.extension).collect(Collectors.joining(", "))));
    }
}
