package dev.lifeboat.backup.registry;

import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.Engine;

/** A registered database as {@code lifeboat.databases} publishes it: connection settings and references, never a secret. */
public final class Registrations {

    private Registrations() {
    }

    public static DatabaseRegistration of(RegisteredDatabase row) {
        DatabaseRegistration.RestoreRole restore = row.restoreUsername == null ? null
                : new DatabaseRegistration.RestoreRole(row.restoreUsername, row.restoreCredentialRef);
        boolean postgres = row.engine == Engine.POSTGRESQL;
        return new DatabaseRegistration(postgres ? row.host : null, postgres ? row.port : null, row.databaseName, row.username, row.credentialRef, restore,
                row.schedule, row.rpoMinutes * 60L, row.labels, row.declaredIn.name(),
                row.pointInTimeWindowSeconds == null ? null : new DatabaseRegistration.PointInTime(row.pointInTimeWindowSeconds),
                row.engine.wireName(), row.d1());
    }
}
