package dev.lifeboat.changes.capture;

import java.time.Duration;

/**
 * @param segmentBytes a segment closes when its changes reach about this many bytes of JSON
 * @param segmentAge   or when its first transaction is this old: the RPO knob (a commit is stored within about this long)
 * @param heartbeat    how often an idle stream is proven complete up to now (a logical message through the stream)
 * @param tablePoll    how often the catalog is looked at: for new tables, which join the publication, and where no event
 *                     trigger records DDL for schema changes (the archive is complete no further than the last look, and
 *                     a gap starts at most this long before the change); with the trigger, at least every 15 s
 */
public record CaptureSettings(long segmentBytes, Duration segmentAge, Duration heartbeat, Duration tablePoll) {

    public static final CaptureSettings DEFAULTS = new CaptureSettings(16L << 20, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(1));
}
