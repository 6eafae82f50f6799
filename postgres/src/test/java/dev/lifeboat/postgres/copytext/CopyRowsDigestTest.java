package dev.lifeboat.postgres.copytext;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The digest of COPY rows: indifferent to their order and to how the bytes arrive, sensitive to any row's change. */
class CopyRowsDigestTest {

    private static final List<String> ROWS = List.of("1\talice\t\\N", "2\tbob\t2026-11-28 01:00:00+00", "3\t\t",
            "4\ta row longer than eight bytes, and then some more\t\\\\.", "");

    @Test
    void theSameRowsInAnotherOrderHaveTheSameDigest() {
        assertThat(digestOf(ROWS)).isEqualTo(digestOf(List.of(ROWS.get(3), ROWS.get(0), ROWS.get(4), ROWS.get(2), ROWS.get(1))));
    }

    @Test
    void aChangedMissingExtraOrRepeatedRowChangesTheDigest() {
        String original = digestOf(ROWS);

        assertThat(digestOf(List.of(ROWS.get(0), ROWS.get(1), ROWS.get(2), ROWS.get(3), "x"))).isNotEqualTo(original);
        assertThat(digestOf(ROWS.subList(0, 4))).isNotEqualTo(original);
        assertThat(digestOf(List.of(ROWS.get(0), ROWS.get(1), ROWS.get(2), ROWS.get(3), ROWS.get(4), "5\tnew\t\\N"))).isNotEqualTo(original);
        // a XOR would cancel a row that is there twice; a sum does not
        assertThat(digestOf(List.of("a", "a"))).isNotEqualTo(digestOf(List.of()));
        // values swapped between two rows: the same bytes in all, other rows
        assertThat(digestOf(List.of("1\tbob", "2\talice"))).isNotEqualTo(digestOf(List.of("1\talice", "2\tbob")));
    }

    @Test
    void rowsSplitAnywhereAcrossCallsGiveTheDigestOfWholeRows() {
        byte[] text = (String.join("\n", ROWS) + "\n").getBytes(StandardCharsets.UTF_8);
        String whole = digestOf(ROWS);
        for (int step = 1; step <= 11; step++) {
            CopyRowsDigest digest = new CopyRowsDigest();
            for (int at = 0; at < text.length; at += step) {
                digest.accept(text, at, Math.min(step, text.length - at));
            }
            assertThat(digest.value()).as("%d bytes a call", step).isEqualTo(whole);
            assertThat(digest.rows()).isEqualTo(ROWS.size());
            assertThat(digest.midRow()).isFalse();
        }
    }

    @Test
    void aRowTakenBackIsAsIfItNeverCame() {
        CopyRowsDigest digest = new CopyRowsDigest();
        ROWS.forEach(row -> digest.acceptRow((row + "\n").getBytes(StandardCharsets.UTF_8)));
        digest.acceptRow("\\.".getBytes(StandardCharsets.UTF_8));

        digest.forget("\\.".getBytes(StandardCharsets.UTF_8));

        assertThat(digest.value()).isEqualTo(digestOf(ROWS));
        assertThat(digest.rows()).isEqualTo(ROWS.size());
    }

    @Test
    void bytesWithoutTheirNewlineYetAreARowNotEnded() {
        CopyRowsDigest digest = new CopyRowsDigest();
        digest.accept("1\tcut sh".getBytes(StandardCharsets.UTF_8), 0, 8);

        assertThat(digest.midRow()).isTrue();
        assertThat(digest.rows()).isZero();
        assertThat(digest.value()).as("no row taken yet").isEqualTo(new CopyRowsDigest().value());
    }

    private static String digestOf(List<String> rows) {
        CopyRowsDigest digest = new CopyRowsDigest();
        rows.forEach(row -> digest.acceptRow(row.getBytes(StandardCharsets.UTF_8)));
        return digest.value();
    }
}
