package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.slot.CaptureSetup;
import dev.lifeboat.changes.slot.Preflight;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.slot.PublishedColumns;
import dev.lifeboat.changes.slot.SchemaChangeMode;
import dev.lifeboat.changes.slot.SchemaChangeTrigger;
import dev.lifeboat.changes.slot.SchemaDigest;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The capture's look at the catalog. In both modes it adds a capturable table the publication lacks (a gap from the
 * last look: its earlier rows are not in the stream). Where schema changes are not replayed (no event trigger) it is
 * also what finds them, each a gap from the last look (the last moment the catalog vouched for): a changed column
 * definition names its table, any other change of the schema's digest (an index, a constraint, a view) is a gap of the
 * schema; and the archive is called complete no further than the last look,
 * so a restore is never planned past a schema change the capture has not accounted for. Where the event trigger records
 * DDL, the look checks it is still in place and enabled: where someone dropped or disabled it, the seconds since the last
 * look are a gap and it is installed again.
 */
final class CatalogLook {

    /**
     * Where the event trigger records DDL, the look only keeps the publication whole (a table created since, or one a
     * dropped trigger no longer reports): not every second, but soon enough that a new table's gap stays short.
     */
    private static final Duration WITH_TRIGGER = Duration.ofSeconds(5);

    private final String databaseId;
    private final SourceSession session;
    private final CaptureNames names;
    private final KnownDefinitions definitions;
    private final SchemaChangeMode mode;
    private final long everyNanos;
    private long next;
    private Instant lookedAt;
    private String digest;
    /** The earliest start of a gap recorded since the last look (by the stream or by this look): null when none was. */
    private Instant gapsFrom;
    /** Where the event trigger records DDL: that it recorded all of it (null where it does not). */
    private final DdlCrossCheck crossCheck;
    /** Whether the gap being recorded is the cross-check's own. */
    private boolean recordingUnrecorded;
    /** DDL commands the stream has brought, how many it had at the last transaction's end, and at each table's last description. */
    private long commands;
    private long commandsAtEnd;
    private final Map<TableName, Long> commandsAtDescription = new HashMap<>();

    CatalogLook(String databaseId, SourceSession session, CaptureNames names, KnownDefinitions definitions,
                SchemaChangeMode mode, Duration every) throws SQLException {
        this.databaseId = databaseId;
        this.session = session;
        this.names = names;
        this.definitions = definitions;
        this.mode = mode;
        this.everyNanos = (mode.replayed() && every.compareTo(WITH_TRIGGER) < 0 ? WITH_TRIGGER : every).toNanos();
        this.lookedAt = session.now();
        this.digest = SchemaDigest.read(session.connection());
        this.crossCheck = mode.replayed() ? new DdlCrossCheck(digest, lookedAt) : null;
        this.next = System.nanoTime() + everyNanos;
    }

    boolean due(long nanoTime) {
        return nanoTime - next >= 0;
    }

    /** Until when the archive may be called complete: the last look where only the catalog tells schema changes. */
    Instant bound() {
        return mode.replayed() ? Instant.MAX : lookedAt;
    }

    /** A gap was recorded: a change of the digest since a moment it starts at or before is accounted for. */
    void gapRecorded(Gap gap) {
        if (gapsFrom == null || gap.from().isBefore(gapsFrom)) {
            gapsFrom = gap.from();
        }
        if (crossCheck != null && !recordingUnrecorded) {
            crossCheck.accounted(); // the cross-check's own gap closes its window: it accounts for nothing after
        }
    }

    /** The stream brought a DDL command (the event trigger recorded it). */
    void ddlCommand() {
        commands++;
    }

    /** Whether the stream brought a DDL command since {@code table} was last described (as it is now). */
    boolean ddlSinceDescribed(TableName table) {
        boolean since = commands > commandsAtDescription.getOrDefault(table, 0L);
        commandsAtDescription.put(table, commands);
        return since;
    }

