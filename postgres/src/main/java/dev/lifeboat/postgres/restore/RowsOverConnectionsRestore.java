package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.restore.PgRestoreException.Code;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A restore streamed from the bucket, without staging, with each table's rows loaded over several connections at once
 * ({@link RowsOverConnections}): where one table holds most of a backup's rows, {@code pg_restore --jobs} gives it to
 * one job, and its load to one server process; here it is shared. Blocking: call it on a worker thread.
 */
public final class RowsOverConnectionsRestore {

    private final PgRestoreProcess process;
    private final int connections;

    /**
     * @param process     the pg_restore to run
     * @param connections how many connections load the rows
     */
    public RowsOverConnectionsRestore(PgRestoreProcess process, int connections) {
        this.process = process;
        this.connections = connections;
    }

    /**
     * A new read of an archive's plaintext from its start; closing it before its end abandons the rest of the read.
     *
     * @param <E> what opening it throws besides an {@link IOException}
     */
    @FunctionalInterface
    public interface ArchiveReads<E extends Exception> {
        /** @param whole whether this read goes to the archive's end (the one to count as a restore's progress) */
        InputStream open(boolean whole) throws IOException, E;
    }

    /**
     * Restores the whole archive streamed, without staging, each table's rows over {@code connections} connections at
     * once ({@link RowsOverConnections}): where one table holds most rows, {@code --jobs} (a table to a job) cannot
     * share its load, this can. The archive is read four times: its table of contents; the pre-data section (the
     * schema: only the archive's start is read); the rows, the whole archive read and checked; then the rest of the
     * data section (sequences' values) and the post-data section (indexes, constraints, triggers), from the start
     * again. An archive with large objects is restored by one {@code pg_restore} from one read instead.
     *
     * @return plaintext bytes of the read that loaded the rows
     */
    public <E extends Exception> long restore(PgConnection server, String database, ArchiveReads<E> archive)
            throws PgRestoreException, E {
        String toc;
        try (InputStream plaintext = archive.open(false)) {
            toc = process.list(plaintext);
        } catch (IOException e) {
            throw new PgRestoreException(Code.STORAGE_FAILED, "reading the archive failed: " + e.getMessage(), e);
        }
        if (!TableOfContents.rowsSplittable(toc)) {
            try (InputStream plaintext = archive.open(true)) {
                return process.restore(server, database, Optional.empty(), plaintext);
            } catch (IOException e) {
                throw new PgRestoreException(Code.STORAGE_FAILED, "reading the archive failed: " + e.getMessage(), e);
            }
        }
        TableOfContents.UseLists lists = TableOfContents.tableDataApart(toc);
        Path tableData = PgRestoreProcess.temporaryFile("rows.list");
        Path rest = null;
        try (InputStream schema = archive.open(false)) {
            rest = PgRestoreProcess.temporaryFile("rest.list");
            Files.writeString(tableData, lists.tableData());
            Files.writeString(rest, lists.rest());
            process.run(sections(process.restoreCommand(server, database, Optional.empty()), "pre-data"), server, schema,
                    ProcessBuilder.Redirect.DISCARD, false, null);
            long read;
            try (InputStream rows = archive.open(true)) {
                read = loadRows(server, database, tableData, rows);
            }
            try (InputStream after = archive.open(false)) {
                process.run(sections(process.restoreCommand(server, database, Optional.of(rest)), "data", "post-data"), server,
                        after, ProcessBuilder.Redirect.DISCARD, false, null);
            }
            return read;
        } catch (IOException e) {
            throw new PgRestoreException(Code.STORAGE_FAILED, "reading the archive failed: " + e.getMessage(), e);
        } finally {
            PgRestoreProcess.deleteQuietly(tableData);
            if (rest != null) {
                PgRestoreProcess.deleteQuietly(rest);
            }
        }
    }

    private static List<String> sections(List<String> command, String... sections) {
        for (String section : sections) {
            command.add("--section=" + section);
        }
        return command;
    }

    /** {@code pg_restore --file=-} of the table data entries, its rows loaded over the connections as it prints them. */
    private long loadRows(PgConnection server, String database, Path tableData, InputStream plaintext) throws PgRestoreException {
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(server.open(database, "restore (rows)"));
            }
            return process.script(plaintext, tableData, child -> RowsOverConnections.load(child.getInputStream(), open));
        } catch (SQLException e) {
            throw new PgRestoreException(Code.PG_RESTORE_FAILED, "cannot connect to " + server.where(database) + " to load its rows: "
                    + server.redact(e.getMessage()), e);
        } finally {
            for (Connection connection : open) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the load's own outcome is what counts
                }
            }
        }
    }
}
