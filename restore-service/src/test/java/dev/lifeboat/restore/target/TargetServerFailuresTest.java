package dev.lifeboat.restore.target;

import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed session on the target is called: the target's own failures by their SQLSTATE, the journal's as its own. */
class TargetServerFailuresTest {

    private static final String PASSWORD = "s3cret-restore-password";
    private static final TargetServer SERVER = new TargetServer("shop", new TargetSettings("db.internal", 5432, "shop", "restorer",
            Optional.empty(), Optional.empty(), Optional.empty(), TargetSettings.DEFAULT_MAINTENANCE_DATABASE, Optional.empty(), "test",
            false, true), new PgConnection("db.internal", 5432, "restorer", PASSWORD));

    /**
     * A session whose attempt's ownership Lifeboat's own database could not confirm was reported as the target's
     * {@code SQL_FAILED}, under the target's address: an operator would look at a healthy server.
     */
    @Test
    void aSessionWhoseOwnershipTheJournalCouldNotTellFailsAsLifeboatsOwnDatabaseNotAsTheTarget() {
        RestoreFailure failure = SERVER.failure(RestoreStep.LOAD, "shop", new TargetServer.OwnershipUnknown(
                "Lifeboat's own database did not answer whether restore r-1 still owns its run: Connection refused",
                new ConnectException("Connection refused")));

        assertThat(failure.code()).isEqualTo(TargetServer.OWN_DATABASE_UNAVAILABLE);
        assertThat(failure.step()).isEqualTo(RestoreStep.LOAD);
        assertThat(failure.getMessage()).startsWith("Lifeboat's own database did not answer").doesNotContain("db.internal");
    }

    @Test
    void theTargetsOwnFailuresAreNamedByTheirSqlstateAtItsAddressWithoutThePassword() {
        RestoreFailure refused = SERVER.failure(RestoreStep.LOAD, "shop", new SQLException("Connection to db.internal:5432 refused", "08001"));
        assertThat(refused.code()).isEqualTo("CONNECTION_FAILED");
        assertThat(refused.getMessage()).contains("db.internal");

        RestoreFailure echoed = SERVER.failure(RestoreStep.LOAD, "shop", new SQLException("syntax error near " + PASSWORD, "42601"));
        assertThat(echoed.code()).isEqualTo("SQL_FAILED");
        assertThat(echoed.getMessage()).doesNotContain(PASSWORD);
    }
}
