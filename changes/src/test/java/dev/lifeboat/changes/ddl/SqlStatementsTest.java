package dev.lifeboat.changes.ddl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementsTest {

    @Test
    void cutsAQueryTextAtTheSemicolonsThatEndStatements() {
        assertThat(SqlStatements.split("ALTER TABLE a ADD COLUMN b int; CREATE INDEX ON a (b);"))
                .extracting(SqlStatements.Statement::text)
                .containsExactly("ALTER TABLE a ADD COLUMN b int", "CREATE INDEX ON a (b)");
    }

    @Test
    void aSemicolonInsideAStringANameABodyOrACommentEndsNothing() {
        String sql = """
                -- a comment; with a semicolon
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
                /* nested /* comment; */ still; */ COMMENT ON TABLE "odd;name" IS 'it''s; fine';
                INSERT INTO t VALUES (E'back\\'; slash')""";
        assertThat(SqlStatements.split(sql)).extracting(SqlStatements.Statement::firstWord)
                .containsExactly("create", "comment", "insert");
    }

    @Test
    void wordsAreTheStatementsBareWordsInLowerCaseNotItsStringsOrQuotedNames() {
        SqlStatements.Statement statement = SqlStatements.split(
                "ALTER TABLE \"Now\" ADD COLUMN at timestamptz DEFAULT now() -- random()\n, ADD c text DEFAULT 'random()'").get(0);
        assertThat(statement.words()).contains("alter", "table", "now", "default").doesNotContain("random");
    }

    @Test
    void aParameterIsNotADollarQuote() {
        assertThat(SqlStatements.split("SELECT $1; SELECT $a$;$a$")).hasSize(2);
    }

    @Test
    void aTextOfCommentsAloneHoldsNoStatement() {
        assertThat(SqlStatements.split("-- nothing\n/* at all */ ;")).isEmpty();
    }
}
