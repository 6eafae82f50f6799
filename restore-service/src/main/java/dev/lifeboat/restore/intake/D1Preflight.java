package dev.lifeboat.restore.intake;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.source.BackupSelection;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The preflight of a D1 database's restore: a backup matches the source, a new database's name is one D1 takes and not
 * the live one's, TABLES names are tables of that backup; a moment in time is refused, naming D1 Time Travel.
 */
@ApplicationScoped
public class D1Preflight {

    /** A D1 database's name, as {@code wrangler d1 create} takes it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** What only PostgreSQL's restores can do is refused for D1 with this code (a 422). */
    public static final String UNSUPPORTED = "UNSUPPORTED_BY_ENGINE";

    private final BackupSelection selection;

    public D1Preflight(BackupSelection selection) {
        this.selection = selection;
    }

    public RestorePreflight.Checked check(String databaseId, String liveName, RestoreSource source, RestoreTarget target)
            throws RestoreFailure {
        if (source.kind() == RestoreSource.Kind.POINT_IN_TIME) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, UNSUPPORTED, databaseId + " is a D1 database: Lifeboat restores "
                    + "its backups, and D1 Time Travel restores it to a moment: wrangler d1 time-travel restore " + liveName
                    + " --timestamp=<RFC 3339 or Unix time>");
        }
        String name = target.databaseName();
        if (target.kind() == RestoreTarget.Kind.TABLES && name != null && !name.isBlank() && !name.equals(liveName)) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, UNSUPPORTED, "a D1 TABLES restore replaces those tables' rows in the "
                    + "live database " + liveName + "; to look at a backup's tables aside, restore it as NEW_DATABASE " + name);
        }
        if (name != null && !name.isBlank()) {
            if (!NAME.matcher(name).matches()) {
                throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "INVALID_TARGET",
                        "target.databaseName must be a D1 database name: 1-64 characters of letters, digits, '-' and '_'");
            }
            if (name.equals(liveName) && target.kind() == RestoreTarget.Kind.NEW_DATABASE) {
                throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "TARGET_IS_LIVE", "database " + name + " is the live database of "
                        + databaseId + "; a NEW_DATABASE restore never overwrites one (restore IN_PLACE, confirmed, to replace it)");
            }
        }
        BackupSelection.Choice choice = selection.choose(databaseId, source);
        BackupManifest manifest = choice.manifest();
        Set<String> tables = target.kind() == RestoreTarget.Kind.TABLES ? tables(target, manifest) : null;
        return new RestorePreflight.Checked(manifest, choice.reason(), tables, null, choice.from(), choice.copyBecause());
    }

    private static Set<String> tables(RestoreTarget target, BackupManifest manifest) throws RestoreFailure {
        if (target.tables() == null || target.tables().isEmpty()) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "INVALID_TABLES", "a TABLES restore names at least one table");
        }
        Set<String> unknown = new TreeSet<>(target.tables());
        unknown.removeAll(manifest.tableRowCounts().keySet());
        if (!unknown.isEmpty()) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "INVALID_TABLES", "backup " + manifest.backupId() + " has no table "
                    + String.join(", ", unknown) + "; its tables: " + String.join(", ", manifest.tableRowCounts().keySet()));
        }
        return Set.copyOf(target.tables());
    }
}
