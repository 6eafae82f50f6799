package dev.lifeboat.runtime.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a secret lives: {@code env:VARIABLE} or {@code file:/absolute/path}. Lifeboat stores and shows
 * only the reference; the secret is read at the moment it is needed and never stored, returned, logged
 * or put in an event. Messages about a reference name the reference, never the value.
 */
public record SecretReference(Kind kind, String name) {

    public enum Kind { ENV, FILE }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,199}");

    /** @throws IllegalArgumentException with a message that says what a reference must look like */
    public static SecretReference parse(String text) {
        return parse(text, "credentialRef");
    }

    /** A reference given in a registration's {@code field}. @throws IllegalArgumentException naming the field and the shape */
    public static SecretReference parse(String text, String field) {
        if (text != null && text.startsWith("env:") && ENV_NAME.matcher(text.substring(4)).matches()) {
            return new SecretReference(Kind.ENV, text.substring(4));
        }
        if (text != null && text.startsWith("file:/") && text.length() > 6 && !text.contains("\0")) {
            return new SecretReference(Kind.FILE, text.substring(5));
        }
        // The text is not quoted: a refused reference is most often a password pasted where its reference belongs.
        throw new IllegalArgumentException(field + " must be env:VARIABLE_NAME or file:/absolute/path"
                + (text == null ? "" : "; the value given (" + text.length() + " characters) is not shown, as it may be a password"));
    }

    /** The password a credential reference names, or {@code null} where there is no reference (a server that trusts). */
    public static String passwordOf(String credentialRef) throws SecretUnavailableException {
        return credentialRef == null ? null : parse(credentialRef).resolve();
    }

    /**
     * Reads the secret, a file's trimmed of trailing whitespace (its final newline). A secret that is empty or only
     * whitespace is refused as missing: it is a variable set by mistake ({@code PASSWORD= }) or an empty file, never a
     * password, and sent as one it fails later as a wrong password, far from its cause.
     */
    public String resolve() throws SecretUnavailableException {
        return resolve(System::getenv);
    }

    String resolve(Function<String, String> environment) throws SecretUnavailableException {
        return switch (kind) {
            case ENV -> {
                String value = environment.apply(name);
                if (value == null || value.isEmpty()) {
                    throw new SecretUnavailableException("environment variable " + name + " (named by " + this + ") is not set");
                }
                if (value.isBlank()) {
                    throw new SecretUnavailableException("environment variable " + name + " (named by " + this + ") holds only whitespace");
                }
                yield value;
            }
            case FILE -> {
                String value;
                try {
                    value = Files.readString(Path.of(name), StandardCharsets.UTF_8).stripTrailing();
                } catch (IOException e) {
                    throw new SecretUnavailableException("cannot read " + this + ": " + e.getClass().getSimpleName());
                }
                if (value.isBlank()) {
                    throw new SecretUnavailableException(this + " is empty or holds only whitespace");
                }
                yield value;
            }
        };
    }

    @Override
    public String toString() {
        return Map.of(Kind.ENV, "env:", Kind.FILE, "file:").get(kind) + name;
    }
}
