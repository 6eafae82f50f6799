package dev.lifeboat.runtime.secret;

import java.util.regex.Pattern;

/** Removes secrets from text that came from outside (a child process's stderr, a driver's message). */
public final class Redaction {

    public static final String MASK = "***";
    private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(password\\s*[=:]\\s*)('[^']*'|\"[^\"]*\"|\\S+)");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(://[^:/@\\s]+:)[^@\\s]+@");

    private Redaction() {
    }

    /** @param secrets values that must not appear, e.g. the password in use (null and empty ones are ignored) */
    public static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, MASK);
            }
        }
        result = PASSWORD_SETTING.matcher(result).replaceAll("$1" + MASK);
        return URL_CREDENTIALS.matcher(result).replaceAll("$1" + MASK + "@");
    }
}
