package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.decode.PgOutputDecoder;
import dev.lifeboat.changes.decode.StreamListener;
import dev.lifeboat.changes.decode.TransactionBuffer;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.slot.CaptureSetup;
import dev.lifeboat.changes.slot.Preflight;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.slot.SchemaChangeMode;
import dev.lifeboat.changes.slot.SchemaChangeTrigger;
import dev.lifeboat.changes.ddl.CommandStatements;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.postgres.connect.PgConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One database's capture: the preflight, Lifeboat's publication and slot, then the stream read into segments until
 * told to stop. A segment is stored whole before the slot is confirmed past it, so a crash at any moment loses nothing
 * and a restart resumes where the archive ends (a transaction the archive already holds is not stored twice). Blocking:
 * it runs on a thread of its own.
 */
public final class ChangeCapture implements StreamListener {

    static final String HEARTBEAT = "lifeboat-heartbeat";
    /**
     * A commit is stamped just before its WAL record is written, so a commit stamped a moment earlier can still follow
     * the last one received: what is called covered stays this far behind what was seen.
     */
    static final Duration COMMIT_ORDER_MARGIN = Duration.ofSeconds(1);

    private final String databaseId;
    private final PgConnection source;
    private final String database;
    private final ChangeArchive archive;
    private final CaptureSettings settings;
    private final CaptureObserver observer;
    private final Clock clock;
    private final KnownDefinitions definitions = new KnownDefinitions();

    private PGReplicationStream stream;
    private PgOutputDecoder decoder;
    private SegmentWriter segments;
    /** Where the archive ends as this capture starts. */
    private Lsn lastStored;
    private SourceSession session;
    private final List<Gap> unresolved = new ArrayList<>();
    private Map<String, String> excluded = Map.of();
    private SchemaChangeMode schemaChanges;
    private CatalogLook look;

    public ChangeCapture(String databaseId, PgConnection source, String database, ChangeArchive archive,
                         CaptureSettings settings, CaptureObserver observer, Clock clock) {
        this.databaseId = databaseId;
        this.source = source;
        this.database = database;
        this.archive = archive;
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
    }

    /** Captures until {@code running} says stop (a clean stop stores what is open) or the connection fails. */
    public void run(BooleanSupplier running) throws CaptureException, SQLException, IOException {
        CaptureNames names = CaptureNames.of(databaseId);
        try (Connection sql = source.open(database, "capture")) {
            PreflightReport report = Preflight.check(sql, names);
            if (!report.ready()) {
                throw new CaptureException(report.problems());
            }
            List<SegmentManifest> stored = archive.segments(databaseId);
            Instant coveredBefore = definitions.load(stored, archive.coverage(databaseId));
            excluded = CatalogLook.excludedOf(report);
            SchemaChangeTrigger.quiet(sql);
            TransactionBuffer.sweep(settings.transactionMemory(databaseId));
            session = new SourceSession(sql);
            String replaced = CaptureSetup.slotElsewhere(sql, names);
            Optional<Gap> handOver = replaced == null || stored.isEmpty() ? Optional.empty() : Optional.of(CaptureGaps.replaced(
                    archive, databaseId, database, replaced, coveredBefore, session.walPosition(), session.now()));
            // recorded before the old slot is dropped: a crash between the two leaves the break explained
            if (handOver.isPresent()) {
                archive.recordGap(handOver.get());
            }
            CaptureSetup.Setup setup = CaptureSetup.ensure(sql, names, report.captured());
            // told once the new slot is made: the backup it asks for is aligned at or after where the new line begins
            if (handOver.isPresent()) {
                observer.gap(handOver.get());
            } else { // or a hand-over cut short after its gap (its telling too, perhaps), whose slot may be made already
                handOver = CaptureGaps.handOverAfter(archive, databaseId, stored);
                handOver.ifPresent(observer::gapStillOpen);
            }
            if (replaced != null) {
                CaptureSetup.clearAside(source, replaced);
            }
            schemaChanges = SchemaChangeTrigger.install(sql, names);
            report = report.withSchemaChanges(schemaChanges);
            look = new CatalogLook(databaseId, session, names, definitions, schemaChanges, settings.tablePoll());
            Lsn position = session.walPosition();
            lastStored = stored.isEmpty() ? setup.confirmed() : stored.get(stored.size() - 1).toLsn();
            boolean handedOver = replaced != null || handOver.isPresent();
            if ((setup.slotCreated() || handedOver) && !stored.isEmpty()) {
                // the slot was dropped, lost its WAL, or went with a database set aside: what committed meanwhile is not
                // in the archive
                if (!handedOver) {
                    recordGap(CaptureGaps.lostSlot(databaseId, setup.confirmed(), coveredBefore, session.now()));
                }
                definitions.clear(); // a new line: what the old one said of the tables (their oids too) no longer holds
                lastStored = setup.confirmed();
            }
            for (TableName added : setup.added()) {
                recordGap(new Gap(databaseId, added.qualified(), "table " + added + " was not captured before",
                        coveredBefore, position, session.now(), Gap.Kind.NEW_TABLE));
            }
            try (Connection replication = source.openReplication(database, "capture");
                 SegmentStorer storer = new SegmentStorer(databaseId)) {
                stream = CaptureSetup.stream(replication, names, setup.confirmed());
                catchUpWithTheArchive();
                segments = new SegmentWriter(databaseId, archive, storer, observer, settings, clock, lastStored, excluded, session, look);
                observer.started(report); // it streams: a capture whose stream cannot start has not started
                loop(names, running, storer);
            } finally {
                if (decoder != null) {
                    decoder.close();
                }
                stream = null;
            }
        }
    }

