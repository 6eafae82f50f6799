package dev.lifeboat.d1;

import dev.lifeboat.events.registry.DatabaseRegistration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Where one D1 database is and how wrangler reaches it: remote, an account's database by name and id with the API token
 * a credential reference names; or local, a database named in the {@code wrangler.toml} of a folder whose
 * {@code .wrangler/state} holds workerd's SQLite files.
 *
 * @param name          the database's name ({@code wrangler d1 ... NAME})
 * @param databaseId    its id; for a local database, derived from its name unless given
 * @param accountId     the account's id; null for a local database
 * @param localFolder   the local folder; null for a remote database
 * @param credentialRef where the API token lives; null for a local database
 */
public record D1Location(String name, String databaseId, String accountId, Path localFolder, String credentialRef) {

    public D1Location {
        if (localFolder == null && (accountId == null || databaseId == null)) {
            throw new IllegalArgumentException("a remote D1 database needs its account id and database id");
        }
        if (databaseId == null) {
            databaseId = localIdOf(name);
        }
    }

    /** A registered D1 database's location. */
    public static D1Location of(String name, DatabaseRegistration.D1Database d1, String credentialRef) {
        return new D1Location(name, d1.databaseId(), d1.accountId(), d1.localFolder() == null ? null : Path.of(d1.localFolder()),
                credentialRef);
    }

    /** Another database beside this one: in the same local folder, or the same account (its id is learnt on creation). */
    public D1Location sibling(String otherName, String otherId) {
        return new D1Location(otherName, otherId, accountId, localFolder, credentialRef);
    }

    public boolean local() {
        return localFolder != null;
    }

    /**
     * A local database's id when its registration names none: the same for the same name, so every service (and a person
     * with wrangler) finds the same SQLite file.
     */
    public static String localIdOf(String name) {
        return UUID.nameUUIDFromBytes(("lifeboat-d1:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** How messages name it: never a token. */
    @Override
    public String toString() {
        return "D1 database " + name + (local() ? " (local, " + localFolder + ")" : " (" + databaseId + " in account " + accountId + ")");
    }
}
