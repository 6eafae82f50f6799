package dev.lifeboat.events.registry;

/**
 * A registered database's settings changed; {@code registration} is the whole new state, not a difference.
 *
 * @param databaseId   the registry's id of the database
 * @param registration its settings now
 * @param changedBy    the person or system that changed them
 */
public record DatabaseUpdated(String databaseId, DatabaseRegistration registration, String changedBy) implements DatabaseChange {
}