    /**
     * Now that this capture holds the slot (it admits one reader), whoever held it before has stopped: a capture of
     * another replica may have stored a segment after this one read the archive. Storing from the older end would
     * overlap it; the transactions it holds are skipped instead, and the definitions it recorded are known.
     */
    private void catchUpWithTheArchive() throws IOException {
        List<SegmentManifest> newer = archive.segmentsFrom(databaseId, lastStored);
        List<SegmentManifest> adopted = new ArrayList<>();
        for (SegmentManifest segment : newer) {
            if (segment.fromLsn().equals(lastStored)) {
                lastStored = segment.toLsn();
                adopted.add(segment);
            }
        }
        definitions.load(adopted, Optional.empty());
    }

    private void loop(CaptureNames names, BooleanSupplier running, SegmentStorer storer) throws SQLException, IOException {
        decoder = new PgOutputDecoder(this, SchemaChange.PREFIX + names.slot(), settings.transactionMemory(databaseId));
        long nextHeartbeat = 0;
        while (running.getAsBoolean()) {
            ByteBuffer message = stream.readPending();
            if (message != null) {
                decoder.decode(message);
            } else {
                long now = System.nanoTime();
                if (now - nextHeartbeat >= 0 && !decoder.inTransaction()) {
                    session.heartbeat();
                    observer.retained(CaptureSetup.retainedWal(session.connection(), names));
                    nextHeartbeat = now + settings.heartbeat().toNanos();
                }
                if (look.due(now)) {
                    excluded = look.look(this::recordGap);
                    segments.excluded(excluded);
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            if (!decoder.inTransaction() && segments.due()) {
                segments.close();
            }
            confirm(storer.takeStored());
        }
        if (!segments.isEmpty() && !decoder.inTransaction()) {
            segments.close();
        }
        storer.drain();
        confirm(storer.takeStored());
    }

    /** Confirms the slot up to what is stored (nothing when {@code position} is null). */
    private void confirm(Lsn position) throws SQLException {
        if (position == null) {
            return;
        }
        LogSequenceNumber lsn = LogSequenceNumber.valueOf(position.value());
        stream.setFlushedLSN(lsn);
        stream.setAppliedLSN(lsn);
        stream.forceUpdateStatus();
    }

    @Override
    public void committed(Transaction received) {
        look.streamReached(received.endLsn(), this::recordGap);
        if (segments.holds(received.endLsn())) {
            return; // stored before a restart that came ahead of the slot's confirmation
        }
        Transaction transaction = CommandStatements.resolve(received);
        gapsAt(transaction);
        segments.add(transaction, definitions.touched(transaction));
        observer.received(transaction, clock.instant());
    }

    @Override
    public void committed(TransactionBuffer spilled) {
        look.streamReached(spilled.header().endLsn(), this::recordGap);
        if (segments.holds(spilled.header().endLsn())) {
            spilled.close();
            return;
        }
        Transaction commands = CommandStatements.resolve(spilled.commands());
        gapsAt(commands);
        try {
            segments.addSpilled(spilled, commands.changes().stream().map(RowChange::schemaChange).toList(),
                    definitions.touched(spilled.touched(), commands.commitTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the sequences after a large transaction: " + e.getMessage(), e);
        }
        observer.received(spilled.header(), clock.instant());
    }

    private void gapsAt(Transaction transaction) {
        CaptureGaps.foundAt(databaseId, transaction, unresolved).forEach(this::recordGap);
        unresolved.clear();
    }

    @Override
    public void described(TableDefinition before, TableDefinition definition) {
        segments.definition(definition);
        // where the event trigger records DDL, a DDL command since the table's last description accounts for the change
        boolean accounted = look.ddlSinceDescribed(definition.table()) && schemaChanges.replayed();
        // where the catalog look vouches for the schema, a change it has not seen yet happened after its last look
        definitions.changed(before, definition).filter(from -> !accounted).ifPresent(from -> unresolved.add(new Gap(databaseId,
                definition.table().qualified(), CaptureGaps.definitionChanged(definition.table()), earlier(from, look.bound()), null, null, Gap.Kind.SCHEMA_CHANGE)));
    }

    @Override
    public void schemaChanged(SchemaChange command) {
        look.ddlCommand();
    }

    @Override
    public void message(String prefix, String content, Lsn at) {
        if (!HEARTBEAT.equals(prefix)) {
            return;
        }
        look.streamReached(at, this::recordGap);
        Instant sent = Instant.ofEpochMilli(new BigDecimal(content).movePointRight(3).longValue()).minus(COMMIT_ORDER_MARGIN);
        try {
            segments.heard(new Coverage(databaseId, at, earlier(sent, look.bound())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }
    private void recordGap(Gap gap) {
        if (look != null) {
            look.gapRecorded(gap);
        }
        try {
            archive.recordGap(gap);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        observer.gap(gap);
    }
}
