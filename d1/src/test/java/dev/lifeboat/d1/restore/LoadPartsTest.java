package dev.lifeboat.d1.restore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoadPartsTest {

    @TempDir
    Path folder;

    @Test
    void consecutiveRowsOfATableBecomeOneMultiRowInsertAndOtherStatementsStayAsTheyAre() throws IOException {
        LoadParts parts = new LoadParts(folder, Long.MAX_VALUE);
        for (String statement : List.of("CREATE TABLE IF NOT EXISTS \"a b\" (id INTEGER PRIMARY KEY, v TEXT)",
                "INSERT INTO \"a b\" VALUES(1,'x;y')", "INSERT INTO \"a b\" VALUES(2,replace('p\\nq','\\n',char(10)))",
                "INSERT INTO \"c\" VALUES(3)", "INSERT INTO \"a b\" VALUES(4,NULL)", "INSERT INTO c(id) VALUES(5)",
                "INSERT INTO \"c\" VALUES(6)", "CREATE INDEX i ON c(id)")) {
            parts.add(statement);
        }

        List<Path> files = parts.finish();

        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.get(0))).isEqualTo("""
                PRAGMA defer_foreign_keys=TRUE;
                CREATE TABLE IF NOT EXISTS "a b" (id INTEGER PRIMARY KEY, v TEXT);
                INSERT INTO "a b" VALUES(1,'x;y'),(2,replace('p\\nq','\\n',char(10)));
                INSERT INTO "c" VALUES(3);
                INSERT INTO "a b" VALUES(4,NULL);
                INSERT INTO c(id) VALUES(5);
                INSERT INTO "c" VALUES(6);
                CREATE INDEX i ON c(id);
                """);
    }

    @Test
    void aMergedInsertStaysUnderD1sLimitOfAStatementAndARowLongerThanThatStaysAlone() throws IOException {
        LoadParts parts = new LoadParts(folder, Long.MAX_VALUE);
        String value = "v".repeat(990);
        for (int i = 0; i < 100; i++) {
            parts.add("INSERT INTO \"t\" VALUES(" + i + ",'" + value + "')");
        }
        parts.add("INSERT INTO \"t\" VALUES(100,'" + "w".repeat(LoadParts.MERGED_CHARS * 2) + "')");
        parts.add("INSERT INTO \"t\" VALUES(101,'z')");

        List<String> statements = Files.readAllLines(parts.finish().get(0));

        assertThat(statements.stream().filter(statement -> !statement.contains("'w")).mapToInt(String::length).max().orElseThrow())
                .as("a statement merges rows only up to the limit").isLessThanOrEqualTo(LoadParts.MERGED_CHARS);
        assertThat(statements).as("the rows merged into a few statements").hasSizeBetween(5, 10);
        assertThat(String.join("\n", statements)).contains("VALUES(0,'" + value + "'),(1,'").contains("VALUES(101,'z');");
        assertThat(statements.stream().filter(statement -> statement.contains("'w")).findFirst().orElseThrow())
                .as("alone, as exported").startsWith("INSERT INTO \"t\" VALUES(100,'w").endsWith("');");
        assertThat(statements.stream().mapToLong(statement -> statement.split("\\),\\(", -1).length).sum() - 1)
                .as("every row once: 102 rows and the pragma").isEqualTo(102);
    }

    @Test
    void aLoadIsCutIntoFilesOfAtMostThePartSizeEachBeginningWithThePragmaAndNoStatementIsSplit() throws IOException {
        LoadParts parts = new LoadParts(folder, 4_096);
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String statement = i % 50 == 0 ? "CREATE TABLE t" + i + " (v TEXT)" : "DELETE FROM t WHERE v = '" + "x".repeat(i) + "'";
            added.add(statement);
            parts.add(statement);
        }

        List<Path> files = parts.finish();

        List<String> loaded = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.get(0)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;");
            assertThat(lines).hasSizeGreaterThan(1);
            assertThat(Files.size(file) <= 4_096 || lines.size() == 2).as(file + " is at most the part size, or one long statement").isTrue();
            lines.subList(1, lines.size()).forEach(line -> loaded.add(line.substring(0, line.length() - 1)));
        }
        assertThat(files).hasSizeGreaterThan(10);
        assertThat(loaded).as("every statement once, in order").isEqualTo(added);
    }

    @Test
    void nothingAddedIsNoFile() throws IOException {
        assertThat(new LoadParts(folder, 10).finish()).isEmpty();
    }
}
