package dev.lifeboat.verifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this service signs the events it publishes. */
@ConfigMapping(prefix = "lifeboat.events")
public interface EventsConfig {

    /** CloudEvents {@code source} of every event this service publishes. */
    @WithDefault("/lifeboat/verifier-service")
    String source();
}
