package dev.lifeboat.d1.wrangler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wrangler.toml of a local folder: Lifeboat's own only ever gains databases; a person's is never changed. */
class WranglerConfigTest {

    @TempDir
    Path folder;

    @Test
    void lifeboatsOwnConfigurationGainsEachNewDatabaseOnceAndKeepsTheOthers() throws IOException {
        WranglerConfig.ensureListed(folder, "portal", "id-portal");
        WranglerConfig.ensureListed(folder, "portal_copy", "id-copy");
        WranglerConfig.ensureListed(folder, "portal", "another-id");

        assertThat(WranglerConfig.listed(Files.readString(folder.resolve("wrangler.toml"))))
                .isEqualTo(Map.of("portal", "id-portal", "portal_copy", "id-copy"));
    }

    @Test
    void aPersonsConfigurationIsNeverChangedAndOneThatLacksTheDatabaseSaysSo() throws IOException {
        String theirs = """
                name = "portal-worker"
                main = "src/index.ts"

                [[d1_databases]]
                binding = "DB"
                database_id = "11111111-2222-3333-4444-555555555555"
                database_name = "portal"
                """;
        Files.writeString(folder.resolve("wrangler.toml"), theirs);

        WranglerConfig.ensureListed(folder, "portal", "a-derived-id");
        assertThatThrownBy(() -> WranglerConfig.ensureListed(folder, "portal_copy", "id-copy")).isInstanceOf(IOException.class)
                .hasMessageContaining("was not written by Lifeboat and names no D1 database portal_copy");

        assertThat(Files.readString(folder.resolve("wrangler.toml"))).isEqualTo(theirs);
    }
}
