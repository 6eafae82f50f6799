package dev.lifeboat.cli.output;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    private static String printed(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aTableWithoutRowsIsEmptyAndPrintsItsHeaderAlone() {
        Table table = new Table("DATABASE", "LAST BACKUP");

        assertThat(table.isEmpty()).isTrue();
        assertThat(printed(table)).isEqualTo("DATABASE  LAST BACKUP" + System.lineSeparator());
    }

    @Test
    void aTableWithARowIsNotEmpty() {
        assertThat(new Table("DATABASE").row("orders-db").isEmpty()).isFalse();
    }

    @Test
    void eachColumnIsAsWideAsItsWidestCellWithTwoSpacesBetweenColumns() {
        Table table = new Table("ID", "SIZE", "WHEN").row("orders-db", "4.1 MB", "2h 0m ago");

        assertThat(printed(table).lines()).containsExactly(
                "ID         SIZE    WHEN",
                "orders-db  4.1 MB  2h 0m ago");
    }

    @Test
    void aWideHeaderWidensItsColumnForEveryRow() {
        Table table = new Table("DATABASE", "STATE").row("a", "RUNNING").row("orders-db", "OK");

        assertThat(printed(table).lines()).containsExactly(
                "DATABASE   STATE",
                "a          RUNNING",
                "orders-db  OK");
    }

    @Test
    void rowsArePrintedInTheOrderTheyWereAdded() {
        Table table = new Table("N").row("3").row("1").row("2");

        assertThat(printed(table).lines()).containsExactly("N", "3", "1", "2");
    }

    @Test
    void aMissingCellIsShownAsADash() {
        Table table = new Table("A", "B", "C").row(null, "x", null);

        assertThat(printed(table).lines()).containsExactly("A  B  C", "-  x  -");
    }

    @Test
    void aLineEndsWithoutTrailingSpacesWhenItsLastCellsAreEmpty() {
        Table table = new Table("NAME", "NOTE").row("a", "");

        assertThat(printed(table).lines()).containsExactly("NAME  NOTE", "a");
    }

    @Test
    void aLeadingEmptyCellKeepsTheColumnsAligned() {
        Table table = new Table("NAME", "NOTE").row("", "x");

        assertThat(printed(table).lines()).containsExactly("NAME  NOTE", "      x");
    }

    @Test
    void everyLineEndsWithTheSystemLineSeparator() {
        Table table = new Table("A", "B").row("1", "2");

        assertThat(printed(table)).isEqualTo("A  B" + System.lineSeparator() + "1  2" + System.lineSeparator());
    }

    @Test
    void aRowWithMoreOrFewerCellsThanTheHeaderIsRefused() {
        Table table = new Table("A", "B");

        assertThatThrownBy(() -> table.row("1", "2", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row of 2 cells, not 3");
        assertThatThrownBy(() -> table.row("1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row of 2 cells, not 1");
        assertThatThrownBy(() -> table.row())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row of 2 cells, not 0");
        assertThat(table.isEmpty()).isTrue();
    }
}
