package dev.lifeboat.backup.capture;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.backup.TestBucket;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.ReplayRate;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the replay budget asks for a backup, and how often it reads the catalog: on a clock the test moves, with the
 * measured rate in a real S3 API server (S3Proxy). 10 row changes a second against a budget of a minute: 600 fit.
 */
class ReplayBudgetWatchTest {

    private static final String BUCKET = "budget";
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static S3Server s3;
    private static S3Client client;
    private static ChangeArchive archive;

    private final MovingClock clock = new MovingClock();
    private final AtomicReference<Optional<Lsn>> newestBackup = new AtomicReference<>(Optional.of(new Lsn(100)));
    private final AtomicInteger catalogReads = new AtomicInteger();
    private final List<Integer> requests = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start(BUCKET);
        client = TestBucket.client(s3);
        archive = new ChangeArchive(new BucketObjects(client, BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, BUCKET,
                s3.accessKey(), s3.secretKey())), Compression.NONE, 0, Optional.empty(), Clock.systemUTC());
        archive.recordReplayRate(new ReplayRate("db", 100_000, 10_000, T0));
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.close();
    }

    @Test
    void aBackupAskedForThatMovedNothingIsAskedForAgainAfterThirtyMinutesNotBefore() throws Exception {
        ReplayBudgetWatch watch = watch();
        watch.stored(segment(200, 700)); // 70 s of replay: past the minute
        assertThat(requests).containsExactly(1);

        clock.move(Duration.ofMinutes(29));
        watch.stored(segment(300, 10));
        assertThat(requests).as("asked 29 minutes ago: the backup may still come").containsExactly(1);

        clock.move(Duration.ofMinutes(2));
        watch.stored(segment(400, 10));
        assertThat(requests).as("31 minutes and the count has not moved: that backup failed").containsExactly(1, 2);
    }

    @Test
    void pastTheBudgetTheCatalogIsReadAtMostOnceAMinuteAndANewerBackupEndsTheCount() throws Exception {
        ReplayBudgetWatch watch = watch();
        watch.stored(segment(200, 700));
        int afterFirst = catalogReads.get();
        for (int i = 1; i <= 5; i++) {
            clock.move(Duration.ofSeconds(10));
            watch.stored(segment(200 + i, 10));
        }
        assertThat(catalogReads.get()).as("within the minute").isEqualTo(afterFirst);

        newestBackup.set(Optional.of(new Lsn(250))); // the backup asked for completed
        clock.move(Duration.ofSeconds(15));
        watch.stored(segment(300, 10));
        assertThat(catalogReads.get()).isEqualTo(afterFirst + 1);
        assertThat(watch.estimate().rowChanges()).as("counted from the newer backup").isEqualTo(10);
        assertThat(requests).containsExactly(1);
    }

    @Test
    void withinTheBudgetNothingIsAskedAndTheCatalogIsNotReadAgain() throws Exception {
        ReplayBudgetWatch watch = watch();
        watch.stored(segment(200, 300));
        watch.stored(segment(300, 300)); // 600: exactly the budget
        clock.move(Duration.ofMinutes(5));
        watch.stored(segment(400, 0));

        assertThat(requests).isEmpty();
        assertThat(catalogReads.get()).as("once, to count from the newest backup at start").isEqualTo(1);
    }

    private ReplayBudgetWatch watch() {
        return new ReplayBudgetWatch("db", Duration.ofMinutes(1), () -> {
            catalogReads.incrementAndGet();
            return newestBackup.get();
        }, archive, 20_000, (databaseId, base, attempt, estimate) -> requests.add(attempt), clock);
    }

    private SegmentManifest segment(long lastCommit, long rowChanges) {
        return new SegmentManifest(1, "db", "s-" + lastCommit, "key", new Lsn(lastCommit - 1), new Lsn(lastCommit + 1),
                new Lsn(lastCommit), new Lsn(lastCommit), clock.instant(), clock.instant(), clock.instant(), 1,
                Map.of("public.t", rowChanges), List.of(), Map.of(), Map.of(), 10, "sha", Compression.NONE, 0, null, clock.instant(), null);
    }

    private static final class MovingClock extends Clock {
        private Instant now = T0;

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
