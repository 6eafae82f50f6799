package dev.lifeboat.realservers.wrangler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The real wrangler the D1 tests drive, installed from the project's lockfile ({@code d1/wrangler/package-lock.json},
 * {@code npm ci}) the first time a test asks for it, so a fresh clone needs only Node.js and npm. Every test uses it with
 * {@code --local}: workerd's real SQLite, no Cloudflare account.
 */
public final class InstalledWrangler {

    private static final Path PROJECT = Path.of("d1", "wrangler");

    private InstalledWrangler() {
    }

    /** The {@code wrangler} executable, installed when missing. */
    public static synchronized String executable() {
        Path folder = projectFolder();
        Path wrangler = folder.resolve("node_modules/.bin/wrangler");
        try (FileChannel channel = FileChannel.open(folder.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!Files.isExecutable(wrangler)) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(folder.toFile())
                        .redirectErrorStream(true).redirectOutput(folder.resolve("npm-ci.log").toFile()).start();
                if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new IllegalStateException("npm ci in " + folder + " failed; see " + folder.resolve("npm-ci.log"));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot install wrangler in " + folder + " (Node.js 20 and npm are needed): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing wrangler", e);
        }
        return wrangler.toAbsolutePath().toString();
    }

    /** {@code d1/wrangler} of this checkout, from whichever module's folder the tests run in. */
    private static Path projectFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(PROJECT).resolve("package-lock.json"))) {
                return dir.resolve(PROJECT);
            }
        }
        throw new IllegalStateException("no d1/wrangler/package-lock.json above " + Path.of("").toAbsolutePath());
    }
}
