package dev.lifeboat.events.registry;

import dev.lifeboat.events.data.EventData;

/**
 * An event of {@code lifeboat.databases}: what a reader keeps of one database after it. A reader applies each one
 * the same way, whichever it is: the registration it carries replaces what it knew, and none means the database is
 * no longer registered.
 */
public sealed interface DatabaseChange extends EventData permits DatabaseRegistered, DatabaseUpdated, DatabaseRemoved {

    /** The database's whole registration after this change; null when it was removed. */
    DatabaseRegistration registration();

    /** The person or system that made the change. */
    String changedBy();
}
