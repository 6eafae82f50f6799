package dev.lifeboat.postgres.archive;

/** The archive is not laid out as {@link CustomArchiveLayout} knows: whoever reads it stops looking (and copying goes on). */
public class UnknownArchiveLayout extends Exception {

    public UnknownArchiveLayout(String why) {
        super(why);
    }
}
