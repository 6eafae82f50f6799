package dev.lifeboat.postgres.restore;

import dev.lifeboat.archive.ArchiveIntegrityException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PlaintextReadAheadTest {

    @Test
    void theConsumerGetsEveryByteInOrderWhateverTheSourcesReadSizes() throws Exception {
        Random random = new Random(11);
        for (int size : new int[]{0, 1, PlaintextReadAhead.CHUNK - 1, PlaintextReadAhead.CHUNK, 20 * PlaintextReadAhead.CHUNK + 777}) {
            byte[] plaintext = new byte[size];
            random.nextBytes(plaintext);
            ByteArrayOutputStream consumed = new ByteArrayOutputStream();
            try (PlaintextReadAhead ahead = new PlaintextReadAhead(new Trickle(new ByteArrayInputStream(plaintext), random))) {
                for (PlaintextReadAhead.Chunk chunk; (chunk = ahead.next()) != null; ahead.recycle(chunk)) {
                    consumed.write(chunk.bytes(), 0, chunk.length());
                }
                assertThat(ahead.next()).as("the end, again").isNull();
            }
            assertThat(consumed.toByteArray()).as(size + " bytes").isEqualTo(plaintext);
        }
    }

    @Test
    void aChecksumFailureReachesTheConsumerAsItWasAfterTheBytesBeforeIt() throws Exception {
        byte[] good = new byte[3 * PlaintextReadAhead.CHUNK];
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(good), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.CHECKSUM, "backup b1 does not match its SHA-256");
            }
        });
        long consumed = 0;
        try (PlaintextReadAhead ahead = new PlaintextReadAhead(failing)) {
            PlaintextReadAhead.Chunk chunk;
            for (int i = 0; i < 3; i++) {
                chunk = ahead.next();
                consumed += chunk.length();
                ahead.recycle(chunk);
            }
            assertThatThrownBy(ahead::next).isInstanceOf(ArchiveIntegrityException.class).hasMessageContaining("SHA-256");
            assertThatThrownBy(ahead::next).as("and on every later call").isInstanceOf(ArchiveIntegrityException.class);
        }
        assertThat(consumed).isEqualTo(good.length);
    }

    @Test
    void anErrorInTheReaderReachesTheConsumerInsteadOfLeavingItWaiting() {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("a decompressor's buffer");
            }
        };
        try (PlaintextReadAhead ahead = new PlaintextReadAhead(broken)) {
            assertThatThrownBy(ahead::next).isInstanceOf(OutOfMemoryError.class);
        }
    }

    @Test
    void closedEarlyTheReaderStopsAtMostAFewChunksAheadAndReadsNoFurther() throws Exception {
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 7;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                read.addAndGet(length);
                return length;
            }
        };
        PlaintextReadAhead ahead = new PlaintextReadAhead(endless);
        ahead.recycle(ahead.next());
        await().atMost(Duration.ofSeconds(5)).until(() -> read.get() >= (long) PlaintextReadAhead.AHEAD * PlaintextReadAhead.CHUNK);
        ahead.close();
        long atClose = read.get();
        assertThat(Thread.getAllStackTraces().keySet()).as("closing waits for the reader to end")
                .noneMatch(thread -> thread.getName().equals("lifeboat-plaintext-read-ahead"));
        assertThat(atClose).as("bounded ahead").isLessThanOrEqualTo((PlaintextReadAhead.AHEAD + 3L) * PlaintextReadAhead.CHUNK);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> read.get() == atClose); // reads no further
    }

    /** Hands out its bytes in reads of random size, as a decompressor does. */
    private static final class Trickle extends InputStream {
        private final InputStream source;
        private final Random random;

        Trickle(InputStream source, Random random) {
            this.source = source;
            this.random = random;
        }

        @Override
        public int read() throws IOException {
            return source.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return source.read(buffer, offset, Math.min(length, 1 + random.nextInt(300_000)));
        }
    }
}
