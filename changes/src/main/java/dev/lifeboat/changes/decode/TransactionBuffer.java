package dev.lifeboat.changes.decode;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.lifeboat.changes.model.ChangeJson;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The changes of one open transaction, as the stream brings them: in memory up to a limit, then written on to a file of
 * the spill directory (JSON lines), so that a transaction of any size is captured in bounded memory. Once its commit has
 * arrived ({@link #committed}) a spilled transaction is read back in parts of {@link #PART_CHANGES} changes, each a
 * {@link Transaction} of the same commit, in order: a segment holds it as consecutive lines. {@link #close()} deletes
 * the file: a transaction the stream broke off, or one stored, leaves nothing.
 */
public final class TransactionBuffer implements AutoCloseable {

    /** Changes per part of a spilled transaction read back. */
    public static final int PART_CHANGES = 10_000;
    private static final ObjectWriter LINE = ChangeJson.MAPPER.writerFor(RowChange.class);

    private final TransactionMemory memory;
    private final long xid;
    private List<RowChange> held = new ArrayList<>();
    private long heldBytes;
    private Path file;
    private OutputStream spill;
    private long count;
    private final Map<String, Long> rowChanges = new TreeMap<>();
    private final Set<TableName> touched = new LinkedHashSet<>();
    private final List<SchemaChange> commands = new ArrayList<>();
    private Transaction header;

    TransactionBuffer(TransactionMemory memory, long xid) {
        this.memory = memory;
        this.xid = xid;
    }

    void add(RowChange change) {
        count++;
        for (TableName table : change.touched()) {
            rowChanges.merge(table.qualified(), 1L, Long::sum);
            touched.add(table);
        }
        if (change.schemaChange() != null) {
            commands.add(change.schemaChange());
        }
        held.add(change);
        heldBytes += change.estimatedBytes();
        if (heldBytes > memory.bytes()) {
            spillHeld();
        }
    }

    private void spillHeld() {
        try {
            if (spill == null) {
                Files.createDirectories(memory.spillDirectory());
                file = Files.createTempFile(memory.spillDirectory(), memory.filePrefix() + xid + "-", ".jsonl");
                spill = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            }
            for (RowChange change : held) {
                spill.write(LINE.writeValueAsBytes(change));
                spill.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill a large transaction to " + memory.spillDirectory() + ": " + e.getMessage(), e);
        }
        held = new ArrayList<>();
        heldBytes = 0;
    }

    /** Whether the transaction outgrew memory: it is delivered as a spilled one, read back in parts. */
    public boolean spilled() {
        return spill != null;
    }

    /** The whole transaction, where it stayed in memory. */
    Transaction inMemory(Lsn commitLsn, Lsn endLsn, Instant commitTime) {
        return new Transaction(xid, commitLsn, endLsn, commitTime, held);
    }

    /** Its commit arrived: what is held goes to the file too, which is complete. */
    TransactionBuffer committed(Lsn commitLsn, Lsn endLsn, Instant commitTime) {
        spillHeld();
        try {
            spill.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill a large transaction: " + e.getMessage(), e);
        }
        header = new Transaction(xid, commitLsn, endLsn, commitTime, List.of());
        return this;
    }

    /** The commit, with no changes: what a segment's manifest and the capture's lag read. */
    public Transaction header() {
        return header;
    }

    /** The commit with its DDL commands alone: what statement matching and gap finding read. */
    public Transaction commands() {
        return new Transaction(xid, header.commitLsn(), header.endLsn(), header.commitTime(), commands.stream().map(RowChange::schema).toList());
    }

    public long changeCount() {
        return count;
    }

    /** Row changes by table ({@code schema.name}). */
    public Map<String, Long> rowChanges() {
        return rowChanges;
    }

    public Set<TableName> touched() {
        return touched;
    }

    /** A new file beside the spill file, for what else the transaction needs on disk (swept with it after a crash). */
    public Path scratchFile(String suffix) throws IOException {
        return Files.createTempFile(memory.spillDirectory(), memory.filePrefix() + xid + "-", suffix);
    }

    /**
     * Reads the changes back in order, in parts of the same commit; the DDL commands are replaced, in order, by
     * {@code resolved} (the same commands as statement matching judged them).
     */
    public Iterator<Transaction> parts(List<SchemaChange> resolved) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<RowChange> changes = ChangeJson.MAPPER.readerFor(RowChange.class).readValues(reader);
        Iterator<SchemaChange> commandsInOrder = resolved.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return changes.hasNext();
            }

            @Override
            public Transaction next() {
                List<RowChange> part = new ArrayList<>(PART_CHANGES);
                while (part.size() < PART_CHANGES && changes.hasNext()) {
                    RowChange change = changes.next();
                    part.add(change.schemaChange() == null ? change : RowChange.schema(commandsInOrder.next()));
                }
                if (!changes.hasNext()) {
                    try {
                        changes.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return new Transaction(xid, header.commitLsn(), header.endLsn(), header.commitTime(), part);
            }
        };
    }

    /** Deletes the spill file, if any. */
    @Override
    public void close() {
        try {
            if (spill != null) {
                spill.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what a capture of {@code owner} that stopped abruptly left in the spill directory (run before it starts
     * again, so none of its own is there yet).
     */
    public static void sweep(TransactionMemory memory) throws IOException {
        if (!Files.isDirectory(memory.spillDirectory())) {
            return;
        }
        try (var leftovers = Files.newDirectoryStream(memory.spillDirectory(), memory.filePrefix() + "*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }
}
