package dev.lifeboat.restore.job;

import dev.lifeboat.restore.run.ResolvedSource;
import dev.lifeboat.restore.intake.RestorePlan;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.config.EncryptionConfig;
import dev.lifeboat.restore.intake.RestorePreflight;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.source.ArchiveIntoPgRestore;
import dev.lifeboat.restore.source.BackupObjects;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.ServerDatabases;
import dev.lifeboat.restore.target.TableSelection;
import dev.lifeboat.restore.target.TargetServer;
import dev.lifeboat.restore.target.TargetServers;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * RESOLVE_SOURCE: the request checked again as the worker starts it (the preflight's checks, the backup's key,
 * the target database there or not as the plan needs, TABLES' dependents and partitions); nothing is changed yet.
 */
@ApplicationScoped
public class SourceResolution {

    private final TargetServers targets;
    private final RestorePreflight preflight;
    private final ArchiveKeyring keyring;
    private final ArchiveIntoPgRestore archive;
    private final RestoreJournal journal;

    public SourceResolution(TargetServers targets, RestorePreflight preflight, EncryptionConfig encryption, ArchiveIntoPgRestore archive,
                            RestoreJournal journal) {
        this.targets = targets;
        this.journal = journal;
        this.archive = archive;
        this.preflight = preflight;
        this.keyring = new ArchiveKeyring(encryption.keys());
    }

    public ResolvedSource resolve(RestoreRequestRecord request) throws RestoreFailure {
        TargetServer server = targets.of(request.databaseId).forRestore(request.restoreId, request.attempt,
                journal.sessionCheck(request.owner()));
        RestorePreflight.Checked checked = preflight.check(request.databaseId, request.source(), request.target(), request.safetyBackup);
        BackupManifest manifest = checked.manifest();
        Set<String> tables = checked.tables();
        ArchiveEncryption key = manifest.encrypted() ? key(manifest) : null;
        archive.checkRoom(manifest, RestoreStep.RESOLVE_SOURCE);
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.valueOf(request.targetKind), request.targetDatabase,
                server.liveDatabase(), request.safetyBackup);
        String target = plan.targetDatabase();
        if (plan.intoLive()) {
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.RESOLVE_SOURCE)) {
                if (!databases.exists(target, RestoreStep.RESOLVE_SOURCE)) {
                    throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "DATABASE_NOT_FOUND", "the live database " + target
                            + " does not exist on the server; restore it as NEW_DATABASE");
                }
            }
        }
        if (tables != null && request.includeDependents) {
            try (Connection live = server.open(server.liveDatabase(), "restore (dependents)", RestoreStep.RESOLVE_SOURCE)) {
                tables = TableSelection.withDependents(live, tables, manifest);
            } catch (SQLException e) {
                throw server.failure(RestoreStep.RESOLVE_SOURCE, server.liveDatabase(), e);
            }
        }
        BackupObjects from = checked.from();
        String copyBecause = checked.copyBecause();
        if (tables != null) {
            try {
                tables = withPartitions(from, manifest, key, tables);
            } catch (RestoreFailure primary) {
                // the archive's table of contents is the first read of it: the copy when the primary's cannot be read
                BackupObjects copy = from.copyAfter(primary).orElseThrow(() -> primary);
                try {
                    tables = withPartitions(copy, manifest, key, tables);
                } catch (RestoreFailure second) {
                    throw primary.withCopyAnswer(second);
                }
                from = copy;
                copyBecause = primary.asReasonToReadTheCopy();
            }
        }
        return new ResolvedSource(server, plan, manifest, checked.chosenBecause(), key, tables, checked.replay(), from, copyBecause);
    }

    /** A partitioned table named means its rows, which its partitions hold: they are restored with it. */
    private Set<String> withPartitions(BackupObjects from, BackupManifest manifest, ArchiveEncryption key, Set<String> tables)
            throws RestoreFailure {
        try {
            return TableSelection.check(archive.relations(from, manifest, key, RestoreStep.RESOLVE_SOURCE).withPartitions(tables), manifest);
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "STORAGE_FAILED", "reading the archive failed: " + e.getMessage(), e);
        }
    }

    private ArchiveEncryption key(BackupManifest manifest) throws RestoreFailure {
        try {
            return keyring.byId(manifest.encryption().keyId());
        } catch (SecretUnavailableException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "KEY_UNAVAILABLE", "backup " + manifest.backupId()
                    + " cannot be decrypted here: " + e.getMessage());
        }
    }
}
