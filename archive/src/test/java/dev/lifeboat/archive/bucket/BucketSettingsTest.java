package dev.lifeboat.archive.bucket;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code lifeboat.storage.*} read as a service reads it (SmallRye Config): Cloudflare R2's settings, the defaults, a bad value. */
class BucketSettingsTest {

    @Test
    void cloudflareR2sSettingsAreReadAndMakeAClientInRegionAuto() {
        BucketSettings settings = read(Map.of(
                "lifeboat.storage.endpoint", "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
                "lifeboat.storage.region", "auto",
                "lifeboat.storage.bucket", "lifeboat-backups",
                "lifeboat.storage.path-style", "true",
                "lifeboat.storage.checksums", "when-required"));

        assertThat(settings.endpoint()).contains(URI.create("https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com"));
        assertThat(settings.region()).isEqualTo("auto");
        assertThat(settings.pathStyle()).isTrue();
        assertThat(settings.checksums()).isEqualTo(BucketSettings.Checksums.WHEN_REQUIRED);
        try (S3Client client = S3Clients.create(settings)) {
            assertThat(client.serviceClientConfiguration().region()).as("a region not on AWS's list").isEqualTo(Region.of("auto"));
        }
    }

    @Test
    void unsetChecksumsAreTheSdksDefault() {
        BucketSettings settings = read(Map.of());

        assertThat(settings.checksums()).isEqualTo(BucketSettings.Checksums.WHEN_SUPPORTED);
        assertThat(settings.region()).isEqualTo("us-east-1");
    }

    @Test
    void aChecksumsValueThatIsNeitherStopsTheStartNamingTheSettingAndItsValues() {
        Throwable failure = catchThrowable(() -> read(Map.of("lifeboat.storage.checksums", "when-needed")));

        assertThat(failure).isNotNull();
        assertThat(messages(failure)).contains("lifeboat.storage.checksums", "when-needed", "when-supported", "when-required");
    }

    private static BucketSettings read(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(BucketSettings.class)
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .build();
        return config.getConfigMapping(BucketSettings.class);
    }

    /** The messages of a failure and its causes, as a start-up log shows them. */
    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }
}
