package dev.lifeboat.backup;

import dev.lifeboat.realservers.s3.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import java.net.URI;
import java.util.List;

/** The test's own S3 client on the real S3Proxy: reads what the service wrote, as an auditor would. */
public final class TestBucket {

    public static S3Client client(S3Server s3) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.of(S3Server.REGION))
                .forcePathStyle(true)
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build();
    }

    public static List<MultipartUpload> openUploads(S3Client client, String bucket) {
        return client.listMultipartUploads(builder -> builder.bucket(bucket)).uploads();
    }

    static byte[] object(S3Client client, String bucket, String key) {
        return client.getObjectAsBytes(builder -> builder.bucket(bucket).key(key)).asByteArray();
    }

    private TestBucket() {
    }

}
