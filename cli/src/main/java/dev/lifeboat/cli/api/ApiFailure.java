package dev.lifeboat.cli.api;

/**
 * A call a service refused (its answer's {@code error} and {@code code}, the one error shape of every service) or
 * could not answer: the command line says so in one line and exits with {@code 3} (ExitCodes.API).
 */
public final class ApiFailure extends RuntimeException {

    private final int status;

    public ApiFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the service could not be reached. */
    public int status() {
        return status;
    }
}
