package dev.lifeboat.archive.staging;

import java.io.IOException;
import java.nio.file.Path;

/** The staging disk has no room for an archive: what it needs, what is free, and where. */
public final class InsufficientDiskException extends IOException {

    private static final long MIB = 1 << 20;

    public InsufficientDiskException(String backupId, Long plaintextBytes, long reserveBytes, long freeBytes, Path folder) {
        super("staging backup " + backupId + " needs " + (plaintextBytes == null ? "more than the"
                : mib(plaintextBytes) + " for its archive plus " + mib(reserveBytes) + " kept free, while") + " "
                + mib(freeBytes) + " free in " + folder);
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%,d MiB", (bytes + MIB - 1) / MIB);
    }
}
