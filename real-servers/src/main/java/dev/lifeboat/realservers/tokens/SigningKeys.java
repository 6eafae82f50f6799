package dev.lifeboat.realservers.tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair of a local or test installation: the services verify bearer tokens with
 * {@code public.pem}; {@link LocalTokens} signs them with {@code private.pem}. Created on first use.
 * Production installations use their identity provider's keys instead.
 */
public final class SigningKeys {

    private final Path folder;

    private SigningKeys(Path folder) {
        this.folder = folder;
    }

    /**
     * The key with which the installation's services sign the requests they send each other
     * ({@code lifeboat.requests.signing-key}): 32 random bytes, Base64, in {@code request-signing.key}, made on first use.
     */
    public synchronized String requestSigningKey() {
        Path file = folder.resolve("request-signing.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(folder);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.writeString(folder.resolve("request-signing.key.tmp"), Base64.getEncoder().encodeToString(key));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key pair in {@code folder}, generated there if absent. */
    public static SigningKeys in(Path folder) {
        SigningKeys keys = new SigningKeys(folder);
        if (!Files.exists(keys.publicKeyFile()) || !Files.exists(keys.privateKeyFile())) {
            keys.generate();
        }
        return keys;
    }

    private synchronized void generate() {
        try {
            Files.createDirectories(folder);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path privateTmp = Files.writeString(folder.resolve("private.pem.tmp"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Path publicTmp = Files.writeString(folder.resolve("public.pem.tmp"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.move(privateTmp, privateKeyFile(), StandardCopyOption.ATOMIC_MOVE);
            Files.move(publicTmp, publicKeyFile(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public Path publicKeyFile() {
        return folder.resolve("public.pem");
    }

    public Path privateKeyFile() {
        return folder.resolve("private.pem");
    }

    PrivateKey privateKey() {
        try {
            String body = Files.readString(privateKeyFile()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable private key " + privateKeyFile(), e);
        }
    }
}
