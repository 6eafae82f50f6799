package dev.lifeboat.restorechecks;

import dev.lifeboat.events.restore.ValidationResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a check's result reads: counts in the form their noun takes, and at most ten problems named. */
class RestoredCheckTest {

    @Test
    void oneOfSomethingIsSingularAndAnyOtherCountPlural() {
        assertThat(RestoredCheck.count(1, "index", "indexes")).isEqualTo("1 index");
        assertThat(RestoredCheck.count(0, "index", "indexes")).isEqualTo("0 indexes");
        assertThat(RestoredCheck.count(2, "table matches", "tables match")).isEqualTo("2 tables match");
    }

    @Test
    void aCheckWithoutProblemsPassesWithWhatItFound() {
        ValidationResult passed = RestoredCheck.ROW_COUNTS.result(List.of(), "8 tables match the manifest");

        assertThat(passed.passed()).isTrue();
        assertThat(passed.check()).isEqualTo("ROW_COUNTS");
        assertThat(passed.details()).isEqualTo("8 tables match the manifest");
    }

    @Test
    void aCheckWithProblemsFailsNamingTheFirstTenAndHowManyMore() {
        List<String> problems = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "t" + i).toList();

        ValidationResult failed = RestoredCheck.SEQUENCES.result(problems, "unused");

        assertThat(failed.passed()).isFalse();
        assertThat(failed.details()).isEqualTo("t1; t2; t3; t4; t5; t6; t7; t8; t9; t10; and 2 more");
    }
}
