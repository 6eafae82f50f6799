package dev.lifeboat.changes.replay;

import dev.lifeboat.postgres.sql.CatalogNames;

import dev.lifeboat.changes.model.SchemaChange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Materialized views on a replayed copy. {@code pg_restore} refreshes each populated one from the backup's rows; the
 * source's held what its last {@code REFRESH} computed, which may be older. A {@code REFRESH} the replay ran makes the
 * copy's equal the source's from then on; every other populated view is recomputed, and a restore names it.
 */
final class MaterializedViews {

    private static final String TAG = "REFRESH MATERIALIZED VIEW";
    /** A view's name as a statement writes it: an identifier or a quoted one, qualified by a schema or not. */
    private static final Pattern NAME = Pattern.compile(
            "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*))?");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|--[^\n]*");
    private static final Pattern REFRESH = Pattern.compile(
            "(?is)\\s*refresh\\s+materialized\\s+view\\s+(?:concurrently\\s+)?(.+?)(?:\\s+with\\s+(?:no\\s+)?data)?\\s*;?\\s*");

    private MaterializedViews() {
    }

    /** The view ({@code schema.name}) a replayed REFRESH refreshed, read on the copy under the command's search_path. */
    static Optional<String> refreshedBy(Connection target, SchemaChange command) throws SQLException {
        String text = COMMENTS.matcher(command.statement() == null ? "" : command.statement()).replaceAll(" ");
        Matcher refresh = REFRESH.matcher(text);
        // a name this cannot read is not looked up (a lookup that fails would end the replay's transaction): the view is
        // then named as recomputed, which may say too much, never too little
        if (!TAG.equalsIgnoreCase(command.tag()) || !refresh.matches() || !NAME.matcher(refresh.group(1).strip()).matches()) {
            return Optional.empty();
        }
        try (PreparedStatement statement = target.prepareStatement("SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass(?)")) {
            statement.setString(1, refresh.group(1).strip());
            try (ResultSet view = statement.executeQuery()) {
                return view.next() ? Optional.of(view.getString(1)) : Optional.empty();
            }
        }
    }

    /** The populated views ({@code schema.name}) of the copy that no replayed REFRESH refreshed: recomputed by the restore. */
    static List<String> recomputed(Connection target, Set<String> refreshed) throws SQLException {
        return CatalogNames.populatedMaterializedViews(target).stream().filter(view -> !refreshed.contains(view)).toList();
    }
}
