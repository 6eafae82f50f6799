package dev.lifeboat.runtime.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The certificate authority a {@code tls.caRef} names, as the file PostgreSQL's clients read it from
 * ({@code sslrootcert}, {@code PGSSLROOTCERT}). A registration's reference follows the rule of every database secret
 * ({@link DatabaseSecrets}: a provisioned variable or a file in the secrets' folder); it is read each time a connection
 * is set up, so a rotated CA takes effect at the next connection, and what it names is copied to a file of this
 * process's own, named by its content, which no other user can read or replace.
 */
public final class CertificateFiles {

    /** The registration's field a CA reference is given in, as messages name it. */
    public static final String FIELD = "tls.caRef";
    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    private static Path folder;

    private CertificateFiles() {
    }

    /**
     * The file holding the certificate(s) a {@code caRef} named, as read.
     *
     * @throws SecretUnavailableException when it holds no PEM certificate, or cannot be written
     */
    public static Path of(String pem) throws SecretUnavailableException {
        if (pem == null || !pem.contains(PEM_CERTIFICATE)) {
            throw new SecretUnavailableException(FIELD + " names no PEM certificate (" + PEM_CERTIFICATE + "): it must name the"
                    + " certificate of the authority that signed the database server's certificate");
        }
        byte[] content = (pem.strip() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Path file = folder().resolve(sha256(content) + ".pem");
            if (!Files.exists(file)) {
                Path written = Files.createTempFile(folder(), "ca-", ".part");
                Files.write(written, content);
                try {
                    Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return file;
        } catch (IOException e) {
            throw new SecretUnavailableException("cannot keep the certificate " + FIELD + " names for the PostgreSQL clients: "
                    + e.getClass().getSimpleName());
        }
    }

    private static synchronized Path folder() throws IOException {
        if (folder == null) {
            folder = Files.createTempDirectory("lifeboat-ca-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return folder;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
