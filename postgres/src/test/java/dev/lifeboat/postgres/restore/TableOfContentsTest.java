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

    @Test
    void tablesAndIndexesAreTheCreatedOnesNotTheirDataOrAttachments() {
        assertThat(TableOfContents.tablesAndIndexes(TOC)).containsExactly(
                new TableOfContents.Entry(TableOfContents.Entry.Kind.TABLE, "public.orders"),
                new TableOfContents.Entry(TableOfContents.Entry.Kind.TABLE, "public.order_lines"),
                new TableOfContents.Entry(TableOfContents.Entry.Kind.TABLE, "sales.measurements"),
                new TableOfContents.Entry(TableOfContents.Entry.Kind.INDEX, "public.orders_customer_idx"));
    }

    @Test
    void aUseListKeepsTheSchemaAndTheChosenTablesRowsWithoutForeignKeys() {
        String list = TableOfContents.schemaWithDataOf(TOC, Set.of("public.orders"));

        assertThat(list).contains("\n3345; 0 16386 TABLE DATA public orders shop_owner\n")
                .contains("\n;3346; 0 16390 TABLE DATA public order_lines shop_owner\n")
                .contains("\n;3195; 2606 16401 FK CONSTRAINT public order_lines")
                .contains("\n216; 1259 16390 TABLE public order_lines shop_owner\n");
    }
}
