package dev.lifeboat.backup.dump;

/** The archive is not laid out as {@link DumpRowCounter} expects; counting stops, copying goes on. */
final class UnknownArchiveLayout extends Exception {

    UnknownArchiveLayout(String why) {
        super(why);
    }
}
