package dev.lifeboat.restore.source;

import dev.lifeboat.postgres.restore.PgRestoreException;
import dev.lifeboat.postgres.restore.PgRestoreProcess;
import dev.lifeboat.postgres.restore.RowsOverConnectionsRestore;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.TargetServer;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared {@link PgRestoreProcess} pointed at a restore target; its failures become the restore's
 * {@code PG_RESTORE} step failures, with the same codes ({@code CHECKSUM}, {@code PG_RESTORE_FAILED}, …).
 */
public final class PgRestore {

    private final PgRestoreProcess process;

    public PgRestore(String executable, boolean noOwner) {
        this.process = new PgRestoreProcess(executable, noOwner, "lifeboat restore");
    }

    /** @return plaintext bytes read */
    public long restore(TargetServer server, String database, Optional<Path> useList, InputStream plaintext) throws RestoreFailure {
        try {
            return process.restore(server.connection(), database, useList, plaintext);
        } catch (PgRestoreException e) {
            throw failure(e);
        }
    }

    /** From a staged archive file, with {@code jobs} parallel jobs. */
    public void restore(TargetServer server, String database, Optional<Path> useList, Path archive, int jobs) throws RestoreFailure {
        try {
            process.restore(server.connection(), database, useList, archive, jobs);
        } catch (PgRestoreException e) {
            throw failure(e);
        }
    }

    /**
     * Streamed, each table's rows over {@code connections} connections ({@link RowsOverConnectionsRestore}).
     *
     * @param archive a new read of the archive's plaintext
     * @return plaintext bytes read
     */
    public long restoreRowsOver(int connections, TargetServer server, String database,
                                RowsOverConnectionsRestore.ArchiveReads<RestoreFailure> archive) throws RestoreFailure {
        try {
            return new RowsOverConnectionsRestore(process, connections).restore(server.connection(), database, archive);
        } catch (PgRestoreException e) {
            throw failure(e);
        }
    }

    /** The archive's table of contents ({@code pg_restore --list}). */
    public String list(InputStream plaintext) throws RestoreFailure {
        try {
            return process.list(plaintext);
        } catch (PgRestoreException e) {
            throw failure(e);
        }
    }

    /** The SQL of the entries the use-list names ({@link PgRestoreProcess#script}). */
    public String script(InputStream plaintext, Path useList) throws RestoreFailure {
        try {
            return process.script(plaintext, useList);
        } catch (PgRestoreException e) {
            throw failure(e);
        }
    }

    private static RestoreFailure failure(PgRestoreException e) {
        return new RestoreFailure(RestoreStep.PG_RESTORE, e.code().name(), e.getMessage(), e);
    }
}
