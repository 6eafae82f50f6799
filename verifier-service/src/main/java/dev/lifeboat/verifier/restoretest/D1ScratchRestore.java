package dev.lifeboat.verifier.restoretest;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.wrangler.D1Settings;
import dev.lifeboat.d1.check.D1Checks;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.restore.BackupExport;
import dev.lifeboat.d1.restore.D1Restore;
import dev.lifeboat.d1.restore.WorkFolder;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.events.restore.ValidationResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A D1 backup's restore test: restored into a scratch local D1 (workerd's SQLite in a folder of its own, through
 * {@code wrangler --local}: no Cloudflare account, no cost, nothing remote touched), checked as a restore is (rows,
 * quick_check, foreign_key_check, schema), timed, and the scratch folder removed whatever happened.
 */
@ApplicationScoped
public class D1ScratchRestore {

    private final BucketObjects objects;
    private final D1Settings d1;

    public D1ScratchRestore(BucketObjects objects, D1Settings d1) {
        this.objects = objects;
        this.d1 = d1;
    }

    /** What the scratch restore came to: its time, the archive's size, and the checks. */
    public record Restored(long restoreMs, long plaintextBytes, List<ValidationResult> checks) {
    }

    public Restored restore(BackupManifest manifest, ArchiveEncryption key) throws IOException, WranglerFailure {
        try (WorkFolder work = WorkFolder.create("lifeboat-d1-scratch-")) {
            Path scratch = work.path();
            long start = System.nanoTime();
            BackupExport export = new BackupExport(scratch.resolve("backup.sql"));
            try (InputStream stored = objects.open(manifest.archiveKey());
                 InputStream plaintext = ArchiveReader.plaintext(stored, manifest, keyId -> key);
                 OutputStream out = Files.newOutputStream(export.file())) {
                plaintext.transferTo(out);
            }
            D1Location database = new D1Location("scratch", null, null, scratch.resolve("d1"), null);
            new D1Restore(d1.longCommands()).load(database, export);
            long restoreMs = (System.nanoTime() - start) / 1_000_000;
            List<ValidationResult> checks = new D1Checks(new D1Queries(d1.longCommands()))
                    .check(database, manifest.tableRowCounts(), export.schema());
            return new Restored(restoreMs, Files.size(export.file()), checks);
        }
    }
}
