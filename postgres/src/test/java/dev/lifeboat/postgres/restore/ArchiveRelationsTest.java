package dev.lifeboat.postgres.restore;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveRelationsTest {

    /** What pg_restore 15 printed for the foreign keys and partition attachments of a dump, names that need quoting included. */
    private static final String SCRIPT = """
            --
            -- PostgreSQL database dump
            --

            SET statement_timeout = 0;
            SELECT pg_catalog.set_config('search_path', '', false);

            --
            -- Name: readings_1; Type: TABLE ATTACH; Schema: public; Owner: postgres
            --

            ALTER TABLE ONLY public.readings ATTACH PARTITION public.readings_1 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


            --
            -- Name: Or "ders Or "ders_a_fkey; Type: FK CONSTRAINT; Schema: Odd S; Owner: postgres
            --

            ALTER TABLE ONLY "Odd S"."Or ""ders"
                ADD CONSTRAINT "Or ""ders_a_fkey" FOREIGN KEY (a) REFERENCES public.addr(id);


            --
            -- Name: Or "ders Or "ders_c_fkey; Type: FK CONSTRAINT; Schema: Odd S; Owner: postgres
            --

            ALTER TABLE ONLY "Odd S"."Or ""ders"
                ADD CONSTRAINT "Or ""ders_c_fkey" FOREIGN KEY (c, "two, cols") REFERENCES public.customers(id, k);


            --
            -- Name: readings readings_c_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
            --

            ALTER TABLE public.readings
                ADD CONSTRAINT readings_c_fkey FOREIGN KEY (c) REFERENCES public.customers(id);


            --
            -- PostgreSQL database dump complete
            --
            """;

    @Test
    void partitionsAndForeignKeysAreReadFromTheArchivesSqlWithQuotedNames() {
        ArchiveRelations relations = ArchiveRelations.parse(SCRIPT);

        assertThat(relations.partitions()).isEqualTo(Map.of("public.readings", List.of("public.readings_1")));
        assertThat(relations.foreignKeys()).containsExactly(
                new ArchiveRelations.ForeignKey("Odd S Or \"ders Or \"ders_a_fkey", "Odd S.Or \"ders", "public.addr"),
                new ArchiveRelations.ForeignKey("Odd S Or \"ders Or \"ders_c_fkey", "Odd S.Or \"ders", "public.customers"),
                new ArchiveRelations.ForeignKey("public readings readings_c_fkey", "public.readings", "public.customers"));
    }

    @Test
    void aPartitionedTableBringsItsPartitionsAndOnlyKeysBetweenRestoredTablesAreKept() {
        ArchiveRelations relations = ArchiveRelations.parse(SCRIPT);

        assertThat(relations.withPartitions(Set.of("public.readings"))).containsExactly("public.readings", "public.readings_1");
        assertThat(relations.foreignKeysWithin(Set.of("Odd S.Or \"ders", "public.customers")))
                .containsExactly("Odd S Or \"ders Or \"ders_c_fkey");
        assertThat(relations.foreignKeysWithin(Set.of("Odd S.Or \"ders"))).isEmpty();
    }

    @Test
    void theUseListNamesOnlyForeignKeysAndAttachments() {
        String toc = """
                218; 1259 16411 TABLE public readings postgres
                3213; 0 0 TABLE ATTACH public readings_1 postgres
                3368; 0 16419 TABLE DATA public readings_1 postgres
                3215; 2606 16390 CONSTRAINT public customers customers_pkey postgres
                3222; 2606 16414 FK CONSTRAINT public readings readings_c_fkey postgres
                """;
        assertThat(ArchiveRelations.useList(toc)).isEqualTo("""
                3213; 0 0 TABLE ATTACH public readings_1 postgres
                3222; 2606 16414 FK CONSTRAINT public readings readings_c_fkey postgres
                """);
    }

    @Test
    void sqlOfAnotherShapeIsRefusedNamingWhatWasExpected() {
        assertThatThrownBy(() -> ArchiveRelations.parse("""
                -- Name: k; Type: FK CONSTRAINT; Schema: public; Owner: o
                --
                CREATE TABLE x ();
                """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 'ALTER TABLE'");
    }
}
