package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.support.Fingerprint;
import dev.lifeboat.changes.support.PointInTimeRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table with {@code REPLICA IDENTITY FULL} and no unique key is found by its whole old row: where several rows are
 * equal, the source changed one of them and so does replay (not all, nor a refusal); a {@code json}, {@code xml} or
 * {@code point} column, which has no {@code =}, is found by its text.
 */
class ReplicaIdentityFullTest {

    private static final String DB = "sensors";
    private static final CaptureSettings SETTINGS = PointInTimeRig.QUICK;
    private static PointInTimeRig rig;

    @BeforeAll
    static void start() {
        rig = new PointInTimeRig();
        rig.postgres.execute("CREATE DATABASE " + DB);
        rig.postgres.execute(DB, """
                CREATE TABLE readings (sensor int, note text, doc json, spot point, raw xml);
                ALTER TABLE readings REPLICA IDENTITY FULL;
                INSERT INTO readings SELECT 1, 'same', '{"v": 1}', point(1, 2), '<r v="1"/>' FROM generate_series(1, 3);
                INSERT INTO readings SELECT 3, 'many', '{"v":   3,  "w" : [1,2]}', point(3, 4), '<r/>' FROM generate_series(1, 6);
                INSERT INTO readings VALUES (2, 'spaced', '{ "v" :  2 }', point(0.5, -1), NULL);
                """);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void oneOfEqualRowsIsChangedAsTheSourceChangedOneAndJsonXmlAndPointAreFoundByTheirText() throws Exception {
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(DB, SETTINGS, new CaptureObserver() {
            @Override
            public void started(PreflightReport preflight) {
                started.complete(preflight);
            }
        })) {
            assertThat(started.get(60, TimeUnit.SECONDS).excluded()).isEmpty();
            PointInTimeRig.AlignedBackup backup = rig.alignedBackup(DB, rig.workDir);

            rig.sql(DB, "UPDATE readings SET note = 'changed' WHERE ctid = (SELECT ctid FROM readings WHERE sensor = 1 LIMIT 1)");
            rig.sql(DB, "DELETE FROM readings WHERE ctid = (SELECT ctid FROM readings WHERE note = 'same' LIMIT 1)");
            rig.sql(DB, "UPDATE readings SET note = 'bulk' WHERE ctid IN (SELECT ctid FROM readings WHERE sensor = 3 LIMIT 5)");
            rig.sql(DB, "UPDATE readings SET spot = point(9, 9) WHERE sensor = 2");
            Instant moment = rig.nextSecond(DB);
            Fingerprint then = rig.fingerprint(DB, Set.of());
            rig.sql(DB, "DELETE FROM readings WHERE sensor = 3 AND note = 'bulk'");
            Instant later = rig.nextSecond(DB);
            Fingerprint atLater = rig.fingerprint(DB, Set.of());
            rig.waitForCoverage(DB, later);

            rig.restoreTo(backup, DB, moment, DB + "_then");
            assertThat(rig.fingerprint(DB + "_then", Set.of())).isEqualTo(then);
            rig.restoreTo(backup, DB, later, DB + "_later");
            assertThat(rig.fingerprint(DB + "_later", Set.of())).isEqualTo(atLater);
            assertThat(capture.failure().get()).isNull();
        }
    }
}
