package dev.lifeboat.realservers.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of its own and a server certificate it signed for one host name, made with the real
 * {@code openssl} (RSA 2048, valid two days), for a PostgreSQL server that speaks TLS; and a second, unrelated CA, whose
 * certificate a client must refuse the server with.
 *
 * @param caCertificate      the CA's certificate (PEM): what a client's {@code sslrootcert} names
 * @param serverCertificate  the server's certificate, signed by the CA, naming only {@code hostName} (no IP address)
 * @param serverKey          its private key, readable by its owner only (PostgreSQL refuses another)
 * @param otherCaCertificate another CA's certificate, which did not sign the server's
 */
public record ServerCertificates(Path caCertificate, Path serverCertificate, Path serverKey, Path otherCaCertificate) {

    /** Makes them in {@code folder}, for a server reached as {@code hostName}. */
    public static ServerCertificates issue(Path folder, String hostName) {
        try {
            Files.createDirectories(folder);
            openssl(folder, "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-days", "2", "-subj", "/CN=Lifeboat test CA",
                    "-keyout", "ca.key", "-out", "ca.crt");
            openssl(folder, "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-days", "2", "-subj", "/CN=Another CA",
                    "-keyout", "other-ca.key", "-out", "other-ca.crt");
            openssl(folder, "req", "-new", "-nodes", "-newkey", "rsa:2048", "-subj", "/CN=" + hostName,
                    "-keyout", "server.key", "-out", "server.csr");
            Files.writeString(folder.resolve("server.ext"), "subjectAltName=DNS:" + hostName + "\n");
            openssl(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", "server.ext", "-out", "server.crt");
            Path key = folder.resolve("server.key");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            return new ServerCertificates(folder.resolve("ca.crt").toAbsolutePath(), folder.resolve("server.crt").toAbsolutePath(),
                    key.toAbsolutePath(), folder.resolve("other-ca.crt").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test certificates", e);
        }
    }

    /** The PostgreSQL settings of a server that offers TLS with this certificate (and still takes connections without). */
    public Map<String, String> serverSettings() {
        return Map.of("ssl", "on", "ssl_cert_file", serverCertificate.toString(), "ssl_key_file", serverKey.toString());
    }

    private static void openssl(Path folder, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Path log = folder.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("openssl " + arguments[0] + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while openssl ran", e);
        }
    }
}
