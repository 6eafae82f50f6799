package dev.lifeboat.service.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PageTest {

    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

    @Test
    void aListHeldInMemoryIsCutIntoPagesThatCountTheWholeList() {
        assertThat(Page.of(FIVE, 0, 2)).isEqualTo(new Page<>(List.of("a", "b"), 0, 2, 5));
        assertThat(Page.of(FIVE, 2, 2)).isEqualTo(new Page<>(List.of("e"), 2, 2, 5));
        assertThat(Page.of(FIVE, 0, 50)).isEqualTo(new Page<>(FIVE, 0, 50, 5));
    }

    @Test
    void aPagePastTheEndIsEmptyAndStillCountsTheWholeList() {
        assertThat(Page.of(FIVE, 3, 2)).isEqualTo(new Page<>(List.of(), 3, 2, 5));
        assertThat(Page.of(FIVE, Integer.MAX_VALUE, 500).items()).isEmpty();
    }
}
