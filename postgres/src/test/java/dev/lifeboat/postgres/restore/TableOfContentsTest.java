package dev.lifeboat.postgres.restore;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TableOfContentsTest {

    /** The shape of {@code pg_restore --list} (PostgreSQL 15). */
    private static final String TOC = """
            ;
            ; Archive created at 2026-11-21 10:00:00 UTC
            ;     dbname: shop
            ;
            215; 1259 16386 TABLE public orders shop_owner
            216; 1259 16390 TABLE public order_lines shop_owner
            217; 1259 16395 TABLE sales measurements shop_owner
            3345; 0 16386 TABLE DATA public orders shop_owner
            3346; 0 16390 TABLE DATA public order_lines shop_owner
            3190; 2606 16393 CONSTRAINT public orders orders_pkey shop_owner
            3192; 1259 16400 INDEX public orders_customer_idx shop_owner
            3200; 0 0 INDEX ATTACH sales measurements_2026_idx shop_owner
            3195; 2606 16401 FK CONSTRAINT public order_lines order_lines_order_fkey shop_owner
            """;

    /** What {@code pg_restore --list} (PostgreSQL 15) printed for tables whose names need quoting. */
    private static final String ODD_NAMES = """
            6; 2615 16411 SCHEMA - Sales Dept shop_owner
            216; 1259 16391 TABLE Sales Dept Weird Name; drop shop_owner
            215; 1259 16384 TABLE public a b shop_owner
            219; 1259 16408 TABLE public quo"te shop_owner
            220; 1259 16412 TABLE public t.d shop_owner
            221; 1259 16416 TABLE public new line shop_owner
            3366; 0 16391 TABLE DATA Sales Dept Weird Name; drop shop_owner
            3365; 0 16384 TABLE DATA public a b shop_owner
            3369; 0 16408 TABLE DATA public quo"te shop_owner
            3216; 2606 16390 CONSTRAINT public a b a b_pkey shop_owner
            3217; 1259 16415 INDEX public i x shop_owner
            3222; 2606 16396 FK CONSTRAINT Sales Dept Weird Name; drop Weird Name; drop_id_fkey shop_owner
            """;

    @Test
    void tablesAndIndexesAreTheCreatedOnesNotTheirDataOrAttachments() {
        assertThat(TableOfContents.tablesAndIndexes(TOC)).containsExactly(
                new TableOfContents.Entry(TableOfContents.Entry.Kind.TABLE, "public orders"),
                new TableOfContents.Entry(TableOfContents.Entry.Kind.TABLE, "public order_lines"),
                new TableOfContents.Entry(TableOfContents.Entry.Kind.TABLE, "sales measurements"),
                new TableOfContents.Entry(TableOfContents.Entry.Kind.INDEX, "public orders_customer_idx"));
    }

    @Test
    void namesThatNeedQuotingAreListedWholeAndMatchTheManifestsNames() {
        assertThat(TableOfContents.tablesAndIndexes(ODD_NAMES)).extracting(TableOfContents.Entry::listed).containsExactly(
                "Sales Dept Weird Name; drop", "public a b", "public quo\"te", "public t.d", "public new line", "public i x");
        assertThat(TableOfContents.listed("Sales Dept.Weird Name; drop")).isEqualTo("Sales Dept Weird Name; drop");
        assertThat(TableOfContents.listed("public.t.d")).isEqualTo("public t.d");
        assertThat(TableOfContents.listed("public.new\nline")).isEqualTo("public new line");
        assertThat(TableOfContents.listed("nodot")).isEqualTo("nodot");
    }

    @Test
    void aUseListKeepsTheRowsOfChosenTablesWhoseNamesNeedQuoting() {
        String list = TableOfContents.schemaWithDataOf(ODD_NAMES, Set.of("Sales Dept.Weird Name; drop"), Set.of());

        assertThat(list).contains("\n3366; 0 16391 TABLE DATA Sales Dept Weird Name; drop shop_owner\n")
                .contains("\n;3365; 0 16384 TABLE DATA public a b shop_owner\n")
                .contains("\n;3369; 0 16408 TABLE DATA public quo\"te shop_owner\n")
                .contains("\n;3222; 2606 16396 FK CONSTRAINT");
    }

    @Test
    void aUseListKeepsTheSchemaAndTheChosenTablesRowsWithoutForeignKeysToOtherTables() {
        String list = TableOfContents.schemaWithDataOf(TOC, Set.of("public.orders"), Set.of());

        assertThat(list).contains("\n3345; 0 16386 TABLE DATA public orders shop_owner\n")
                .contains("\n;3346; 0 16390 TABLE DATA public order_lines shop_owner\n")
                .contains("\n;3195; 2606 16401 FK CONSTRAINT public order_lines")
                .contains("\n216; 1259 16390 TABLE public order_lines shop_owner\n");
    }

    @Test
    void aUseListKeepsTheForeignKeysBetweenTheRestoredTables() {
        String list = TableOfContents.schemaWithDataOf(TOC, Set.of("public.orders", "public.order_lines"),
                Set.of("public order_lines order_lines_order_fkey"));

        assertThat(list).contains("\n3195; 2606 16401 FK CONSTRAINT public order_lines order_lines_order_fkey shop_owner\n")
                .contains("\n3346; 0 16390 TABLE DATA public order_lines shop_owner\n");
    }
}
