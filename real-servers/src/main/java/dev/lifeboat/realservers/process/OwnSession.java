package dev.lifeboat.realservers.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a child in a session of its own ({@code setsid}, from util-linux), so that a Ctrl-C in the terminal reaches only
 * the process that started it, which then stops its children in order (services before the servers they use) instead of
 * every process stopping at once. The child keeps its process id: {@code setsid} calls {@code setsid()} and then
 * executes the command, since a child started from Java does not lead a process group. Where {@code setsid} is missing the
 * command runs as it is.
 */
public final class OwnSession {

    private static final Optional<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
            .filter(Files::isExecutable).findFirst();

    private OwnSession() {
    }

    /** {@code command}, run in a session of its own where the system can. */
    public static List<String> command(List<String> command) {
        List<String> detached = new ArrayList<>(command.size() + 1);
        SETSID.ifPresent(setsid -> detached.add(setsid.toString()));
        detached.addAll(command);
        return detached;
    }
}
