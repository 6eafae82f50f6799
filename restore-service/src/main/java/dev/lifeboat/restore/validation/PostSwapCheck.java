package dev.lifeboat.restore.validation;

import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.TargetServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** IN_PLACE after the swap: the swapped-in live database answers, and the configured {@link SmokeQuery} succeeds. */
public final class PostSwapCheck {

    private PostSwapCheck() {
    }

    /** @return what passed; @throws RestoreFailure POST_SWAP_CHECK_FAILED when the smoke query failed */
    public static String run(TargetServer server) throws RestoreFailure {
        try (Connection connection = server.open(server.liveDatabase(), "restore (post-swap check)", RestoreStep.POST_SWAP_CHECK);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            Optional<String> smoke = server.settings().smokeQuery();
            if (smoke.isPresent()) {
                var result = SmokeQuery.run(connection, smoke.get());
                if (!result.passed()) {
                    throw new RestoreFailure(RestoreStep.POST_SWAP_CHECK, "POST_SWAP_CHECK_FAILED", result.details());
                }
                return "connection and smoke query passed";
            }
            return "connection passed (no smoke query configured)";
        } catch (SQLException e) {
            throw server.failure(RestoreStep.POST_SWAP_CHECK, server.liveDatabase(), e);
        }
    }
}
