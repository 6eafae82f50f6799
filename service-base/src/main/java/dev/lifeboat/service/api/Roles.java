package dev.lifeboat.service.api;

/**
 * The roles a token's {@code groups} claim may carry, from least to most: a viewer reads, an operator also
 * asks for work (backups, restores, restore tests, retries), an admin also changes and removes.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
