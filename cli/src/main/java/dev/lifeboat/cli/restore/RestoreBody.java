package dev.lifeboat.cli.restore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The body of {@code POST /api/restores} from the command line's choices; a wrong combination is refused here, with
 * a sentence, before anything is asked of the service.
 */
public final class RestoreBody {

    private RestoreBody() {
    }

    /**
     * @param newDatabase a new database's name, or null
     * @param inPlace     replace the live database (needs {@code confirmed})
     * @param tables      tables to restore (into {@code newDatabase}, or the live database when it is null), or empty
     * @param backupId    a backup to restore, or null for the latest (or {@code at})
     * @param at          the second to restore to (point-in-time; the newest backup at or before it where no changes are
     *                    captured), or just before a captured transaction; null for none
     */
    public static ObjectNode of(String databaseId, String newDatabase, boolean inPlace, List<String> tables, String backupId, RestorePoint at,
                                boolean includeSafetyBackups, boolean includeDependents, boolean safetyBackup, boolean confirmed) {
        boolean someTables = tables != null && !tables.isEmpty();
        if (inPlace && (newDatabase != null || someTables)) {
            throw new IllegalArgumentException("--in-place replaces the whole live database: it goes with neither --new nor --tables");
        }
        if (!inPlace && newDatabase == null && !someTables) {
            throw new IllegalArgumentException("say where to restore: --new NAME, --in-place, or --tables T... (into the live database, or --new NAME)");
        }
        if (inPlace && !confirmed) {
            throw new IllegalArgumentException("--in-place replaces the live database (it is kept aside, renamed): add --yes to confirm");
        }
        if (backupId != null && at != null) {
            throw new IllegalArgumentException("--backup and --at (or --before) both choose the backup: give one");
        }
        if (includeDependents && !someTables) {
            throw new IllegalArgumentException("--include-dependents goes with --tables");
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode source = json.objectNode();
        if (backupId != null) {
            source.put("kind", "BACKUP_ID").put("backupId", backupId);
        } else if (at != null) {
            at.into(source);
        } else {
            source.put("kind", "LATEST");
        }
        if (includeSafetyBackups) {
            source.put("includeSafetyBackups", true);
        }
        ObjectNode target = json.objectNode();
        if (someTables) {
            ArrayNode names = target.put("kind", "TABLES").putArray("tables");
            tables.forEach(names::add);
            if (newDatabase != null) {
                target.put("databaseName", newDatabase);
            }
            if (includeDependents) {
                target.put("includeDependents", true);
            }
        } else if (inPlace) {
            target.put("kind", "IN_PLACE").put("confirmed", true);
        } else {
            target.put("kind", "NEW_DATABASE").put("databaseName", newDatabase);
        }
        ObjectNode body = json.objectNode().put("databaseId", databaseId);
        body.set("source", source);
        body.set("target", target);
        return body.put("safetyBackup", safetyBackup);
    }
}
