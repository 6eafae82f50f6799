package dev.lifeboat.verifier.api;

import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.keys.KeyCoverage;
import dev.lifeboat.archive.keys.KeyRecords;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.verifier.config.EncryptionConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.time.Clock;

/** {@code lifeboat keys check}: which backups each key the verifier is configured with opens, and which none does. */
@Path("/api/keys")
@Tag(name = "keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    private final BucketObjects bucket;
    private final EncryptionConfig encryption;

    public KeysResource(BucketObjects bucket, EncryptionConfig encryption) {
        this.bucket = bucket;
        this.encryption = encryption;
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Which backups each configured encryption key opens, and which none does (operator)",
            description = "Reads every manifest in the bucket. Answers {keys: [{keyId, fingerprint, recordedFingerprint, problem,"
                    + " backups, backupsByDatabase}], unopened: [{databaseId, backupId, keyId, reason}], unencrypted}: a key's"
                    + " fingerprint is a keyed hash, never the key; problem says why a key cannot be used (unreadable, or not the"
                    + " key the bucket recorded under its id).")
    public KeyCoverage check() throws IOException {
        return KeyCoverage.of(bucket, new ArchiveKeyring(encryption.keys()), encryption.keys().keySet(),
                new KeyRecords(bucket, Clock.systemUTC()));
    }
}
