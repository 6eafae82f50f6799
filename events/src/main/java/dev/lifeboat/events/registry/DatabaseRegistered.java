package dev.lifeboat.events.registry;

/**
 * A database was registered (through the API or declared in configuration): from now on it is backed up,
 * restored, verified and watched.
 *
 * @param databaseId   the registry's id of the database
 * @param registration its settings
 * @param changedBy    the person or system that registered it
 */
public record DatabaseRegistered(String databaseId, DatabaseRegistration registration, String changedBy) implements DatabaseChange {
}
