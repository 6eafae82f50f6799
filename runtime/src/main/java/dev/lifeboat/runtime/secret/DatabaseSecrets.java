package dev.lifeboat.runtime.secret;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What a registration's credential reference may name: only what an operator provisions for databases, the environment
 * variables whose names start with {@code variablePrefix} and the files in {@code folder}. Anything else, the
 * service's own secrets above all (its bucket's key, its encryption keys, its own database's password), is refused: a
 * registration names a host too, so a reference to one of them would send that secret to whoever registered.
 * Checked when a registration is made and again each time a password is read (a registration may arrive as an event, or
 * predate the rule); a file is looked up by its real path, so neither {@code ..} nor a link leads out of the folder.
 * Messages name the rule, never the reference given (it may be a password pasted in its place).
 *
 * @param variablePrefix how the name of every environment variable a registration may name starts (1 character or more)
 * @param folder         the absolute folder every file a registration may name is in
 */
public record DatabaseSecrets(String variablePrefix, Path folder) {

    /** The variable prefix unless one is set. */
    public static final String DEFAULT_VARIABLE_PREFIX = "LIFEBOAT_DB_";
    /** The folder unless one is set: where an orchestrator mounts the databases' secrets. */
    public static final String DEFAULT_FOLDER = "/run/secrets/lifeboat-db";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

    public DatabaseSecrets {
        if (variablePrefix == null || !PREFIX.matcher(variablePrefix).matches()) {
            throw new IllegalArgumentException("the database secrets' variable prefix must be 1-100 characters of A-Z, a-z, 0-9 and '_'"
                    + " (an empty prefix would let a registration name every variable of the service)");
        }
        if (folder == null || !folder.isAbsolute() || folder.getNameCount() == 0) {
            throw new IllegalArgumentException("the database secrets' folder must be an absolute path below the root, not " + folder);
        }
        folder = folder.normalize();
    }

    /** The rule unless another is set: {@value #DEFAULT_VARIABLE_PREFIX}… and files in {@value #DEFAULT_FOLDER}. */
    public static DatabaseSecrets defaults() {
        return new DatabaseSecrets(DEFAULT_VARIABLE_PREFIX, Path.of(DEFAULT_FOLDER));
    }

    /**
     * The reference, when it names a provisioned secret.
     *
     * @throws IllegalArgumentException saying what a reference must look like or what it may name, without the text given
     */
    public SecretReference allowed(String credentialRef) {
        return allowed(credentialRef, "credentialRef");
    }

    /**
     * The reference in the registration's {@code field} (a {@code credentialRef}, a {@code tls.caRef}), when it names a
     * provisioned secret.
     *
     * @throws IllegalArgumentException saying what a reference must look like or what it may name, without the text given
     */
    public SecretReference allowed(String ref, String field) {
        SecretReference reference = SecretReference.parse(ref, field);
        boolean provisioned = switch (reference.kind()) {
            case ENV -> reference.name().startsWith(variablePrefix);
            case FILE -> Path.of(reference.name()).normalize().startsWith(folder);
        };
        if (!provisioned) {
            throw new IllegalArgumentException(rule(field));
        }
        return reference;
    }

    /**
     * The password a registration's credential reference names, read now; {@code null} where there is none (a server that
     * trusts).
     *
     * @throws SecretUnavailableException when the reference names what is not provisioned for databases, or cannot be read
     */
    public String passwordOf(String credentialRef) throws SecretUnavailableException {
        return textOf(credentialRef, "credentialRef");
    }

    /**
     * The text the reference in a registration's {@code field} names, read now; {@code null} where there is none.
     *
     * @throws SecretUnavailableException when the reference names what is not provisioned for databases, or cannot be read
     */
    public String textOf(String ref, String field) throws SecretUnavailableException {
        if (ref == null) {
            return null;
        }
        SecretReference reference;
        try {
            reference = allowed(ref, field);
        } catch (IllegalArgumentException e) {
            throw new SecretUnavailableException(e.getMessage());
        }
        // a file is read by the real path checked, so a link changed after the check leads nowhere new
        return reference.kind() == SecretReference.Kind.FILE ? new SecretReference(SecretReference.Kind.FILE, realInFolder(reference).toString())
                .resolve() : reference.resolve();
    }

    /** A file's real path, refused when it is outside the folder's: a link in the folder to a file outside it is refused like the file itself. */
    private Path realInFolder(SecretReference file) throws SecretUnavailableException {
        Path real;
        Path realFolder;
        try {
            realFolder = folder.toRealPath();
        } catch (IOException e) {
            throw new SecretUnavailableException("the database secrets' folder " + folder + " cannot be read: " + e.getClass().getSimpleName());
        }
        try {
            real = Path.of(file.name()).toRealPath();
        } catch (IOException e) {
            throw new SecretUnavailableException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        if (!real.startsWith(realFolder)) {
            throw new SecretUnavailableException(file + " leads out of the database secrets' folder " + folder + ": " + rule());
        }
        return real;
    }

    /** What a registration's reference may name, as every refusal says it. */
    public String rule() {
        return rule("credentialRef");
    }

    private String rule(String field) {
        return field + " must name a secret provisioned for databases: env:" + variablePrefix + "… (an environment variable"
                + " whose name starts with " + variablePrefix + ") or file:" + folder + "/… (a file in that folder), set by"
                + " lifeboat.database-secrets.variable-prefix and .folder; the reference given is not shown";
    }
}
