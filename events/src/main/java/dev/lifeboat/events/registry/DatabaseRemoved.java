package dev.lifeboat.events.registry;

/**
 * A database is no longer protected: no new backups, restores or restore tests. Its stored backups stay
 * until retention or an admin removes them.
 *
 * @param databaseId the registry's id of the database
 * @param changedBy  the person or system that removed it
 */
public record DatabaseRemoved(String databaseId, String changedBy) implements DatabaseChange {

    /** None: the database is no longer registered. */
    @Override
    public DatabaseRegistration registration() {
        return null;
    }
}
