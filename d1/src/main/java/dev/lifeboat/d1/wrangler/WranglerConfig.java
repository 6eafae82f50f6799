package dev.lifeboat.d1.wrangler;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.WorkFolder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wrangler.toml} wrangler reads to find a database by name. A local folder's file lists every database
 * Lifeboat has used there (it only ever adds, under a file lock, so services and a person with wrangler share it); a
 * remote database's is written to a private temporary folder for the one command.
 */
public final class WranglerConfig {

    public static final String FILE = "wrangler.toml";
    /** The first line of a configuration Lifeboat wrote: only such a file is ever changed. */
    private static final String WRITTEN_BY_LIFEBOAT = "# Written by Lifeboat";
    private static final Pattern ENTRY = Pattern.compile("database_name = \"([^\"]*)\"\\s*\\ndatabase_id = \"([^\"]*)\"");

    private WranglerConfig() {
    }

    /**
     * A remote database's configuration, for one command: a folder of its own naming only that database, gone when closed.
     * (A local database's is its folder's, see {@link #ensureListed}.)
     */
    static WorkFolder forOneCommand(D1Location remote) throws IOException {
        WorkFolder folder = WorkFolder.create("lifeboat-wrangler-");
        try {
            Files.writeString(folder.path().resolve(FILE), render(Map.of(remote.name(), remote.databaseId())), StandardCharsets.UTF_8);
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /**
     * Adds the database to the folder's configuration unless it names it already (with whatever id it gives it: wrangler
     * finds the database by name). A configuration Lifeboat did not write is never changed: a database it does not name is
     * an error that says so.
     */
    public static synchronized void ensureListed(Path folder, String name, String id) throws IOException {
        Files.createDirectories(folder);
        try (FileChannel lockFile = FileChannel.open(folder.resolve(".lifeboat-wrangler.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            Path file = folder.resolve(FILE);
            String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            Map<String, String> databases = existing == null ? new LinkedHashMap<>() : listed(existing);
            if (databases.containsKey(name) || (existing != null && Pattern.compile("database_name\\s*=\\s*[\"']"
                    + Pattern.quote(name) + "[\"']").matcher(existing).find())) {
                return;
            }
            if (existing != null && !existing.startsWith(WRITTEN_BY_LIFEBOAT)) {
                throw new IOException(file + " was not written by Lifeboat and names no D1 database " + name
                        + ": add it there ([[d1_databases]] with database_name and database_id), or use a folder of Lifeboat's own");
            }
            databases.put(name, id);
            Path next = folder.resolve(FILE + ".next");
            Files.writeString(next, render(databases), StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static Map<String, String> listed(String toml) {
        Map<String, String> databases = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(toml);
        while (entry.find()) {
            databases.put(entry.group(1), entry.group(2));
        }
        return databases;
    }

    static String render(Map<String, String> databases) {
        StringBuilder toml = new StringBuilder(WRITTEN_BY_LIFEBOAT + ": the D1 databases it backs up, restores and tests here.\n"
                + "name = \"lifeboat-d1\"\ncompatibility_date = \"2025-01-01\"\n");
        int binding = 0;
        for (Map.Entry<String, String> database : databases.entrySet()) {
            toml.append("\n[[d1_databases]]\nbinding = \"DB").append(binding++).append("\"\ndatabase_name = \"").append(database.getKey())
                    .append("\"\ndatabase_id = \"").append(database.getValue()).append("\"\n");
        }
        return toml.toString();
    }
}
