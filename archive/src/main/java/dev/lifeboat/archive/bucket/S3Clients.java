package dev.lifeboat.archive.bucket;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The S3 client of a bucket's server (blocking, Apache HTTP client): every service that reads or writes the bucket builds it here. */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(BucketSettings settings) {
        return builder(settings).build();
    }

    /**
     * The builder of {@link #create}: endpoint, region (any name: {@code auto} for Cloudflare R2), addressing, the SDK's
     * checksums as {@link BucketSettings#checksums()} says, credentials. Tests add to it what they observe.
     */
    static S3ClientBuilder builder(BucketSettings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(requestChecksums(settings.checksums()))
                .responseChecksumValidation(responseChecksums(settings.checksums()))
                .credentialsProvider(credentials(settings));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Checksums on requests: on every upload (the SDK's default), or only where the operation requires one. */
    private static RequestChecksumCalculation requestChecksums(BucketSettings.Checksums checksums) {
        return switch (checksums) {
            case WHEN_SUPPORTED -> RequestChecksumCalculation.WHEN_SUPPORTED;
            case WHEN_REQUIRED -> RequestChecksumCalculation.WHEN_REQUIRED;
        };
    }

    /** Checksums of responses checked: whenever a response carries one (the SDK's default), or only where the request asked. */
    private static ResponseChecksumValidation responseChecksums(BucketSettings.Checksums checksums) {
        return switch (checksums) {
            case WHEN_SUPPORTED -> ResponseChecksumValidation.WHEN_SUPPORTED;
            case WHEN_REQUIRED -> ResponseChecksumValidation.WHEN_REQUIRED;
        };
    }

    /** The configured access key, else the AWS default chain (environment, profile, instance role). */
    private static AwsCredentialsProvider credentials(BucketSettings settings) {
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
