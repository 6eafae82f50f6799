package dev.lifeboat.d1.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runbook's restores of a D1 database, each one {@code wrangler d1 execute --file} batch, so a failure leaves the
 * database as it was: into a new database ({@code wrangler d1 create} remotely; locally a new name in the folder's
 * configuration), in place (every object replaced with the backup's, foreign keys deferred), or only chosen tables' rows.
 */
public final class D1Restore {

    private static final Pattern CREATED_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String DEFER_FOREIGN_KEYS = "PRAGMA defer_foreign_keys=TRUE;\n";

    private final Wrangler wrangler;
    private final D1Queries queries;

    public D1Restore(Wrangler wrangler) {
        this.wrangler = wrangler;
        this.queries = new D1Queries(wrangler);
    }

    /** A new database beside {@code live} named {@code name}, created remotely; refused when one of that name holds tables. */
    public D1Location createBeside(D1Location live, String name) throws WranglerFailure {
        if (live.local()) {
            D1Location created = live.sibling(name, null);
            if (!queries.tables(created).isEmpty()) {
                throw new WranglerFailure(WranglerFailure.Reason.TARGET_EXISTS, created + " exists and holds tables; "
                        + "a restore into a new database never overwrites one: choose another name");
            }
            return created;
        }
        String out = wrangler.run(live.sibling(name, live.databaseId()), List.of("create", name)).stdout();
        Matcher id = CREATED_ID.matcher(out);
        if (!id.find()) {
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "wrangler created " + name + " but printed no database id");
        }
        return live.sibling(name, id.group());
    }

    /** Removes a database a failed restore created: remotely deleted, locally emptied of every object. */
    public void remove(D1Location created) throws WranglerFailure, IOException {
        if (created.local()) {
            run(created, (out) -> dropEverything(created, out));
        } else {
            wrangler.run(created, List.of("delete", created.name(), "--skip-confirmation"));
        }
    }

    /** Loads the export into an empty database. */
    public void load(D1Location target, BackupExport export) throws WranglerFailure, IOException {
        run(target, out -> {
            out.write(DEFER_FOREIGN_KEYS);
            export.appendTo(out, null);
        });
    }

    /** IN_PLACE: every table, index, view and trigger replaced with the export's, in one batch. */
    public void replaceAll(D1Location live, BackupExport export) throws WranglerFailure, IOException {
        run(live, out -> {
            out.write(DEFER_FOREIGN_KEYS);
            dropEverything(live, out);
            export.appendTo(out, null);
        });
    }

    /** TABLES: the rows of {@code tables} replaced with the export's, in one batch; nothing else changes. */
    public void replaceRows(D1Location live, BackupExport export, Set<String> tables) throws WranglerFailure, IOException {
        run(live, out -> {
            out.write(DEFER_FOREIGN_KEYS);
            for (String table : tables) {
                out.write("DELETE FROM " + D1Queries.quoted(table) + ";\n");
            }
            export.appendTo(out, tables);
        });
    }

    private interface Script {
        void write(Writer out) throws IOException, WranglerFailure;
    }

    private void run(D1Location database, Script script) throws WranglerFailure, IOException {
        Path file = Files.createTempFile("lifeboat-d1-restore-", ".sql").toAbsolutePath();
        try {
            try (Writer out = BackupExport.writer(file)) {
                script.write(out);
            }
            wrangler.run(database, List.of("execute", database.name(), "--yes", "--file", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Drops triggers and views, then tables (their indexes go with them): what a replacement starts from. */
    private void dropEverything(D1Location database, Writer out) throws WranglerFailure, IOException {
        List<String> drops = new ArrayList<>();
        List<JsonNode> objects = queries.batch(database, "SELECT type, name FROM sqlite_schema WHERE type IN ('trigger', 'view', 'table')"
                + " AND " + D1Queries.OWN_OBJECTS + " ORDER BY CASE type WHEN 'table' THEN 1 ELSE 0 END", 1).get(0);
        for (JsonNode object : objects) {
            drops.add("DROP " + object.path("type").asText().toUpperCase(java.util.Locale.ROOT) + " IF EXISTS "
                    + D1Queries.quoted(object.path("name").asText()) + ";\n");
        }
        for (String drop : drops) {
            out.write(drop);
        }
    }
}
