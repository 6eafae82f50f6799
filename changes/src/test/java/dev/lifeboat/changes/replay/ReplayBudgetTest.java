package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayBudgetTest {

    @Test
    void changesCountFromTheNewestAlignedBackupAndPassTheBudgetOnceTheirReplayWouldTakeLonger() {
        ReplayBudget budget = new ReplayBudget(Duration.ofMinutes(10));
        budget.base(new Lsn(100));
        budget.stored(new Lsn(90), 1_000_000); // in the backup already
        budget.stored(new Lsn(200), 30_000_000);
        assertThat(budget.rowChanges()).isEqualTo(30_000_000);
        assertThat(budget.estimate(50_000)).isEqualTo(Duration.ofMinutes(10));
        assertThat(budget.passed(50_000)).as("exactly the budget is within it").isFalse();
        budget.stored(new Lsn(300), 1);
        assertThat(budget.passed(50_000)).isTrue();
        assertThat(budget.passed(100_000)).as("at a faster measured rate").isFalse();
    }

    @Test
    void aNewerBackupLeavesOnlyTheSegmentsAfterItsPositionAndAnOlderOneChangesNothing() {
        ReplayBudget budget = new ReplayBudget(Duration.ofMinutes(1));
        budget.stored(new Lsn(100), 10);
        budget.stored(new Lsn(200), 20);
        budget.stored(new Lsn(300), 30);
        assertThat(budget.base()).isNull();
        assertThat(budget.rowChanges()).as("no backup yet: every stored change counts").isEqualTo(60);

        budget.base(new Lsn(200));
        assertThat(budget.rowChanges()).as("a segment ending at the backup's position is in it").isEqualTo(30);
        budget.base(new Lsn(150));
        assertThat(budget.base()).isEqualTo(new Lsn(200));
        assertThat(budget.rowChanges()).isEqualTo(30);
        budget.base(new Lsn(250));
        assertThat(budget.rowChanges()).as("a segment straddling the backup counts whole").isEqualTo(30);
    }

    @Test
    void aBudgetIsPositive() {
        assertThatThrownBy(() -> new ReplayBudget(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
