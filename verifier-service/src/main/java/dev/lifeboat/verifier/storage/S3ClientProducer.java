package dev.lifeboat.verifier.storage;

import dev.lifeboat.verifier.config.StorageConfig;
import dev.lifeboat.archive.bucket.S3Clients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client of the configured bucket's server, closed with the application. */
@ApplicationScoped
public class S3ClientProducer {

    @Produces
    @ApplicationScoped
    S3Client s3Client(StorageConfig config) {
        return S3Clients.create(config);
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
