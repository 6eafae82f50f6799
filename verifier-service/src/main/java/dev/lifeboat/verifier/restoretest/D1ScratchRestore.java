package dev.lifeboat.verifier.restoretest;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.staging.StagedArchive;
import dev.lifeboat.archive.staging.StagedFolder;
import dev.lifeboat.archive.staging.StagingArea;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.wrangler.D1Settings;
import dev.lifeboat.d1.check.D1Checks;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.restore.BackupExport;
import dev.lifeboat.d1.restore.D1Restore;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A D1 backup's restore test: restored into a scratch local D1 (workerd's SQLite in a folder of its own, through
 * {@code wrangler --local}: no Cloudflare account, no cost, nothing remote touched), checked as a restore is (rows,
 * quick_check, foreign_key_check, schema), timed, and the scratch folder removed whatever happened. The archive is staged
 * as every restore test stages one (room checked, SHA-256 and encryption tags checked on the way, removed after), and the
 * scratch database is a work folder of the staging folder: a verifier killed mid-test leaves it to the staging sweep.
 */
@ApplicationScoped
public class D1ScratchRestore {

    private final StagingArea staging;
    private final D1Settings d1;
    private final DatabaseSecrets secrets;

    public D1ScratchRestore(StagingArea staging, D1Settings d1, DatabaseSecrets secrets) {
        this.staging = staging;
        this.d1 = d1;
        this.secrets = secrets;
    }

    /** What the scratch restore came to: its time, the archive's size, and the checks. */
    public record Restored(long restoreMs, long plaintextBytes, List<ValidationResult> checks) {
    }

    public Restored restore(BackupManifest manifest, ArchiveEncryption key) throws IOException, WranglerFailure {
        long start = System.nanoTime();
        try (StagedFolder scratch = staging.folder("d1-scratch");
             StagedArchive staged = staging.stage(manifest, keyId -> key, UnaryOperator.identity())) {
            BackupExport export = new BackupExport(staged.file());
            D1Location database = new D1Location("scratch", null, null, scratch.path(), null);
            new D1Restore(d1.longCommands(secrets), scratch.path(), null).load(database, export);
            long restoreMs = (System.nanoTime() - start) / 1_000_000;
            List<ValidationResult> checks = new D1Checks(new D1Queries(d1.longCommands(secrets)))
                    .check(database, manifest.tableRowCounts(), export.schema());
            return new Restored(restoreMs, staged.plaintextBytes(), checks);
        }
    }
}
