package dev.lifeboat.postgres.connect;

import dev.lifeboat.runtime.secret.CertificateFiles;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.SecretReference;
import dev.lifeboat.runtime.secret.SecretUnavailableException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * How a connection to a PostgreSQL server uses TLS, the same for JDBC (pgjdbc), {@code pg_dump}, {@code pg_restore} and
 * the change capture: an {@code sslmode} as libpq names it, and for the modes that check the server's certificate the
 * file of the certificate authority it must be signed by. A connection with no TLS settings uses the tools' default
 * ({@code prefer}: TLS when the server offers it, unchecked).
 *
 * @param mode            what the connection insists on
 * @param rootCertificate the CA's certificate (PEM); required by {@link Mode#VERIFY_CA} and {@link Mode#VERIFY_FULL}
 */
public record PgTls(Mode mode, Path rootCertificate) {

    /** The sslmodes a registration may ask for: each refuses a connection without TLS. */
    public enum Mode {
        /** TLS, the server's certificate unchecked (it still refuses a server without TLS). */
        REQUIRE("require"),
        /** TLS, the certificate signed by the CA. */
        VERIFY_CA("verify-ca"),
        /** TLS, the certificate signed by the CA and naming the host connected to. */
        VERIFY_FULL("verify-full");

        private final String sslmode;

        Mode(String sslmode) {
            this.sslmode = sslmode;
        }

        /** As libpq and pgjdbc name it. */
        public String sslmode() {
            return sslmode;
        }

        /** Whether the server's certificate is checked against a CA. */
        public boolean verifies() {
            return this != REQUIRE;
        }

        /**
         * The mode libpq calls {@code sslmode}.
         *
         * @throws IllegalArgumentException naming the modes there are
         */
        public static Mode of(String sslmode) {
            return Arrays.stream(values()).filter(mode -> mode.sslmode.equals(sslmode)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("tls.sslmode must be one of " + names() + ", not '"
                            + (sslmode == null ? "" : sslmode.length() > 20 ? sslmode.substring(0, 20) + "…" : sslmode) + "'"));
        }

        static String names() {
            return Arrays.stream(values()).map(Mode::sslmode).collect(Collectors.joining(", "));
        }
    }

    public PgTls {
        if (mode == null) {
            throw new IllegalArgumentException("tls.sslmode is required: one of " + Mode.names());
        }
        requireCoherent(mode, rootCertificate != null);
    }

    /**
     * The verifying modes need a CA, and {@code require} takes none: pgjdbc would not check the certificate while libpq,
     * given one, would ({@code pg_dump} and {@code pg_restore} behaving as {@code verify-ca}); one setting, one meaning.
     */
    private static void requireCoherent(Mode mode, boolean hasCa) {
        if (mode.verifies() && !hasCa) {
            throw new IllegalArgumentException("tls.sslmode " + mode.sslmode() + " checks the server's certificate: tls.caRef must name"
                    + " the certificate authority's certificate");
        }
        if (!mode.verifies() && hasCa) {
            throw new IllegalArgumentException("tls.caRef is for tls.sslmode verify-ca and verify-full: require does not check the"
                    + " server's certificate (name verify-ca to check it against the CA)");
        }
    }

    /**
     * A registration's TLS settings, its CA reference read now; null where it has none (the clients' default).
     *
     * @throws SecretUnavailableException when the CA reference is not provisioned for databases or names no certificate
     */
    public static PgTls of(String sslmode, String caRef, DatabaseSecrets secrets) throws SecretUnavailableException {
        requireModeFor(sslmode, caRef);
        return sslmode == null ? null : new PgTls(Mode.of(sslmode), caRef == null ? null : CertificateFiles.of(secrets.textOf(caRef, CertificateFiles.FIELD)));
    }

    /**
     * An operator's configured TLS settings (configuration may name any secret, as its credential references may); null
     * where it sets none.
     *
     * @throws SecretUnavailableException when the CA reference cannot be read or names no certificate
     */
    public static PgTls configured(String sslmode, String caRef) throws SecretUnavailableException {
        requireModeFor(sslmode, caRef);
        return sslmode == null ? null : new PgTls(Mode.of(sslmode), caRef == null ? null
                : CertificateFiles.of(SecretReference.parse(caRef, CertificateFiles.FIELD).resolve()));
    }

    /**
     * Checks a registration's TLS settings as given, without reading the CA reference (what it may name is
     * {@link DatabaseSecrets#allowed(String, String)}'s to say).
     *
     * @throws IllegalArgumentException saying what is wrong, never echoing the reference
     */
    public static void check(String sslmode, String caRef) {
        requireCoherent(Mode.of(sslmode), caRef != null);
        if (caRef != null) {
            SecretReference.parse(caRef, CertificateFiles.FIELD);
        }
    }

    /** A CA named without a mode would be dropped silently (the connection staying on the clients' default): refused. */
    private static void requireModeFor(String sslmode, String caRef) {
        if (sslmode == null && caRef != null) {
            throw new IllegalArgumentException("tls.caRef is set but tls.sslmode is not: name verify-ca or verify-full, or no CA");
        }
    }

    /** The pgjdbc properties of this mode. */
    void addTo(Properties properties) {
        properties.setProperty("sslmode", mode.sslmode());
        if (rootCertificate != null) {
            properties.setProperty("sslrootcert", rootCertificate.toString());
        }
    }

    /** The libpq environment of this mode, for {@code pg_dump} and {@code pg_restore}. */
    public void addTo(Map<String, String> environment) {
        environment.put("PGSSLMODE", mode.sslmode());
        if (rootCertificate != null) {
            environment.put("PGSSLROOTCERT", rootCertificate.toString());
        }
    }

    @Override
    public String toString() {
        return mode.sslmode();
    }
}
