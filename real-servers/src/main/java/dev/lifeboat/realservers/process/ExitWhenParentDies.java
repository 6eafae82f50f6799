package dev.lifeboat.realservers.process;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every server child JVM: runs the server's own main class and exits when the
 * parent's end of standard input closes, so a parent that dies, even by SIGKILL, leaves no orphan.
 * Usage: {@code java -cp ... ExitWhenParentDies <server main class> <server args...>}.
 */
public final class ExitWhenParentDies {

    private ExitWhenParentDies() {
    }

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; any byte is ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the parent is gone as well
            }
            System.exit(0);
        }, "exit-when-parent-dies");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
