package dev.lifeboat.archive.staging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/**
 * Where a service stages a backup's plaintext archive on its own disk, so that {@code pg_restore --jobs} can seek in it
 * ({@code lifeboat.staging.*}, in restore-service and the verifier; the defaults below are SmallRye Config's).
 */
@ConfigMapping(prefix = "lifeboat.staging")
public interface StagingSettings {

    /**
     * The folder staged archives are written to: it needs room for the largest backup's plaintext archive (about the
     * database's size without its indexes). Default: {@code lifeboat-staging/<service>} in the system temp folder.
     */
    @WithDefault("${java.io.tmpdir}/lifeboat-staging/${quarkus.application.name:lifeboat}")
    Path folder();

    /** Bytes left free on the staging disk beside a staged archive: a restore that would leave less is refused. Default 512 MiB. */
    @WithDefault("536870912")
    long reserveBytes();

    /** The {@code pg_restore} jobs a service runs unless configured: this machine's cores, at most 4. */
    static int defaultJobs() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** Ranged GETs in flight while an archive is downloaded; each holds one 4 MiB part in memory. */
    @WithDefault("4")
    int downloadStreams();
}
