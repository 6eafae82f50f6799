package dev.lifeboat.archive.bucket;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.DeletionMarker;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted backup's objects stay in the bucket beside a {@code deleted.json} until it is purged: every reader that lists
 * backups (a restore choosing the latest, the verifier, {@code lifeboat keys check}) passes it over, and only a catalog
 * rebuild asks for it. Against a real S3 API server (S3Proxy).
 */
class DeletedBackupsListingTest {

    private static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");

    private static S3Server s3;

    @BeforeAll
    static void start() {
        s3 = S3Server.start("listing");
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aBackupWithADeletionMarkerIsListedOnlyAsDeleted() throws IOException {
        BucketSettings settings = BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, "listing", s3.accessKey(), s3.secretKey());
        try (S3Client client = S3Clients.create(settings)) {
            BucketObjects objects = new BucketObjects(client, settings);
            String kept = ArchiveLayout.folder("orders", AT, "b-kept");
            String deleted = ArchiveLayout.folder("orders", AT, "b-deleted");
            String other = ArchiveLayout.folder("shop", AT, "b-other");
            for (String folder : new String[]{kept, deleted, other}) {
                objects.put(ArchiveLayout.manifestKey(folder), "application/json", "{}");
                objects.put(folder + "archive.dump.zst", "application/octet-stream", new byte[]{1, 2, 3});
            }
            DeletionMarker marker = new DeletionMarker(AT, AT.plusSeconds(7 * 86_400), "alice", "a delete call");
            objects.put(ArchiveLayout.deletionMarkerKey(deleted), "application/json", marker.json());

            assertThat(objects.manifestKeys("orders")).containsExactly(ArchiveLayout.manifestKey(kept));
            assertThat(objects.allManifestKeys()).containsExactlyInAnyOrder(ArchiveLayout.manifestKey(kept), ArchiveLayout.manifestKey(other));
            assertThat(objects.allManifests().deleted()).containsExactly(ArchiveLayout.manifestKey(deleted));
            assertThat(DeletionMarker.read(objects.text(ArchiveLayout.deletionMarkerKey(deleted)))).isEqualTo(marker);

            objects.delete(ArchiveLayout.deletionMarkerKey(deleted)); // undeleted
            assertThat(objects.manifestKeys("orders")).hasSize(2);
            assertThat(objects.allManifests().deleted()).isEmpty();
            assertThat(objects.allManifests().live()).hasSize(3);
        }
    }
}
