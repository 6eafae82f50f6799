package dev.lifeboat.realservers.s3;

import dev.lifeboat.realservers.process.RealServer;
import dev.lifeboat.realservers.process.ChildJvm;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServerClasspath;
import dev.lifeboat.realservers.process.ServerHome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An S3 API server (S3Proxy, objects on the local file system) in a child JVM on a free loopback
 * port, with fresh random credentials and one bucket. Clients must use path-style access.
 */
public final class S3Server implements RealServer {

    public static final String REGION = "us-east-1";

    private static final String CREDENTIALS_FILE = "credentials";

    private final ServerHome home;
    private final Path workDir;
    private final Path objectsDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private ChildJvm process;

    private S3Server(ServerHome home, Path objectsDir, String accessKey, String secretKey, String bucket, ChildJvm process) {
        this.home = home;
        this.workDir = home.dir();
        this.objectsDir = objectsDir;
        this.port = home.port(0);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
        this.process = process;
    }

    /** Starts S3Proxy and creates {@code bucket}. */
    public static S3Server start(String bucket) {
        return start(ServerHome.temporary("lifeboat-s3-", 1), bucket);
    }

    /**
     * S3Proxy in {@code home} on its port, with {@code bucket} (created when missing): a kept home keeps its objects and
     * the credentials of its first start ({@value #CREDENTIALS_FILE}, readable by its owner only).
     */
    public static S3Server start(ServerHome home, String bucket) {
        Path workDir = home.dir();
        try {
            int port = home.port(0);
            Path objectsDir = Files.createDirectories(workDir.resolve("objects"));
            String[] credentials = home.remembered(CREDENTIALS_FILE).orElseGet(() -> "lifeboat-" + random(4) + " " + random(20)).split(" ");
            if (home.kept()) {
                home.remember(CREDENTIALS_FILE, credentials[0] + " " + credentials[1]);
            }
            Files.writeString(workDir.resolve("s3proxy.conf"), String.join("\n",
                    "s3proxy.endpoint=http://" + LoopbackPorts.HOST + ":" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + credentials[0],
                    "s3proxy.credential=" + credentials[1],
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + objectsDir,
                    ""));
            ChildJvm process = launch(workDir, port);
            S3Server server = new S3Server(home, objectsDir, credentials[0], credentials[1], bucket, process);
            server.createBucket(bucket);
            return server;
        } catch (IOException e) {
            home.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            home.release();
            throw e;
        }
    }

    private static ChildJvm launch(Path workDir, int port) {
        return ChildJvm.start("s3proxy", ServerClasspath.of("s3proxy"), List.of("-Xmx256m", "-XX:+UseSerialGC"),
                "org.gaul.s3proxy.Main", List.of("--properties", workDir.resolve("s3proxy.conf").toString()), workDir,
                Duration.ofSeconds(60), () -> LoopbackPorts.accepts(port));
    }

    /**
     * An outage: the server stops (connections are refused) until the returned handle is closed, which
     * starts it again on the same port with the same objects and credentials.
     */
    public synchronized AutoCloseable outage() {
        process.close();
        return () -> {
            synchronized (this) {
                process = launch(workDir, port);
            }
        };
    }

    /**
     * A hung server: the process is stopped (SIGSTOP, by its pid), so connections are accepted and never
     * answered, until the returned handle is closed (SIGCONT).
     */
    public synchronized AutoCloseable freeze() {
        signal("-STOP");
        return () -> signal("-CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling S3Proxy", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** With the file-system provider a bucket is a folder under the objects folder. */
    public void createBucket(String name) {
        try {
            // private: S3Proxy's filesystem store answers anonymous requests for a folder others may read (PUBLIC_READ)
            Files.createDirectories(objectsDir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where S3Proxy keeps the objects of a bucket: tests may corrupt or remove files here. */
    public Path bucketDir(String name) {
        return objectsDir.resolve(name);
    }

    public String endpoint() {
        return "http://" + LoopbackPorts.HOST + ":" + port;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return accessKey;
    }

    /** For the test and local configuration only; never logged. */
    public String secretKey() {
        return secretKey;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public Map<String, String> settings() {
        return settings("lifeboat.storage.");
    }

    /** This server's bucket as a service's second bucket ({@code lifeboat.copy.*}): the copies' own endpoint and credentials. */
    public Map<String, String> secondBucketSettings() {
        return settings("lifeboat.copy.");
    }

    private Map<String, String> settings(String prefix) {
        return Map.of(
                prefix + "endpoint", endpoint(),
                prefix + "region", REGION,
                prefix + "bucket", bucket,
                prefix + "path-style", "true",
                prefix + "access-key-id", accessKey,
                prefix + "secret-access-key", secretKey);
    }

    @Override
    public void close() {
        process.close();
        home.release();
    }
}
