package dev.lifeboat.backup.registry;

/** A setting the database's engine cannot honour (a 422 at the API): the message says which engine can and why. */
public class UnsupportedByEngine extends UnprocessableSettings {

    public UnsupportedByEngine(String message) {
        super(message);
    }
}
