package dev.lifeboat.changes.support;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.capture.ChangeCapture;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.postgres.connect.PgConnection;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A capture in a process of its own, for tests that kill it: connection settings in the environment (PG*, S3_*,
 * ARCHIVE_KEY), the segment limits as arguments. A failed run is retried after a second, as a service would.
 */
public final class CaptureProcess {

    public static void main(String[] args) throws Exception {
        String database = System.getenv("PGDATABASE");
        PgConnection source = new PgConnection(System.getenv("PGHOST"), Integer.parseInt(System.getenv("PGPORT")),
                System.getenv("PGUSER"), System.getenv("PGPASSWORD"));
        ArchiveEncryption key = new ArchiveEncryption("key-1", HexFormat.of().parseHex(System.getenv("ARCHIVE_KEY")));
        CaptureSettings settings = new CaptureSettings(Long.parseLong(args[0]), Duration.ofMillis(Long.parseLong(args[1])),
                Duration.ofMillis(Long.parseLong(args[2])), Duration.ofMinutes(5));
        ChangeCapture capture = new ChangeCapture(database, source, database,
                PointInTimeRig.archive(System.getenv("S3_ENDPOINT"), System.getenv("S3_BUCKET"), System.getenv("S3_ACCESS_KEY"),
                        System.getenv("S3_SECRET_KEY"), key),
                settings, new CaptureObserver() {
                    @Override
                    public void started(PreflightReport preflight) {
                        System.out.println("capturing");
                    }

                    @Override
                    public void stored(SegmentManifest segment) {
                        System.out.println("stored " + segment.segmentId() + " " + segment.transactions());
                    }
                }, Clock.systemUTC());
        while (true) {
            try {
                capture.run(() -> true);
            } catch (Exception e) {
                System.out.println("capture failed, retrying: " + e.getMessage());
                Thread.sleep(1000);
            }
        }
    }
}