    /**
     * The stream reached {@code position}: a transaction's end (with the DDL commands it carried) or a heartbeat. Where the
     * event trigger records DDL, a look waiting there is judged ({@link DdlCrossCheck}): a schema change the stream lacks
     * is recorded as a gap.
     */
    void streamReached(Lsn position, Consumer<Gap> record) {
        boolean ddl = commands > commandsAtEnd;
        commandsAtEnd = commands;
        if (crossCheck == null) {
            return;
        }
        Optional<DdlCrossCheck.Unrecorded> unrecorded = crossCheck.reached(position, ddl);
        if (unrecorded.isPresent()) {
            DdlCrossCheck.Unrecorded window = unrecorded.get();
            recordingUnrecorded = true;
            try {
                record.accept(new Gap(databaseId, null, "the schema changed (an index, a constraint, a view, a function or another"
                        + " object) and the stream carried no DDL command: Lifeboat's event trigger did not fire for it (a role it"
                        + " does not fire for, as on managed services, or the trigger switched off for a moment), so it cannot be"
                        + " replayed", window.from(), window.position(), window.to(), Gap.Kind.SCHEMA_CHANGE));
            } finally {
                recordingUnrecorded = false;
            }
        }
    }

    /** Looks; returns the tables the capture leaves out now, with why. */
    Map<String, String> look(Consumer<Gap> record) throws SQLException {
        Instant before = lookedAt;
        Instant now = session.now(); // before the catalog is read: whatever committed before it is seen
        PreflightReport report = Preflight.check(session.connection(), names);
        List<TableName> added = CaptureSetup.ensure(session.connection(), names, report.captured()).added();
        Lsn readFrom = crossCheck == null ? null : session.walInsertPosition();
        String current = SchemaDigest.read(session.connection());
        Instant read = crossCheck == null ? null : session.now();
        Lsn position = session.walInsertPosition(); // after the digest: every DDL command it shows committed before this
        for (TableName table : added) {
            record.accept(new Gap(databaseId, table.qualified(), "table " + table + " appeared and was not captured before",
                    before, position, now, Gap.Kind.NEW_TABLE));
        }
        boolean reinstalled = mode.replayed() && !SchemaChangeTrigger.intact(session.connection(), names);
        if (reinstalled) {
            // someone dropped or disabled it: DDL since the last look may have gone unrecorded
            record.accept(new Gap(databaseId, null, "Lifeboat's event trigger " + names.ddl() + " was dropped or disabled,"
                    + " so schema changes since may be missing from the stream; it is installed again", before, position, now,
                    Gap.Kind.TRIGGER_LOST));
            if (!SchemaChangeTrigger.install(session.connection(), names).replayed()) {
                throw new SQLException("Lifeboat's event trigger " + names.ddl() + " cannot be installed again; the capture"
                        + " starts again with gaps at schema changes");
            }
        }
        if (!mode.replayed()) {
            PublishedColumns.read(session.connection(), names).forEach((table, definition) ->
                    definitions.polled(definition, now, before).ifPresent(from -> record.accept(new Gap(databaseId,
                            table.qualified(), CaptureGaps.definitionChanged(table), before, position, now, Gap.Kind.SCHEMA_CHANGE))));
            if (!current.equals(digest) && (gapsFrom == null || gapsFrom.isAfter(before))) {
                record.accept(new Gap(databaseId, null, "the schema changed (an index, a constraint, a view, a function or"
                        + " another object; without Lifeboat's event trigger the stream carries no DDL, so it cannot be"
                        + " replayed)", before, position, now, Gap.Kind.SCHEMA_CHANGE));
            }
        } else if (reinstalled) {
            // the trigger's own objects, made again after the gap was recorded, are in that gap's window
            crossCheck.looked(SchemaDigest.read(session.connection()), now, session.now(), readFrom, session.walInsertPosition(), true);
        } else {
            // a build matters only where the digest changed: asked then, not at every look
            boolean building = !current.equals(digest) && SchemaDigest.indexBuildRunning(session.connection());
            crossCheck.looked(current, now, read, readFrom, position, building);
        }
        digest = current;
        lookedAt = now;
        gapsFrom = null;
        next = System.nanoTime() + everyNanos;
        return excludedOf(report);
    }

    static Map<String, String> excludedOf(PreflightReport report) {
        Map<String, String> excluded = new TreeMap<>();
        report.excluded().forEach(table -> excluded.put(table.table().qualified(), table.reason()));
        return excluded;
    }
}
