package dev.lifeboat.d1.export;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.fixtures.D1Rows;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real wrangler exporting a real local D1 (workerd's SQLite): streamed through a pipe, each table's rows counted from the export. */
class D1ExportTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static Wrangler wrangler;

    @TempDir
    Path folder;

    @BeforeAll
    static void install() {
        wrangler = new Wrangler(InstalledWrangler.executable(), TIMEOUT, DatabaseSecrets.defaults());
    }

    @Test
    void anExportStreamsThroughAPipeAndItsCountsAreTheDatabasesAndItRestoresEveryRowAlike() throws Exception {
        D1Location portal = new D1Location("portal", null, null, folder, null);
        D1Queries queries = new D1Queries(wrangler);
        queries.execute(portal, PortalSchema.SQL);

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        ExportRowCounter.Counted counted;
        long began = System.nanoTime();
        D1Export export = D1Export.start(wrangler, portal, TIMEOUT);
        Duration held;
        try (export) {
            counted = ExportRowCounter.copy(export.stream(), copy);
            export.awaitSuccess();
            held = export.heldFor();
            assertThat(held).as("from wrangler's start: node and workerd start, then the export")
                    .isBetween(Duration.ofMillis(200), Duration.ofNanos(System.nanoTime() - began));
        }

        assertThat(counted.rows()).isEqualTo(queries.rowCounts(portal)).containsEntry("invoices", 3L).containsEntry("audit note", 0L);
        Path file = folder.resolve("export.sql");
        Files.write(file, copy.toByteArray());
        D1Location copyDb = portal.sibling("portal_copy", null);
        wrangler.run(copyDb, List.of("execute", "portal_copy", "--yes", "--file", file.toString()));
        assertThat(D1Rows.of(queries, copyDb)).isEqualTo(D1Rows.of(queries, portal)).containsKey("clients");
        assertThat(export.heldFor()).as("held until wrangler's exit, not counting on through the seconds of work since").isEqualTo(held);
        assertThat(queries.execute(copyDb, "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE '_cf_%' ORDER BY name"))
                .isEqualTo(queries.execute(portal, "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE '_cf_%' ORDER BY name"));
    }

    @Test
    void aMissingWranglerIsSaidPlainly() {
        Wrangler missing = new Wrangler(folder.resolve("no-such-wrangler").toString(), TIMEOUT, DatabaseSecrets.defaults());
        D1Location portal = new D1Location("portal", null, null, folder, null);

        assertThatThrownBy(() -> new D1Queries(missing).tables(portal)).isInstanceOf(WranglerFailure.class)
                .hasMessageContaining("cannot start").extracting(e -> ((WranglerFailure) e).reason())
                .isEqualTo(WranglerFailure.Reason.NOT_INSTALLED);
    }

    @Test
    void badSqlFailsWithWranglersReasonAndChangesNothing() throws Exception {
        D1Location portal = new D1Location("portal", null, null, folder, null);
        D1Queries queries = new D1Queries(wrangler);
        queries.execute(portal, PortalSchema.SQL);

        assertThatThrownBy(() -> queries.execute(portal, "INSERT INTO clients(id, name) VALUES (50, 'x'); SELEC nonsense"))
                .isInstanceOf(WranglerFailure.class).hasMessageContaining("syntax error");
        assertThat(queries.rowCounts(portal)).containsEntry("clients", 2L);
    }

    @Test
    void aWranglerThatPrintsTheTokenGetsItIntoNoMessage() throws IOException {
        String secret = "tok-" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        Files.writeString(folder.resolve("token"), secret);
        Path echoing = folder.resolve("wrangler-echoing");
        Files.writeString(echoing, "#!/bin/sh\necho \"{\\\"error\\\":{\\\"text\\\":\\\"Authentication error for $CLOUDFLARE_API_TOKEN\\\"}}\"\n"
                + "echo \"[ERROR] the token $CLOUDFLARE_API_TOKEN was refused\" >&2\nexit 1\n");
        echoing.toFile().setExecutable(true);
        D1Location remote = new D1Location("portal", "6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d", "0123456789abcdef0123456789abcdef", null,
                "file:" + folder.resolve("token"));
        Wrangler leaking = new Wrangler(echoing.toString(), TIMEOUT, new DatabaseSecrets("LIFEBOAT_DB_", folder));

        assertThatThrownBy(() -> new D1Queries(leaking).tables(remote)).isInstanceOf(WranglerFailure.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("Authentication error for ***").doesNotContain(secret))
                .extracting(e -> ((WranglerFailure) e).reason()).isEqualTo(WranglerFailure.Reason.AUTHENTICATION_FAILED);
        assertThatThrownBy(() -> D1Export.start(leaking, remote, TIMEOUT).awaitSuccess())
                .isInstanceOf(WranglerFailure.class).satisfies(e -> assertThat(e.getMessage()).contains("***").doesNotContain(secret));
    }

    @Test
    void aTokenOutsideTheDatabasesSecretsIsNeverReadNorGivenToWrangler() throws IOException {
        String secret = "tok-" + "f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4";
        Files.writeString(folder.resolve("token"), secret);
        Path echoing = folder.resolve("wrangler-echoing");
        Files.writeString(echoing, "#!/bin/sh\necho \"[ERROR] ran with $CLOUDFLARE_API_TOKEN\" >&2\nexit 1\n");
        echoing.toFile().setExecutable(true);
        D1Location remote = new D1Location("portal", "6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d", "0123456789abcdef0123456789abcdef", null,
                "file:" + folder.resolve("token"));
        Wrangler guarded = new Wrangler(echoing.toString(), TIMEOUT, new DatabaseSecrets("LIFEBOAT_DB_", folder.resolve("db-secrets")));

        assertThatThrownBy(() -> new D1Queries(guarded).tables(remote)).isInstanceOf(WranglerFailure.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("must name a secret provisioned for databases")
                        .doesNotContain("ran with").doesNotContain(secret))
                .extracting(e -> ((WranglerFailure) e).reason()).isEqualTo(WranglerFailure.Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void aRemoteDatabaseWhoseAccountCannotBeReachedIsUnreachableNamingTheDatabase() throws IOException {
        Path token = folder.resolve("token");
        Files.writeString(token, "tok-unreachable");
        D1Location remote = new D1Location("portal", "6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d", "0123456789abcdef0123456789abcdef", null,
                "file:" + token);

        Wrangler tokenInFolder = new Wrangler(InstalledWrangler.executable(), TIMEOUT, new DatabaseSecrets("LIFEBOAT_DB_", folder));
        assertThatThrownBy(() -> new D1Queries(tokenInFolder).tables(remote)).isInstanceOf(WranglerFailure.class)
                .hasMessageContaining("wrangler failed with D1 database portal (6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d in account")
                .extracting(e -> ((WranglerFailure) e).reason()).isEqualTo(WranglerFailure.Reason.UNREACHABLE);
    }
}
