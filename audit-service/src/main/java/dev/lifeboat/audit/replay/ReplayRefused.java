package dev.lifeboat.audit.replay;

/** Why a dead letter is not sent again: the HTTP status, a code and a sentence that says why. */
public final class ReplayRefused extends RuntimeException {

    private final int status;
    private final String code;

    ReplayRefused(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
