package dev.lifeboat.archive.bucket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of the configured bucket's server ({@link BucketSettings}) for the services that inject it,
 * closed with the application. Found by Quarkus through this jar's {@code META-INF/beans.xml}.
 */
@ApplicationScoped
public class BucketClientProducer {

    @Produces
    @ApplicationScoped
    S3Client s3Client(BucketSettings settings) {
        return S3Clients.create(settings);
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
