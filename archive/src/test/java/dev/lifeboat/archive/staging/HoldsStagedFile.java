package dev.lifeboat.archive.staging;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A process that stages a file as {@link StagingArea} does (created, locked) and then waits to be killed. */
public final class HoldsStagedFile {

    public static void main(String[] args) throws Exception {
        FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.lock();
        System.out.println("holding " + args[0]);
        Thread.sleep(Long.MAX_VALUE);
    }
}
