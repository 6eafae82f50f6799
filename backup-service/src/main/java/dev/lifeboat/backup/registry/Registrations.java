package dev.lifeboat.backup.registry;

import dev.lifeboat.events.registry.DatabaseRegistration;

/** A registered database as {@code lifeboat.databases} publishes it: connection settings and references, never a secret. */
public final class Registrations {

    private Registrations() {
    }

    public static DatabaseRegistration of(RegisteredDatabase row) {
        DatabaseRegistration.RestoreRole restore = row.restoreUsername == null ? null
                : new DatabaseRegistration.RestoreRole(row.restoreUsername, row.restoreCredentialRef);
        return new DatabaseRegistration(row.serverHost(), row.serverPort(), row.databaseName, row.username, row.credentialRef, restore,
                row.schedule, row.rpoMinutes * 60L, row.labels, row.declaredIn.name(),
                row.pointInTimeWindowSeconds == null ? null : new DatabaseRegistration.PointInTime(row.pointInTimeWindowSeconds),
                row.engine.wireName(), row.d1(), row.tls(),
                row.restoreWithoutSafetyBackup ? Boolean.TRUE : null);
    }
}
