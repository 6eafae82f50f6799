package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.copytext.CopyRowsDigest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up's own script reads as a restore reads pg_restore's: every row of it, none of the lines around them. */
class RowReadingWarmUpTest {

    @Test
    void theScriptsRowsAreReadEveryOneAndOnlyThem() throws IOException {
        byte[] script = RowReadingWarmUp.script(5_000);

        assertThat(RowReadingWarmUp.read(new ByteArrayInputStream(script))).isEqualTo(5_000);
        String text = new String(script, StandardCharsets.UTF_8);
        assertThat(text).startsWith("SET client_encoding = 'UTF8';\n\nCOPY public.lifeboat_warm_up").endsWith("\n\\.\n\n");
        assertThat(text.lines().filter(line -> line.split("\t", -1).length == 4).count()).as("rows of four columns").isEqualTo(5_000);
        CopyRowsDigest digest = new CopyRowsDigest();
        digest.accept(script, 0, script.length);
        assertThat(digest.rows()).as("every line a row, to a digest that knows nothing of scripts").isEqualTo(5_000 + 5);
    }
}
