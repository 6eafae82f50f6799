package dev.lifeboat.archive.staging;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process beside the test's: {@code hold <file>} stages a file as {@link StagingArea} does (its lock file locked, then
 * the file) and waits to be killed; {@code hold-folder <staging folder>} makes a work folder there through
 * {@link StagingArea#folder}, writes a file in it and waits to be killed; {@code sweep <folder>} sweeps the folder once
 * and prints how many it deleted.
 */
public final class HoldsStagedFile {

    public static void main(String[] args) throws Exception {
        StagingArea area = new StagingArea(null, new StagingSettings() {
            public Path folder() { return Path.of(args[1]); }
            public long reserveBytes() { return 0; }
            public int downloadStreams() { return 1; }
        });
        if (args[0].equals("sweep")) {
            System.out.println("swept " + area.sweep());
            return;
        }
        if (args[0].equals("hold-folder")) {
            StagedFolder held = area.folder("held");
            Files.writeString(held.path().resolve("before.sql"), "INSERT INTO t VALUES(1);");
            System.out.println("holding " + held.path());
            Thread.sleep(Long.MAX_VALUE);
        }
        Path file = Path.of(args[1]);
        String name = file.getFileName().toString();
        Path lockFile = file.resolveSibling(name.substring(0, name.length() - StagingArea.SUFFIX.length()) + StagingArea.LOCK_SUFFIX);
        FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        lock.lock();
        Files.writeString(file, "staged");
        System.out.println("holding " + file);
        Thread.sleep(Long.MAX_VALUE);
    }
}
