package dev.lifeboat.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service signs the events it publishes ({@code lifeboat.events.*}). */
@ConfigMapping(prefix = "lifeboat.events")
public interface EventSource {

    /** CloudEvents {@code source} of every event this service publishes: {@code /lifeboat/<the service's name>}. */
    @WithDefault("/lifeboat/${quarkus.application.name}")
    String source();
}
