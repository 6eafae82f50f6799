package dev.lifeboat.d1.export;

import java.io.IOException;

/** A D1 export that is not whole: it ends inside a statement, or is not a wrangler export at all. */
public class ExportCutShortException extends IOException {

    public ExportCutShortException(String message) {
        super(message);
    }
}
