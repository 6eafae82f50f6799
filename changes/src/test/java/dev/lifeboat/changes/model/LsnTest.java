package dev.lifeboat.changes.model;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LsnTest {

    @Test
    void parsesAndWritesPositionsAsPostgresDoes() {
        assertThat(Lsn.parse("16/B374D848").value()).isEqualTo(0x16_B374_D848L);
        assertThat(new Lsn(0x16_B374_D848L)).hasToString("16/B374D848");
        assertThat(Lsn.parse("0/0")).isEqualTo(Lsn.ZERO);
        assertThat(Lsn.ZERO).hasToString("0/0");
        assertThat(new Lsn(0x1_0000_0000L)).hasToString("1/0");
        assertThat(Lsn.parse("16/b374d848")).as("lower-case hex").isEqualTo(new Lsn(0x16_B374_D848L)).hasToString("16/B374D848");
        assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF").value()).isEqualTo(-1L);
        assertThat(new Lsn(-1L)).hasToString("FFFFFFFF/FFFFFFFF");
    }

    @Test
    void theSortableFormIsSixteenHexDigits() {
        assertThat(new Lsn(0x16_B374_D848L).sortable()).isEqualTo("00000016B374D848");
        assertThat(Lsn.ZERO.sortable()).isEqualTo("0000000000000000");
        assertThat(new Lsn(-1L).sortable()).isEqualTo("FFFFFFFFFFFFFFFF");
    }

    @Test
    void comparesAsUnsignedPositionsAndTheSortableFormOrdersTheSame() {
        List<Lsn> positions = List.of(Lsn.parse("FFFFFFFF/FFFFFFFF"), Lsn.parse("80000000/0"), Lsn.parse("7FFFFFFF/FFFFFFFF"),
                Lsn.parse("1/0"), Lsn.parse("0/FFFFFFFF"), Lsn.parse("0/A"), Lsn.ZERO);

        assertThat(positions.stream().sorted().toList()).containsExactly(Lsn.ZERO, Lsn.parse("0/A"), Lsn.parse("0/FFFFFFFF"),
                Lsn.parse("1/0"), Lsn.parse("7FFFFFFF/FFFFFFFF"), Lsn.parse("80000000/0"), Lsn.parse("FFFFFFFF/FFFFFFFF"));
        assertThat(positions.stream().sorted(Comparator.comparing(Lsn::sortable)).toList())
                .isEqualTo(positions.stream().sorted().toList());
        assertThat(Lsn.parse("80000000/0").after(Lsn.parse("7FFFFFFF/FFFFFFFF"))).isTrue();
        assertThat(Lsn.parse("0/A").before(Lsn.parse("1/0"))).isTrue();
        assertThat(Lsn.parse("1/0").before(Lsn.parse("0/A"))).isFalse();
    }

    @Test
    void aPositionIsNeitherBeforeNorAfterItself() {
        Lsn position = Lsn.parse("16/B374D848");

        assertThat(position.after(new Lsn(position.value()))).isFalse();
        assertThat(position.before(new Lsn(position.value()))).isFalse();
        assertThat(position.compareTo(new Lsn(position.value()))).isZero();
    }

    @Test
    void refusesATextWithoutAPositionOnEachSideOfOneSlash() {
        for (String text : List.of("nowhere", "16B374D848", "/B374D848", "1/", "1/2/3", "")) {
            assertThatThrownBy(() -> Lsn.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not an LSN (two halves of 1 to 8 hex digits, as 16/B374D848): " + text);
        }
    }

    @Test
    void refusesHalvesThatAreNotHexOrSigned() {
        for (String text : List.of("G/1", "1/G", "-1/0", "+1/0", "1/-0", " 1/0")) {
            assertThatThrownBy(() -> Lsn.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not an LSN");
        }
    }

    @Test
    void refusesAHalfOfMoreThan32BitsRatherThanSpillIntoTheOther() {
        // 1/123456789 would have read as 2/23456789: its low half's ninth digit ORed into the high half
        assertThatThrownBy(() -> Lsn.parse("1/123456789")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lsn.parse("123456789/0")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Lsn.parse("00000001/00000002")).as("leading zeros are fine").isEqualTo(new Lsn(0x1_0000_0002L));
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Lsn.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isWrittenInJsonAsPostgresWritesIt() throws Exception {
        assertThat(ChangeJson.MAPPER.writeValueAsString(Lsn.parse("1A/FF000028"))).isEqualTo("\"1A/FF000028\"");
        assertThat(ChangeJson.MAPPER.readValue("\"1A/FF000028\"", Lsn.class)).isEqualTo(new Lsn(0x1A_FF00_0028L));
    }
}
