package dev.lifeboat.postgres.copytext;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Newlines found eight bytes at a time agree with a byte-by-byte look, at every offset and length. */
class NewlinesTest {

    private static final byte[] BYTES = "a\nbb\n\n\nccccccc\n\nd\n\n\n\ne\nffffffffffffffff\ng".getBytes();

    @Test
    void newlinesAreCountedEightBytesAtATimeAndInTheRemainder() {
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; offset + length <= BYTES.length; length++) {
                long counted = 0;
                for (int i = offset; i < offset + length; i++) {
                    counted += BYTES[i] == '\n' ? 1 : 0;
                }
                assertThat(Newlines.count(BYTES, offset, length)).as("offset %d length %d", offset, length).isEqualTo(counted);
            }
        }
    }

    @Test
    void theFirstNewlineIsFoundWhereverItIsOrNotAtAll() {
        for (int from = 0; from <= BYTES.length; from++) {
            for (int end = from; end <= BYTES.length; end++) {
                int expected = -1;
                for (int i = from; i < end; i++) {
                    if (BYTES[i] == '\n') {
                        expected = i;
                        break;
                    }
                }
                assertThat(Newlines.indexOf(BYTES, from, end)).as("from %d to %d", from, end).isEqualTo(expected);
            }
        }
    }
}
