package dev.lifeboat.bench;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.realservers.postgres.PostgresServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a user would script by hand instead of Lifeboat, timed on the same data in the same run: a restore from the same
 * bucket (a {@code pg_dump -Fc -Z0 | zstd -1 -T2} object downloaded through the AWS SDK, piped through {@code zstd -dc} into
 * {@code pg_restore -d}, no client-side encryption), the same compressed dump from a local file through {@code zstd -dc}
 * into {@code pg_restore -d} (the pipe), and {@code createdb} + {@code pg_restore --jobs=N} of a local uncompressed file
 * (the limit on this machine). Each anchor restores into a new database, dropped after.
 */
final class RestoreAnchors implements AutoCloseable {

    private final PostgresServer postgres;
    private final BucketObjects bucket;
    private final String database;
    private final Path dump;
    private final Path compressed;
    private final String key;

    private RestoreAnchors(PostgresServer postgres, BucketObjects bucket, String database, Path dump, Path compressed, String key) {
        this.postgres = postgres;
        this.bucket = bucket;
        this.database = database;
        this.dump = dump;
        this.compressed = compressed;
        this.key = key;
    }

    /** Dumps the database to a local file, keeps its zstd-compressed copy beside it and stores one in the bucket (none of it timed). */
    static RestoreAnchors of(BenchStack stack, String database) throws Exception {
        PostgresServer postgres = stack.postgres();
        Path dump = Files.createTempFile(database, ".dump");
        Path compressed = Path.of(dump + ".zst");
        String connection = PostgresCommand.connection(postgres);
        PostgresCommand.run(postgres, "bash", "-c", "pg_dump -Fc -Z0 " + connection + " -f " + dump + " " + database);
        PostgresCommand.run(postgres, "zstd", "-q", "-1", "-T2", "-f", dump.toString(), "-o", compressed.toString());
        String key = "anchor/" + database + ".dump.zst";
        BucketObjects bucket = stack.bucket();
        // a multipart upload, as aws s3 cp does: at 10 GB the object is past a single PUT's 5 GB
        try (software.amazon.awssdk.services.s3.S3Client s3 = stack.s3Client(); InputStream in = Files.newInputStream(compressed)) {
            PipeToBucket.upload(s3, dev.lifeboat.realservers.RealServers.BUCKET, key, in);
        }
        return new RestoreAnchors(postgres, bucket, database, dump, compressed, key);
    }

    /** Seconds of {@code createdb} + {@code zstd -dc} of the local compressed file into {@code pg_restore -d}: the pipe. */
    double pipe() throws Exception {
        String anchor = database + "_anchor";
        String connection = PostgresCommand.connection(postgres);
        double seconds = PostgresCommand.run(postgres, "bash", "-c", "set -e -o pipefail; createdb " + connection + " " + anchor
                + "; zstd -dc " + compressed + " | pg_restore --exit-on-error " + connection + " -d " + anchor);
        postgres.execute("DROP DATABASE " + anchor);
        return seconds;
    }

    /** Seconds of {@code createdb} + the bucket's object through {@code zstd -dc} into {@code pg_restore -d}. */
    double fromBucket() throws Exception {
        String anchor = database + "_anchor";
        String connection = PostgresCommand.connection(postgres);
        long start = System.nanoTime();
        PostgresCommand.run(postgres, "createdb", "-h", postgres.host(), "-p", String.valueOf(postgres.port()), "-U", postgres.superuser(), anchor);
        ProcessBuilder pipeline = new ProcessBuilder("bash", "-c", "set -o pipefail; zstd -dc | pg_restore --exit-on-error "
                + connection + " -d " + anchor).redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        pipeline.environment().put("PGPASSWORD", postgres.superuserPassword());
        Process process = pipeline.start();
        try (InputStream stored = bucket.open(key); OutputStream stdin = process.getOutputStream()) {
            stored.transferTo(stdin);
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the bucket anchor's pipeline failed for " + database);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        postgres.execute("DROP DATABASE " + anchor);
        return seconds;
    }

    /** Seconds of {@code createdb} + {@code pg_restore --jobs=N} of the local uncompressed file. */
    double local(int jobs) throws Exception {
        String anchor = database + "_anchor";
        String connection = PostgresCommand.connection(postgres);
        double seconds = PostgresCommand.run(postgres, "bash", "-c", "set -e; createdb " + connection + " " + anchor
                + "; pg_restore --exit-on-error --jobs=" + jobs + " " + connection + " -d " + anchor + " " + dump);
        postgres.execute("DROP DATABASE " + anchor);
        return seconds;
    }

    @Override
    public void close() throws Exception {
        Files.deleteIfExists(dump);
        Files.deleteIfExists(compressed);
        bucket.delete(key);
    }
}
