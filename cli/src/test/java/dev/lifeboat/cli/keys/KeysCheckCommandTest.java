package dev.lifeboat.cli.keys;

import dev.lifeboat.cli.CommandLineRun;
import dev.lifeboat.cli.api.CannedApi;
import dev.lifeboat.cli.command.ExitCodes;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lifeboat keys check} over canned answers of the verifier's {@code GET /api/keys}. */
class KeysCheckCommandTest {

    private static final String K1 = "{\"keyId\":\"k-2026\",\"fingerprint\":\"1b2c3d4e5f60718293a4b5c6d7e8f901\","
            + "\"recordedFingerprint\":\"1b2c3d4e5f60718293a4b5c6d7e8f901\",\"problem\":null,\"backups\":12,"
            + "\"backupsByDatabase\":{\"orders-db\":8,\"shop\":4}}";

    private final CannedApi api = new CannedApi();
    private final CommandLineRun cli = new CommandLineRun(api, Instant.parse("2026-11-28T04:00:00Z"));

    @Test
    void everyBackupOpenedByAKeyTheBucketRecordedExitsZero() {
        api.answer("GET", "/api/keys", "{\"keys\":[" + K1 + "],\"unopened\":[],\"unencrypted\":2}");

        assertThat(cli.run("keys", "check")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("KEY ID", "k-2026", "1b2c3d4e5f60718293a4b5c6d7e8f901", "matches",
                "12 backups (orders-db 8, shop 4)", "Every encrypted backup in the bucket opens with a configured key.",
                "2 backups stored unencrypted.");
        assertThat(api.calls).containsExactly("VERIFIER /api/keys");
    }

    @Test
    void aBackupNoKeyOpensAndASwappedKeyAreNamedAndExitOne() {
        String swapped = "{\"keyId\":\"k-2027\",\"fingerprint\":\"aaaa\",\"recordedFingerprint\":\"bbbb\",\"problem\":\"what the bucket"
                + " holds under key id 'k-2027' was encrypted by another key\",\"backups\":0,\"backupsByDatabase\":{}}";
        api.answer("GET", "/api/keys", "{\"keys\":[" + K1 + "," + swapped + "],\"unopened\":[{\"databaseId\":\"shop\",\"backupId\":\"b-9\","
                + "\"keyId\":\"k-2025\",\"reason\":\"it is encrypted with key 'k-2025', which is not configured here\"}],\"unencrypted\":0}");

        assertThat(cli.run("keys", "check")).isEqualTo(ExitCodes.NOT_OK);

        assertThat(cli.out.toString()).contains("k-2027", "DIFFERS", "0 backups",
                "KEY k-2027: what the bucket holds under key id 'k-2027' was encrypted by another key",
                "1 backup no configured key opens:", "  shop b-9 (key 'k-2025'): it is encrypted with key 'k-2025', which is not configured here");
        assertThat(cli.out.toString()).doesNotContain("stored unencrypted");
    }

    @Test
    void keysAloneShowsItsUsage() {
        assertThat(cli.run("keys")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.out.toString()).contains("check");
    }
}
