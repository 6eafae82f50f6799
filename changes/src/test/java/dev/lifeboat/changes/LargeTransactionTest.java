package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.segment.ReplayRate;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.support.Fingerprint;
import dev.lifeboat.changes.support.PointInTimeRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction far larger than the capture's transaction memory (256 KB here) spills to disk and is stored as a
 * segment of its own, in parts of one commit: a restore to a second after it has every one of its changes, its DDL
 * at its place included, and a restore to a second before it has none; nothing is left in the spill directory, and
 * what a capture that stopped abruptly left there is deleted as it starts again.
 */
class LargeTransactionTest {

    private static final String DB = "warehouse";
    private static PointInTimeRig rig;
    private static Path spill;

    @BeforeAll
    static void start() throws Exception {
        rig = new PointInTimeRig();
        spill = Files.createDirectories(rig.workDir.resolve("spill"));
        rig.postgres.execute("CREATE DATABASE " + DB);
        rig.postgres.execute(DB, """
                CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL, note text);
                INSERT INTO items SELECT n, n % 7, 'item ' || n FROM generate_series(1, 20000) n;
                CREATE TABLE moves (id bigserial PRIMARY KEY, item int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
                """);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aTransactionLargerThanMemorySpillsToDiskAndRestoresWholeAtItsSecondAndNotBefore() throws Exception {
        Path leftover = Files.writeString(spill.resolve("lifeboat-spill-" + DB + ".42-1234.jsonl"), "{}");
        Path othersFile = Files.writeString(spill.resolve("lifeboat-spill-" + DB + "-eu.42-1234.jsonl"), "{}");
        CaptureSettings settings = new CaptureSettings(256 << 10, Duration.ofMillis(300), Duration.ofMillis(200),
                Duration.ofSeconds(1), 256 << 10, spill);
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(DB, settings, new CaptureObserver() {
            @Override
            public void started(PreflightReport preflight) {
                started.complete(preflight);
            }
        })) {
            started.get(60, TimeUnit.SECONDS);
            assertThat(leftover).as("what an abrupt stop left in the spill directory").doesNotExist();
            assertThat(othersFile).as("another database's file").exists();
            PointInTimeRig.AlignedBackup backup = rig.alignedBackup(DB, rig.workDir);

            rig.sql(DB, "INSERT INTO moves (item) SELECT n FROM generate_series(1, 10) n");
            Instant before = rig.nextSecond(DB);
            Fingerprint atBefore = rig.fingerprint(DB, Set.of());
            String schemaBefore = rig.schema(DB);
            // sequences are read as a segment closes and may be ahead of its data (README): the segment that holds the
            // ten moves closes before the large transaction draws 5,000 more ids, so `before` has exactly the source's
            rig.waitForCoverage(DB, before);
            try (Connection connection = rig.postgres.connect(DB); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                statement.execute("UPDATE items SET qty = qty + 1, note = note || repeat('.', 40)");
                statement.execute("ALTER TABLE items ADD COLUMN checked boolean");
                statement.execute("UPDATE items SET checked = (id % 3 = 0)");
                statement.execute("CREATE INDEX items_checked ON items (checked)");
                statement.execute("INSERT INTO moves (item) SELECT n FROM generate_series(1, 5000) n");
                statement.execute("DELETE FROM items WHERE id % 10 = 0");
                connection.commit();
            }
            Instant after = rig.nextSecond(DB);
            Fingerprint atAfter = rig.fingerprint(DB, Set.of());
            String schemaAfter = rig.schema(DB);
            rig.waitForCoverage(DB, after);

            SegmentManifest large = rig.archive.segments(DB).stream()
                    .filter(segment -> segment.rowChanges().getOrDefault("public.items", 0L) >= 40_000).findFirst().orElseThrow();
            assertThat(large.transactions()).as("the large transaction, stored in parts of one commit").isEqualTo(1);
            assertThat(large.rowChanges()).containsEntry("public.items", 42_000L).containsEntry("public.moves", 5_000L);
            AtomicInteger parts = new AtomicInteger();
            rig.archive.read(large, id -> rig.key, part -> parts.incrementAndGet());
            assertThat(parts.get()).as("parts of 10,000 changes, read back from the spill file").isEqualTo(5);

            rig.restoreTo(backup, DB, before, DB + "_before");
            assertThat(rig.fingerprint(DB + "_before", Set.of())).isEqualTo(atBefore);
            assertThat(rig.schema(DB + "_before")).isEqualTo(schemaBefore);
            var reached = rig.restoreTo(backup, DB, after, DB + "_after");
            assertThat(rig.fingerprint(DB + "_after", Set.of())).isEqualTo(atAfter);
            assertThat(rig.schema(DB + "_after")).isEqualTo(schemaAfter);
            assertThat(reached.transactions()).as("the large transaction counts once").isEqualTo(2);

            // a replay this long measures a rate, which the capture's replay budget reads back from the bucket
            assertThat(rig.archive.replayRate(DB)).isEmpty();
            ArchiveReplay.recordRate(rig.archive, DB, reached);
            var rate = rig.archive.replayRate(DB).orElseThrow();
            assertThat(rate.rowChanges()).isEqualTo(reached.rowChanges()).isGreaterThan(ReplayRate.FEWEST_ROW_CHANGES);
            assertThat(rate.seconds()).isEqualTo(reached.took().toNanos() / 1e9);
            assertThat(rate.perSecond()).isPositive();
            assertThat(capture.failure().get()).isNull();
        }
        try (var files = Files.list(spill)) {
            assertThat(files.map(Path::getFileName).map(Path::toString).toList())
                    .as("the spill directory after the capture stopped").isEqualTo(List.of(othersFile.getFileName().toString()));
        }
    }
}
