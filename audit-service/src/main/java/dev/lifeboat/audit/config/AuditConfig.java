package dev.lifeboat.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the log keeps its rows and how often it checks itself ({@code lifeboat.audit.*}). */
@ConfigMapping(prefix = "lifeboat.audit")
public interface AuditConfig {

    /** Rows recorded longer ago than this are pruned (the chain stays verifiable from an anchor). Default 3 years. */
    @WithDefault("P1095D")
    Duration retention();

    /** When retention runs (Quartz cron with seconds). Default every night at 03:30. */
    @WithDefault("0 30 3 * * ?")
    String pruneCron();

    /** How often the whole chain is verified, which updates the {@code lifeboat.audit.chain.intact} metric. */
    @WithDefault("1h")
    String verifyEvery();
}
