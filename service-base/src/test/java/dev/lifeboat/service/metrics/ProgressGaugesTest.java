package dev.lifeboat.service.metrics;

import dev.lifeboat.runtime.progress.ProgressReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressGaugesTest {

    private static final String DONE = "lifeboat.test.progress.bytes";
    private static final String EXPECTED = "lifeboat.test.progress.expected.bytes";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProgressGauges gauges = new ProgressGauges(registry, "lifeboat.test", "pg_dump bytes of the running backup");

    private static ProgressReading reading(long done, long expected) {
        return new ProgressReading(done, expected, 0, null, null);
    }

    private Gauge gauge(String name, String databaseId) {
        return registry.get(name).tag("database", databaseId).gauge();
    }

    private double done(String databaseId) {
        return gauge(DONE, databaseId).value();
    }

    private double expected(String databaseId) {
        return gauge(EXPECTED, databaseId).value();
    }

    @Test
    void readingsSetTheDatabasesTwoGaugesNamedAfterThePrefix() {
        Object backup = new Object();
        gauges.show("shop", backup, reading(300, 1200));
        assertThat(done("shop")).isEqualTo(300.0);
        assertThat(expected("shop")).isEqualTo(1200.0);
        gauges.show("shop", backup, reading(900, 1200));
        assertThat(done("shop")).as("a later reading moves the same gauge").isEqualTo(900.0);
        assertThat(registry.getMeters()).hasSize(2);
        assertThat(gauge(DONE, "shop").getId().getDescription()).isEqualTo("pg_dump bytes of the running backup so far (0: none running)");
        assertThat(gauge(EXPECTED, "shop").getId().getDescription())
                .isEqualTo("pg_dump bytes of the running backup expected in all (0: none running)");
    }

    @Test
    void anUnknownExpectedSizeShowsAsZero() {
        gauges.show("shop", new Object(), reading(300, -1));
        assertThat(done("shop")).isEqualTo(300.0);
        assertThat(expected("shop")).isZero();
    }

    @Test
    void aReadingOfOtherWorkWhileOneRunsIsNotShown() {
        Object running = new Object();
        Object other = new Object();
        gauges.show("shop", running, reading(300, 1200));
        gauges.show("shop", other, reading(5000, 9000));
        assertThat(done("shop")).isEqualTo(300.0);
        assertThat(expected("shop")).isEqualTo(1200.0);
    }

    @Test
    void onceTheWorkEndsItsGaugesAreZeroALateReadingOfItIsDroppedAndTheNextWorkIsShown() {
        Object backup = new Object();
        gauges.show("shop", backup, reading(300, 1200));
        gauges.idle("shop", backup);
        assertThat(done("shop")).isZero();
        assertThat(expected("shop")).isZero();

        gauges.show("shop", backup, reading(1200, 1200));
        assertThat(done("shop")).isZero();
        assertThat(expected("shop")).isZero();

        Object next = new Object();
        gauges.show("shop", next, reading(10, 50));
        assertThat(done("shop")).isEqualTo(10.0);
        assertThat(expected("shop")).isEqualTo(50.0);
    }

    @Test
    void workThatEndsBeforeItsFirstReadingRegistersNothing() {
        Object backup = new Object();
        gauges.idle("shop", backup);
        gauges.show("shop", backup, reading(300, 1200));
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void eachDatabaseHasItsOwnGauges() {
        Object shopBackup = new Object();
        Object crmBackup = new Object();
        gauges.show("shop", shopBackup, reading(300, 1200));
        gauges.show("crm", crmBackup, reading(7, 70));
        gauges.idle("crm", crmBackup);
        assertThat(done("shop")).isEqualTo(300.0);
        assertThat(expected("shop")).isEqualTo(1200.0);
        assertThat(done("crm")).isZero();
        assertThat(registry.find(DONE).gauges()).hasSize(2);
    }

    @Test
    void aForgottenDatabasesNextWorkGetsNewGaugesOnceTheOldMetersAreRemoved() {
        Object backup = new Object();
        gauges.show("shop", backup, reading(300, 1200));
        gauges.forget("shop");
        List.copyOf(registry.getMeters()).forEach(registry::remove);

        Object next = new Object();
        gauges.show("shop", next, reading(20, 40));
        assertThat(done("shop")).isEqualTo(20.0);
        assertThat(expected("shop")).isEqualTo(40.0);
        assertThat(registry.getMeters()).hasSize(2);
    }
}
