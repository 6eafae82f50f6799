package dev.lifeboat.d1.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.WorkFolder;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runbook's restores of a D1 database through {@code wrangler d1 execute --file}: into a new database ({@code wrangler
 * d1 create} remotely; locally a new name in the folder's configuration), in place (every object replaced with the
 * backup's, foreign keys deferred), or only chosen tables' rows. The rows go as multi-row {@code INSERT}s ({@link LoadParts}).
 * Chosen tables' rows are one batch, so a failure leaves the database as it was. A whole database goes to a remote D1 as
 * one file; to a local one in files of at most {@link LoadParts#LOCAL_PART_BYTES}, parents' rows first, each its own batch:
 * a failure there can leave a database part loaded, which the restore puts back (in place) or removes (new). Into a live
 * database, each batch first checks that the database's lock is still held: one lost (a recovery ended a frozen worker's)
 * stops the load before the next batch, and nothing more is written, not even to put the database back.
 */
public final class D1Restore {

    private static final Pattern CREATED_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Wrangler wrangler;
    private final D1Queries queries;
    private final Path workFolder;
    private final D1DatabaseLock lock;

    /**
     * @param workFolder where the files of each load are written (the backup's rows in plaintext) and removed after it:
     *                   the caller's own folder, which a sweep removes should this process be killed mid-load
     * @param lock       the lock held on the live database, checked before each batch; null: a database of the restore's own
     */
    public D1Restore(Wrangler wrangler, Path workFolder, D1DatabaseLock lock) {
        this.wrangler = wrangler;
        this.queries = new D1Queries(wrangler);
        this.workFolder = workFolder;
        this.lock = lock;
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
            run(created, false, D1Restore::unguarded, parts -> dropEverything(created, parts));
        } else {
            wrangler.run(created, List.of("delete", created.name(), "--skip-confirmation"));
        }
    }

    /** Loads the export into an empty database. */
    public void load(D1Location target, BackupExport export) throws WranglerFailure, IOException {
        run(target, false, D1Restore::unguarded, parts -> export.addTo(parts, null));
    }

    /** IN_PLACE: every table, index, view and trigger replaced with the export's. */
    public void replaceAll(D1Location live, BackupExport export) throws WranglerFailure, IOException, D1DatabaseLock.NotHeld {
        run(live, false, this::stillLocked, parts -> {
            dropEverything(live, parts);
            export.addTo(parts, null);
        });
    }

    /** TABLES: the rows of {@code tables} replaced with the export's, in one batch; nothing else changes. */
    public void replaceRows(D1Location live, BackupExport export, Set<String> tables)
            throws WranglerFailure, IOException, D1DatabaseLock.NotHeld {
        run(live, true, this::stillLocked, parts -> {
            for (String table : tables) {
                parts.add("DELETE FROM " + D1Queries.quoted(table));
            }
            export.addTo(parts, tables);
        });
    }

    private interface Script {
        void write(LoadParts parts) throws IOException, WranglerFailure;
    }

    /** What must hold before each batch changes the database: {@code loaded} of its {@code batches} ran before. */
    @FunctionalInterface
    private interface Guard<E extends Exception> {
        void check(D1Location database, int loaded, int batches) throws E;
    }

    /** A database of the restore's own: no lock to check. */
    private static void unguarded(D1Location database, int loaded, int batches) {
    }

    /**
     * The live database's lock, still held (none given: a database of the restore's own); one lost says how much of this
     * load had run (a replacement's first batch drops the database's own objects).
     */
    private void stillLocked(D1Location database, int loaded, int batches) throws D1DatabaseLock.NotHeld {
        if (lock == null) {
            return;
        }
        try {
            lock.stillHeld();
        } catch (D1DatabaseLock.NotHeld lost) {
            throw lost.when(loaded == 0 ? "nothing of this load was written into " + database.name()
                    : "this load stopped after " + loaded + " of its " + batches + " batches: " + database.name()
                    + " lost its own tables in the first and holds part of what was being loaded", loaded > 0);
        }
    }

    /**
     * Writes the script's statements into files and runs them in order, {@code guard} checked before each: one file when
     * {@code oneBatch} or remote.
     */
    private <E extends Exception> void run(D1Location database, boolean oneBatch, Guard<E> guard, Script script)
            throws WranglerFailure, IOException, E {
        try (WorkFolder folder = WorkFolder.create(workFolder, "lifeboat-d1-load-")) {
            LoadParts parts = new LoadParts(folder.path(), oneBatch || !database.local() ? Long.MAX_VALUE : LoadParts.LOCAL_PART_BYTES);
            script.write(parts);
            List<Path> batches = parts.finish();
            for (int loaded = 0; loaded < batches.size(); loaded++) {
                guard.check(database, loaded, batches.size());
                wrangler.run(database, List.of("execute", database.name(), "--yes", "--file", batches.get(loaded).toString()));
            }
        }
    }

    /** Drops triggers and views, then tables (their indexes go with them): what a replacement starts from. */
    private void dropEverything(D1Location database, LoadParts parts) throws WranglerFailure, IOException {
        List<JsonNode> objects = queries.batch(database, "SELECT type, name FROM sqlite_schema WHERE type IN ('trigger', 'view', 'table')"
                + " AND " + D1Queries.OWN_OBJECTS + " ORDER BY CASE type WHEN 'table' THEN 1 ELSE 0 END", 1).get(0);
        for (JsonNode object : objects) {
            parts.add("DROP " + object.path("type").asText().toUpperCase(java.util.Locale.ROOT) + " IF EXISTS "
                    + D1Queries.quoted(object.path("name").asText()));
        }
    }
}
