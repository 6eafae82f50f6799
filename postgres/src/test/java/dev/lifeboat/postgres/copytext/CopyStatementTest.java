package dev.lifeboat.postgres.copytext;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The columns of a COPY statement as pg_dump writes it, quoted names included; anything else is no statement. */
class CopyStatementTest {

    @Test
    void plainAndQuotedColumnsAreReadInTheirOrder() {
        assertThat(CopyStatement.columns("COPY public.orders (id, customer_id, placed_at) FROM stdin;\n"))
                .hasValue(List.of("id", "customer_id", "placed_at"));
        assertThat(CopyStatement.columns("COPY \"My Schema\".\"Odd \"\"Name\"\"\" (\"Weird, Col\", \"a (b)\", \"x\"\"y\", $z) FROM stdin;\n"))
                .hasValue(List.of("Weird, Col", "a (b)", "x\"y", "$z"));
        assertThat(CopyStatement.columns("COPY public.café (ünï) FROM stdin;\n")).hasValue(List.of("ünï"));
    }

    @Test
    void aTableWithoutColumnsHasAnEmptyList() {
        assertThat(CopyStatement.columns("COPY public.nothing  FROM stdin;\n")).hasValue(List.of());
    }

    @Test
    void whatIsNotADumpsCopyStatementGivesNoColumns() {
        assertThat(CopyStatement.columns(null)).isEmpty();
        assertThat(CopyStatement.columns("")).isEmpty();
        assertThat(CopyStatement.columns("COPY public.t (a, b) TO stdout;")).isEmpty();
        assertThat(CopyStatement.columns("COPY public.t (a, \"b) FROM stdin;")).isEmpty();
        assertThat(CopyStatement.columns("COPY (SELECT 1) TO stdout;")).isEmpty();
        assertThat(CopyStatement.columns("COPY t (a) FROM stdin;")).isEmpty();
    }
}
