package dev.lifeboat.cli.command;

/** What the command line's exit status means, for scripts and cron. */
public final class ExitCodes {

    /** Done; for {@code status}: every database is protected. */
    public static final int OK = 0;
    /** The work ended badly (a backup, restore or restore test failed), or {@code status} found a database at risk. */
    public static final int NOT_OK = 1;
    /** The command line was wrong (picocli's usage error). */
    public static final int USAGE = 2;
    /** A service refused the call or could not be reached. */
    public static final int API = 3;
    /** The command line itself failed (an answer it could not read, a malformed service URL). */
    public static final int FAILED = 4;

    private ExitCodes() {
    }
}
