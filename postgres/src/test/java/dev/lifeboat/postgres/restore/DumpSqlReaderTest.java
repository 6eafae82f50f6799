package dev.lifeboat.postgres.restore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpSqlReaderTest {

    @Test
    void aBareNameKeepsItsCaseAndEndsAtTheFirstCharacterThatCannotBeInIt() {
        DumpSqlReader sql = new DumpSqlReader("  Orders_2025$a(id) café");

        assertThat(sql.identifier()).isEqualTo("Orders_2025$a");
        sql.expect("(");
        assertThat(sql.identifier()).isEqualTo("id");
        sql.expect(")");
        assertThat(sql.identifier()).isEqualTo("café");
    }

    @Test
    void aQuotedNameReadsDoubledQuotesAsOneAndKeepsSpacesDotsCommasAndDashes() {
        assertThat(new DumpSqlReader("\"Or \"\"ders\"").identifier()).isEqualTo("Or \"ders");
        assertThat(new DumpSqlReader(" \"a.b, (c) -- d\" rest").identifier()).isEqualTo("a.b, (c) -- d");
        assertThat(new DumpSqlReader("\"\"\"\"\"\"").identifier()).isEqualTo("\"\"");
    }

    @Test
    void aQualifiedNameJoinsSchemaAndNameUnquoted() {
        assertThat(new DumpSqlReader("public.orders").qualifiedName()).isEqualTo("public.orders");
        assertThat(new DumpSqlReader("\"Odd S\".\"Or \"\"ders\"").qualifiedName()).isEqualTo("Odd S.Or \"ders");
        assertThat(new DumpSqlReader("  public.\"Mixed Case\" ").qualifiedName()).isEqualTo("public.Mixed Case");
    }

    @Test
    void readingGoesOnAfterAQualifiedName() {
        DumpSqlReader sql = new DumpSqlReader("public.customers(id, k) ;");

        assertThat(sql.qualifiedName()).isEqualTo("public.customers");
        sql.parenthesized();
        sql.expect(";");
    }

    @Test
    void aNameWithoutItsSchemaIsRefusedShowingWhatFollows() {
        assertThatThrownBy(() -> new DumpSqlReader("orders (id)").qualifiedName())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a schema-qualified name at:  (id)");
        assertThatThrownBy(() -> new DumpSqlReader("orders").qualifiedName())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a schema-qualified name at: ");
        assertThatThrownBy(() -> new DumpSqlReader("public .orders").qualifiedName())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a schema-qualified name at:  .orders");
    }

    @Test
    void aQuoteLeftOpenIsAnUnterminatedName() {
        assertThatThrownBy(() -> new DumpSqlReader("\"Or ders").identifier())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unterminated quoted name at: ");
        assertThatThrownBy(() -> new DumpSqlReader("\"a\"\"").identifier())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unterminated quoted name at: ");
    }

    @Test
    void noNameWhereOneIsExpectedIsRefused() {
        assertThatThrownBy(() -> new DumpSqlReader("(a)").identifier())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a name at: (a)");
        assertThatThrownBy(() -> new DumpSqlReader("   ").identifier())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a name at: ");
    }

    @Test
    void theExcerptInAnErrorIsSixtyCharactersOnOneLine() {
        assertThatThrownBy(() -> new DumpSqlReader(",\n" + "x".repeat(100)).identifier())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a name at: , " + "x".repeat(58));
    }

    @Test
    void expectSkipsSpaceAndMatchesTheTextExactly() {
        DumpSqlReader sql = new DumpSqlReader("\n    ALTER TABLE x");
        sql.expect("ALTER TABLE");
        assertThat(sql.identifier()).isEqualTo("x");

        assertThatThrownBy(() -> new DumpSqlReader("  CREATE TABLE x ();").expect("ALTER TABLE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 'ALTER TABLE' at: CREATE TABLE x ();");
        assertThatThrownBy(() -> new DumpSqlReader("alter table x").expect("ALTER TABLE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 'ALTER TABLE' at: alter table x");
    }

    @Test
    void anOptionalKeywordIsSkippedOnlyAsAWholeWordFollowedByASpace() {
        DumpSqlReader only = new DumpSqlReader(" ONLY public.t");
        only.optional("ONLY");
        assertThat(only.qualifiedName()).isEqualTo("public.t");

        DumpSqlReader without = new DumpSqlReader("public.t");
        without.optional("ONLY");
        assertThat(without.qualifiedName()).isEqualTo("public.t");

        DumpSqlReader schemaNamedOnly = new DumpSqlReader("ONLY.t");
        schemaNamedOnly.optional("ONLY");
        assertThat(schemaNamedOnly.qualifiedName()).isEqualTo("ONLY.t");

        DumpSqlReader longerWord = new DumpSqlReader("ONLYX.t");
        longerWord.optional("ONLY");
        assertThat(longerWord.qualifiedName()).isEqualTo("ONLYX.t");
    }

    @Test
    void leadingCommentLinesAndBlankLinesAreSkipped() {
        DumpSqlReader sql = new DumpSqlReader("""
                --
                -- Name: k; Type: FK CONSTRAINT; Schema: public; Owner: o
                --

                  -- indented too
                ALTER TABLE ONLY public.t
                """);
        sql.skipComments();
        sql.expect("ALTER TABLE");
        sql.optional("ONLY");
        assertThat(sql.qualifiedName()).isEqualTo("public.t");

        DumpSqlReader noComment = new DumpSqlReader("public.t");
        noComment.skipComments();
        assertThat(noComment.qualifiedName()).isEqualTo("public.t");
    }

    @Test
    void aCommentWithoutANewlineRunsToTheEnd() {
        DumpSqlReader sql = new DumpSqlReader("-- the end");
        sql.skipComments();

        assertThatThrownBy(sql::identifier).isInstanceOf(IllegalArgumentException.class).hasMessage("expected a name at: ");
    }

    @Test
    void aParenthesizedListTakesBareAndQuotedNamesWithSpaceAroundCommas() {
        DumpSqlReader sql = new DumpSqlReader("(c, \"two, cols\") REFERENCES public.customers(id)");
        sql.parenthesized();
        sql.expect("REFERENCES");
        assertThat(sql.qualifiedName()).isEqualTo("public.customers");

        DumpSqlReader spaced = new DumpSqlReader("( a , b ) next");
        spaced.parenthesized();
        assertThat(spaced.identifier()).isEqualTo("next");
    }

    @Test
    void aMalformedListIsRefusedNamingWhatWasExpected() {
        assertThatThrownBy(() -> new DumpSqlReader("(a b)").parenthesized())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected ')' at: b)");
        assertThatThrownBy(() -> new DumpSqlReader("(a,)").parenthesized())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a name at: )");
        assertThatThrownBy(() -> new DumpSqlReader("a)").parenthesized())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected '(' at: a)");
    }
}
