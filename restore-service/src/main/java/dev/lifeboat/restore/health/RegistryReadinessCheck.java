package dev.lifeboat.restore.health;

import dev.lifeboat.restore.registry.RegistryCatchUp;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this service has read the registry as it stood at its start ({@link RegistryCatchUp}): a new replica does
 * not answer a restore of a registered database with "unknown" while it is still reading {@code lifeboat.databases}.
 * The admin client blocks, so the check runs on a worker thread.
 */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "registry read";

    private final RegistryCatchUp catchUp;

    public RegistryReadinessCheck(RegistryCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::check).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private HealthCheckResponse check() {
        try {
            long behind = catchUp.behind();
            return HealthCheckResponse.named(NAME).status(behind == 0).withData("recordsBehind", behind).build();
        } catch (RegistryCatchUp.RegistryUnreadable e) {
            return HealthCheckResponse.named(NAME).down().withData("error", e.getMessage()).build();
        }
    }
}
