package dev.lifeboat.changes.capture;

import java.util.List;

/** Capture cannot start or go on; the message says what is missing and how to fix it. */
public final class CaptureException extends Exception {

    private final List<String> problems;

    public CaptureException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
