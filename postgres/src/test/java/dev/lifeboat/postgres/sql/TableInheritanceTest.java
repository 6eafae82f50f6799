package dev.lifeboat.postgres.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TableInheritanceTest {

    @Test
    void descendantsAreEveryTableBelowEachOnceAChildOfTwoParentsToo() {
        Map<String, List<String>> children = Map.of(
                "public.root", List.of("public.left", "public.right"),
                "public.left", List.of("public.both", "public.leaf"),
                "public.right", List.of("public.both"),
                "public.both", List.of("public.deep"));

        assertThat(TableInheritance.descendants("public.root", children))
                .containsExactlyInAnyOrder("public.left", "public.right", "public.both", "public.leaf", "public.deep");
        assertThat(TableInheritance.descendants("public.right", children)).containsExactlyInAnyOrder("public.both", "public.deep");
        assertThat(TableInheritance.descendants("public.leaf", children)).isEmpty();
    }
}
