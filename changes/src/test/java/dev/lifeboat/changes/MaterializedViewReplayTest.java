package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.support.PointInTimeRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Materialized views on a restore to a second (real PostgreSQL 15 and S3Proxy): pg_restore recomputes each from the
 * backup's rows, where the source's held what its last REFRESH computed. A REFRESH after the backup is replayed at its
 * place, and the view then equals the source's; a view not refreshed since is named in the point reached, as the one
 * place the copy may differ from the source.
 */
class MaterializedViewReplayTest {

    private static final String DB = "rentals_views";
    private static final CaptureSettings SETTINGS = PointInTimeRig.QUICK;
    private static PointInTimeRig rig;

    @BeforeAll
    static void start() {
        rig = new PointInTimeRig();
        rig.createDatabase(DB, """
                CREATE TABLE rental (id int PRIMARY KEY, category text NOT NULL, amount numeric NOT NULL);
                INSERT INTO rental SELECT i, 'cat ' || (i % 3), i FROM generate_series(1, 30) i;
                CREATE MATERIALIZED VIEW rental_by_category AS SELECT category, sum(amount) AS total FROM rental GROUP BY category;
                CREATE MATERIALIZED VIEW stale_totals AS SELECT count(*) AS rentals FROM rental;
                INSERT INTO rental VALUES (100, 'cat 0', 1000);
                """); // stale_totals and rental_by_category are both stale now: the row above came after them
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aReplayedRefreshMakesTheViewTheSourcesAndAViewNotRefreshedSinceTheBackupIsNamed() throws Exception {
        try (PointInTimeRig.RunningCapture capture = rig.streamingCapture(DB, SETTINGS)) {
            PointInTimeRig.AlignedBackup backup = rig.alignedBackup(DB, rig.workDir);
            rig.sql(DB, "INSERT INTO rental VALUES (101, 'cat 1', 500)");
            rig.sql(DB, "REFRESH MATERIALIZED VIEW /* nightly */ public.rental_by_category -- by cron");
            rig.sql(DB, "INSERT INTO rental VALUES (102, 'cat 2', 700)"); // after the refresh: the source's view leaves it out
            Instant moment = rig.nextSecond(DB);
            String byCategory = view(DB, "rental_by_category");
            String staleTotals = view(DB, "stale_totals");
            rig.waitForCoverage(DB, moment);

            ArchiveReplay.Reached reached = rig.restoreTo(backup, DB, moment, DB + "_then");

            assertThat(view(DB + "_then", "rental_by_category")).as("refreshed at its place, as the source was").isEqualTo(byCategory);
            assertThat(reached.viewsRecomputed()).containsExactly("public.stale_totals");
            assertThat(view(DB + "_then", "stale_totals")).as("recomputed from the backup's rows: it differs, and is named")
                    .isNotEqualTo(staleTotals);
            assertThat(capture.failure().get()).isNull();
        }
    }

    private static String view(String database, String view) throws Exception {
        try (Connection connection = rig.postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(string_agg(v::text, ';' ORDER BY v::text), '') FROM " + view + " v")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
