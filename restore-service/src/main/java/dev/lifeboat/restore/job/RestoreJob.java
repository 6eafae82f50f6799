package dev.lifeboat.restore.job;

import dev.lifeboat.restore.validation.SmokeQuery;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.restore.config.EncryptionConfig;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.connect.TargetServer;
import dev.lifeboat.restore.connect.TargetServers;
import dev.lifeboat.restore.databases.HeldLock;
import dev.lifeboat.restore.databases.ServerDatabases;
import dev.lifeboat.restore.databases.SqlNames;
import dev.lifeboat.restore.intake.RestorePreflight;
import dev.lifeboat.restore.journal.RestoreJournal;
import dev.lifeboat.restore.journal.RestoreRequestRecord;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.messaging.RestoreEvents;
import dev.lifeboat.restore.metrics.RestoreMetrics;
import dev.lifeboat.restore.pgrestore.PgRestore;
import dev.lifeboat.postgres.restore.TableOfContents;
import dev.lifeboat.restore.safety.SafetyBackups;
import dev.lifeboat.restore.storage.BackupObjects;
import dev.lifeboat.restore.tables.TableCopy;
import dev.lifeboat.restore.tables.TableSelection;
import dev.lifeboat.postgres.checks.RestoredDatabaseChecks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One restore, step by step (blocking: runs on the worker's thread). Nothing live changes before the
 * archive has streamed through its checksum and the restored copy has passed validation:
 * <ul>
 * <li>NEW_DATABASE: create it, {@code pg_restore} into it, validate; on any failure it is dropped.</li>
 * <li>IN_PLACE: safety backup, lock, restore into a staging database, validate, then swap it in
 *     (the live one renamed {@code <db>_pre_restore_<time>}); a failed check after the swap swaps back.</li>
 * <li>TABLES: into a new database like NEW_DATABASE; into the live one: safety backup, lock, restore
 *     the tables into a staging database, then replace their rows in one validated transaction.</li>
 * </ul>
 * It ends with exactly one of {@code RestoreCompleted}, {@code RestoreFailed} or {@code RestoreRolledBack}.
 */
@ApplicationScoped
public class RestoreJob {

    private static final Logger LOG = Logger.getLogger(RestoreJob.class);

    private final RestoreConfig config;
    private final TargetServers targets;
    private final RestorePreflight preflight;
    private final BackupObjects objects;
    private final ArchiveKeyring keyring;
    private final SafetyBackups safetyBackups;
    private final RestoreJournal journal;
    private final RestoreEvents events;
    private final RestoreMetrics metrics;
    private final PgRestore pgRestore;

    public RestoreJob(RestoreConfig config, TargetServers targets, RestorePreflight preflight, BackupObjects objects,
                      EncryptionConfig encryption, SafetyBackups safetyBackups, RestoreJournal journal, RestoreEvents events,
                      RestoreMetrics metrics) {
        this.config = config;
        this.targets = targets;
        this.preflight = preflight;
        this.objects = objects;
        this.keyring = new ArchiveKeyring(encryption.keys());
        this.safetyBackups = safetyBackups;
        this.journal = journal;
        this.events = events;
        this.metrics = metrics;
        this.pgRestore = new PgRestore(config.pgRestore(), config.noOwner());
    }

    public void run(RestoreRequestRecord request) {
        Instant started = Instant.now();
        Run run = new Run(request);
        try {
            Completed done = run.execute();
            Duration duration = Duration.between(started, Instant.now());
            journal.update(request.restoreId, row -> {
                row.status = "COMPLETED";
                row.finishedAt = Instant.now();
                row.rowsRestored = done.validation().rowsRestored();
                row.validations = RestoreJournal.json(done.validation().results());
            });
            events.publish(request.correlationId, new RestoreCompleted(request.restoreId, request.databaseId, done.backupId(),
                    RestoreTarget.Kind.valueOf(request.targetKind), done.targetDatabase(), duration.toMillis(),
                    done.validation().rowsRestored(), done.validation().results()));
            metrics.finished(request.databaseId, request.targetKind, "COMPLETED", duration);
            LOG.infof("Restore %s of %s into %s completed in %d ms", request.restoreId, request.databaseId, done.targetDatabase(), duration.toMillis());
        } catch (RolledBack rolledBack) {
            end(request, "ROLLED_BACK", rolledBack.failure, started);
            events.publish(request.correlationId, new RestoreRolledBack(request.restoreId, request.databaseId,
                    rolledBack.failure.step().name(), rolledBack.failure.getMessage()));
        } catch (RestoreFailure failure) {
            end(request, "FAILED", failure, started);
            events.publish(request.correlationId, new RestoreFailed(request.restoreId, request.databaseId, failure.step().name(),
                    failure.code(), failure.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Restore %s failed unexpectedly", request.restoreId);
            RestoreFailure failure = new RestoreFailure(run.current, "INTERNAL", "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            end(request, "FAILED", failure, started);
            events.publish(request.correlationId, new RestoreFailed(request.restoreId, request.databaseId, failure.step().name(),
                    failure.code(), failure.getMessage()));
        }
    }

    private void end(RestoreRequestRecord request, String status, RestoreFailure failure, Instant started) {
        LOG.warnf("Restore %s of %s %s at %s (%s): %s", request.restoreId, request.databaseId, status, failure.step(), failure.code(), failure.getMessage());
        journal.update(request.restoreId, row -> {
            row.status = status;
            row.finishedAt = Instant.now();
            row.errorStep = failure.step().name();
            row.errorCode = failure.code();
            row.errorMessage = failure.getMessage();
        });
        metrics.failed(request.databaseId, failure.step().name(), failure.code());
        metrics.finished(request.databaseId, request.targetKind, status, Duration.between(started, Instant.now()));
    }

    /** The state of one restore while it runs. */
    private final class Run {
        private final RestoreRequestRecord request;
        private final String restoreId;
        private RestoreStep current = RestoreStep.RESOLVE_SOURCE;
        private TargetServer server;
        private BackupManifest manifest;
        private Set<String> tables;
        /** The archive's key, read once from its reference; null when the backup is not encrypted. */
        private ArchiveEncryption key;

        Run(RestoreRequestRecord request) {
            this.request = request;
            this.restoreId = request.restoreId;
        }

        Completed execute() throws RestoreFailure, RolledBack {
            step(RestoreStep.RESOLVE_SOURCE, this::resolve);
            String target = targetDatabase();
            journal.update(restoreId, row -> row.resolvedBackupId = manifest.backupId());
            events.publish(request.correlationId, new RestoreStarted(restoreId, request.databaseId, manifest.backupId(),
                    RestoreTarget.Kind.valueOf(request.targetKind), target, Instant.now()));
            boolean intoLive = target.equals(server.liveDatabase());
            if (!intoLive) {
                return intoNewDatabase(target);
            }
            if (request.safetyBackup) {
                String safetyBackupId = step(RestoreStep.SAFETY_BACKUP, () -> safetyBackups.takeAndAwait(restoreId, request.databaseId,
                        request.requestedBy, config.safetyBackupTimeout()));
                journal.update(restoreId, row -> row.safetyBackupId = safetyBackupId);
            }
            try (HeldLock lock = step(RestoreStep.LOCK, () -> HeldLock.take(server, config.lockWait()))) {
                return "IN_PLACE".equals(request.targetKind) ? inPlace(lock) : tablesIntoLive();
            }
        }

        private String resolve() throws RestoreFailure {
            server = targets.of(request.databaseId);
            RestorePreflight.Plan plan = preflight.check(request.databaseId, request.source(), request.target());
            manifest = plan.manifest();
            tables = plan.tables();
            if (manifest.encrypted()) {
                try {
                    key = keyring.byId(manifest.encryption().keyId());
                } catch (SecretUnavailableException e) {
                    throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "KEY_UNAVAILABLE", "backup " + manifest.backupId()
                            + " cannot be decrypted here: " + e.getMessage());
                }
            }
            String target = targetDatabase();
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.RESOLVE_SOURCE)) {
                if (target.equals(server.liveDatabase())) {
                    if (!databases.exists(target, RestoreStep.RESOLVE_SOURCE)) {
                        throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "DATABASE_NOT_FOUND", "the live database " + target
                                + " does not exist on the server; restore it as NEW_DATABASE");
                    }
                } else if (databases.exists(target, RestoreStep.RESOLVE_SOURCE)) {
                    throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "TARGET_EXISTS", "database " + target
                            + " already exists; a NEW_DATABASE restore never overwrites one");
                }
            }
            if (tables != null && request.includeDependents) {
                try (Connection live = server.open(server.liveDatabase(), "restore (dependents)", RestoreStep.RESOLVE_SOURCE)) {
                    tables = TableSelection.withDependents(live, tables, manifest);
                } catch (SQLException e) {
                    throw server.failure(RestoreStep.RESOLVE_SOURCE, server.liveDatabase(), e);
                }
            }
            return "backup " + manifest.backupId() + " (" + manifest.completedAt() + ", " + manifest.sizeBytes() + " bytes)"
                    + (tables == null ? "" : ", tables " + String.join(", ", tables));
        }

        private String targetDatabase() {
            if (request.targetDatabase != null && !request.targetDatabase.isBlank()) {
                return request.targetDatabase;
            }
            return server.liveDatabase();
        }

        /** NEW_DATABASE, or TABLES into a new database. */
        private Completed intoNewDatabase(String name) throws RestoreFailure {
            createDatabase(name);
            try {
                restoreArchive(name);
                RestoredDatabaseChecks.Outcome outcome = validate(name, checkedTables());
                return new Completed(manifest.backupId(), name, outcome);
            } catch (RestoreFailure failure) {
                dropQuietly(name);
                throw failure;
            }
        }

        private Completed inPlace(HeldLock lock) throws RestoreFailure, RolledBack {
            String live = server.liveDatabase();
            String staging = SqlNames.staging(live, Instant.now());
            createDatabase(staging);
            journal.update(restoreId, row -> row.stagingDatabase = staging);
            RestoredDatabaseChecks.Outcome outcome;
            try {
                restoreArchive(staging);
                outcome = validate(staging, checkedTables());
            } catch (RestoreFailure failure) {
                dropQuietly(staging);
                throw failure;
            }
            String aside = SqlNames.preRestore(live, Instant.now());
            step(RestoreStep.SWAP, () -> swap(lock, staging, live, aside));
            journal.update(restoreId, row -> {
                row.preRestoreDatabase = aside;
                row.stagingDatabase = null;
            });
            journal.setAside(restoreId, request.databaseId, aside, config.keepPreRestore());
            try {
                step(RestoreStep.POST_SWAP_CHECK, this::postSwapCheck);
            } catch (RestoreFailure failure) {
                step(RestoreStep.ROLLBACK, () -> swapBack(live, aside));
                journal.update(restoreId, row -> row.preRestoreDatabase = null);
                throw new RolledBack(failure);
            }
            return new Completed(manifest.backupId(), live, outcome);
        }

        private Completed tablesIntoLive() throws RestoreFailure {
            String staging = SqlNames.staging(server.liveDatabase(), Instant.now());
            createDatabase(staging);
            journal.update(restoreId, row -> row.stagingDatabase = staging);
            try {
                restoreArchive(staging);
                RestoredDatabaseChecks.Outcome outcome = step(RestoreStep.COPY_TABLES, () -> copyTables(staging));
                return new Completed(manifest.backupId(), server.liveDatabase(), outcome);
            } finally {
                step(RestoreStep.CLEANUP, () -> {
                    dropQuietly(staging);
                    return "dropped " + staging;
                });
                journal.update(restoreId, row -> row.stagingDatabase = null);
            }
        }

        private List<String> checkedTables() {
            return tables == null ? List.copyOf(manifest.tableRowCounts().keySet()) : List.copyOf(tables);
        }

        private void createDatabase(String name) throws RestoreFailure {
            step(RestoreStep.PREPARE_TARGET, () -> {
                try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.PREPARE_TARGET)) {
                    String owner = databases.owner(server.liveDatabase(), RestoreStep.PREPARE_TARGET).orElse(server.settings().username());
                    databases.create(name, owner, RestoreStep.PREPARE_TARGET);
                    return "created " + name + " owned by " + owner;
                }
            });
        }

        /** Streams the archive from the bucket through its checks into pg_restore (only the chosen tables' rows, for TABLES). */
        private void restoreArchive(String database) throws RestoreFailure {
            Instant start = Instant.now();
            long plaintextBytes = step(RestoreStep.PG_RESTORE, () -> {
                Path useList = tables == null ? null : tableList();
                try (ResponseInputStream<GetObjectResponse> stored = objects.open(manifest.archiveKey(), RestoreStep.PG_RESTORE)) {
                    return pgRestore.restore(server, database, Optional.ofNullable(useList), plaintext(stored));
                } catch (IOException e) {
                    throw new RestoreFailure(RestoreStep.PG_RESTORE, "STORAGE_FAILED", "reading the archive failed: " + e.getMessage(), e);
                } finally {
                    if (useList != null) {
                        Files.deleteIfExists(useList);
                    }
                }
            }, bytes -> manifest.sizeBytes() + " stored bytes, " + bytes + " bytes of pg_dump archive, checksum "
                    + (manifest.encrypted() ? "and encryption tags " : "") + "verified");
            Duration took = Duration.between(start, Instant.now());
            metrics.throughput(request.databaseId, manifest.sizeBytes(), took);
            journal.update(restoreId, row -> row.storedBytes = manifest.sizeBytes());
            LOG.debugf("Restore %s: %d plaintext bytes in %d ms", restoreId, plaintextBytes, took.toMillis());
        }

        private Path tableList() throws RestoreFailure, IOException {
            String toc;
            try (ResponseInputStream<GetObjectResponse> stored = objects.open(manifest.archiveKey(), RestoreStep.PG_RESTORE)) {
                try {
                    toc = pgRestore.list(plaintext(stored));
                } finally {
                    stored.abort();
                }
            }
            Path list = Files.createTempFile("lifeboat-restore-", ".list");
            Files.writeString(list, TableOfContents.schemaWithDataOf(toc, tables));
            return list;
        }

        private InputStream plaintext(InputStream stored) throws RestoreFailure {
            try {
                return ArchiveReader.plaintext(stored, manifest, keyId -> key);
            } catch (ArchiveIntegrityException e) {
                throw new RestoreFailure(RestoreStep.PG_RESTORE, "KEY_UNAVAILABLE", e.getMessage(), e);
            } catch (IOException e) {
                throw new RestoreFailure(RestoreStep.PG_RESTORE, "STORAGE_FAILED", "reading the archive failed: " + e.getMessage(), e);
            }
        }

        private RestoredDatabaseChecks.Outcome validate(String database, List<String> checked) throws RestoreFailure {
            return step(RestoreStep.VALIDATION, () -> {
                try (Connection connection = server.open(database, "restore (validation)", RestoreStep.VALIDATION)) {
                    RestoredDatabaseChecks.Outcome outcome = new RestoredDatabaseChecks(connection).all(manifest, checked);
                    if (!outcome.passed()) {
                        throw new RestoreFailure(RestoreStep.VALIDATION, "VALIDATION_FAILED", "the restored database " + database
                                + " does not match backup " + manifest.backupId() + ": " + outcome.failures());
                    }
                    return outcome;
                } catch (SQLException e) {
                    throw server.failure(RestoreStep.VALIDATION, database, e);
                }
            }, outcome -> RestoreJournal.json(outcome.results()));
        }

        private String swap(HeldLock lock, String staging, String live, String aside) throws RestoreFailure {
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.SWAP)) {
                databases.allowConnections(live, false, RestoreStep.SWAP);
                lock.close();
                try {
                    databases.endSessions(live, RestoreStep.SWAP);
                    databases.rename(live, aside, RestoreStep.SWAP);
                } catch (RestoreFailure failure) {
                    databases.allowConnections(live, true, RestoreStep.SWAP);
                    dropQuietly(staging);
                    throw failure;
                }
                try {
                    databases.rename(staging, live, RestoreStep.SWAP);
                } catch (RestoreFailure failure) {
                    databases.rename(aside, live, RestoreStep.SWAP);
                    databases.allowConnections(live, true, RestoreStep.SWAP);
                    dropQuietly(staging);
                    throw failure;
                }
                databases.allowConnections(aside, true, RestoreStep.SWAP);
                return live + " renamed to " + aside + ", " + staging + " renamed to " + live;
            }
        }

        private String postSwapCheck() throws RestoreFailure {
            try (Connection connection = server.open(server.liveDatabase(), "restore (post-swap check)", RestoreStep.POST_SWAP_CHECK);
                 Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                Optional<String> smoke = server.settings().smokeQuery();
                if (smoke.isPresent()) {
                    var result = SmokeQuery.run(connection, smoke.get());
                    if (!result.passed()) {
                        throw new RestoreFailure(RestoreStep.POST_SWAP_CHECK, "POST_SWAP_CHECK_FAILED", result.details());
                    }
                    return "connection and smoke query passed";
                }
                return "connection passed (no smoke query configured)";
            } catch (SQLException e) {
                throw server.failure(RestoreStep.POST_SWAP_CHECK, server.liveDatabase(), e);
            }
        }

        private String swapBack(String live, String aside) throws RestoreFailure {
            String failed = SqlNames.failed(live, Instant.now());
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.ROLLBACK)) {
                databases.allowConnections(live, false, RestoreStep.ROLLBACK);
                databases.endSessions(live, RestoreStep.ROLLBACK);
                databases.rename(live, failed, RestoreStep.ROLLBACK);
                databases.rename(aside, live, RestoreStep.ROLLBACK);
                databases.drop(failed, RestoreStep.ROLLBACK);
            }
            journal.forgetAside(aside);
            return aside + " is " + live + " again; the restored copy was dropped";
        }

        private RestoredDatabaseChecks.Outcome copyTables(String staging) throws RestoreFailure {
            try (Connection source = server.open(staging, "restore (tables from staging)", RestoreStep.COPY_TABLES);
                 Connection live = server.open(server.liveDatabase(), "restore (tables)", RestoreStep.COPY_TABLES)) {
                live.setAutoCommit(false);
                try {
                    TableCopy.replaceRows(source, live, tables);
                    RestoredDatabaseChecks.Outcome outcome = new RestoredDatabaseChecks(live).all(manifest, List.copyOf(tables));
                    if (!outcome.passed()) {
                        live.rollback();
                        throw new RestoreFailure(RestoreStep.VALIDATION, "VALIDATION_FAILED", "the tables were not replaced (rolled back): "
                                + outcome.failures());
                    }
                    live.commit();
                    return outcome;
                } catch (SQLException e) {
                    live.rollback();
                    throw server.failure(RestoreStep.COPY_TABLES, server.liveDatabase(), e);
                }
            } catch (SQLException e) {
                throw server.failure(RestoreStep.COPY_TABLES, server.liveDatabase(), e);
            }
        }

        private void dropQuietly(String name) {
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.CLEANUP)) {
                databases.drop(name, RestoreStep.CLEANUP);
            } catch (RestoreFailure e) {
                LOG.errorf("Restore %s could not drop %s: %s", restoreId, name, e.getMessage());
            }
        }

        private <T> T step(RestoreStep step, StepWork<T> work) throws RestoreFailure {
            return step(step, work, String::valueOf);
        }

        private <T> T step(RestoreStep step, StepWork<T> work, java.util.function.Function<T, String> details) throws RestoreFailure {
            current = step;
            Instant start = Instant.now();
            try {
                T result = work.run();
                journal.step(restoreId, step, start, true, details.apply(result));
                return result;
            } catch (RestoreFailure failure) {
                journal.step(restoreId, step, start, false, failure.code() + ": " + failure.getMessage());
                throw failure;
            } catch (IOException e) {
                RestoreFailure failure = new RestoreFailure(step, "INTERNAL", e.getMessage(), e);
                journal.step(restoreId, step, start, false, failure.getMessage());
                throw failure;
            }
        }
    }

    @FunctionalInterface
    private interface StepWork<T> {
        T run() throws RestoreFailure, IOException;
    }

    private record Completed(String backupId, String targetDatabase, RestoredDatabaseChecks.Outcome validation) {
    }

    /** The swap happened, its check failed, and the previous database is back. */
    private static final class RolledBack extends Exception {
        private final RestoreFailure failure;

        RolledBack(RestoreFailure failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }
}
