package dev.lifeboat.restore.target;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseNamesTest {

    private static final Instant AT = Instant.parse("2026-11-22T02:03:04Z");

    @Test
    void aRequestedNameIsLowercaseLettersDigitsAndUnderscoresNotStartingWithADigitAtMost63Long() {
        for (String name : List.of("shop", "_shop", "shop_2026", "a", "a".repeat(63))) {
            assertThat(DatabaseNames.DATABASE_NAME.matcher(name).matches()).as(name).isTrue();
        }
        for (String name : List.of("", "2shop", "Shop", "shop-db", "shop db", "shop;drop", "\"shop\"", "café", "a".repeat(64))) {
            assertThat(DatabaseNames.DATABASE_NAME.matcher(name).matches()).as(name).isFalse();
        }
    }

    @Test
    void derivedNamesAreTheLiveNameAnInfixAndTheUtcSecond() {
        assertThat(DatabaseNames.staging("shop", AT)).isEqualTo("shop_restore_20261122020304");
        assertThat(DatabaseNames.preRestore("shop", AT)).isEqualTo("shop_pre_restore_20261122020304");
        assertThat(DatabaseNames.failed("shop", AT)).isEqualTo("shop_failed_20261122020304");
    }

    @Test
    void theStampIsATwentyFourHourClockToTheSecondWithFractionsDropped() {
        assertThat(DatabaseNames.staging("shop", Instant.parse("2026-01-05T15:07:09.999Z"))).isEqualTo("shop_restore_20260105150709");
        assertThat(DatabaseNames.failed("shop", Instant.parse("2026-12-31T23:59:59Z"))).isEqualTo("shop_failed_20261231235959");
    }

    @Test
    void aLiveNameThatJustFitsIsKeptWhole() {
        String forty = "s".repeat(40);
        String thirtySix = "p".repeat(36);
        String fortyOne = "f".repeat(41);

        assertThat(DatabaseNames.staging(forty, AT)).isEqualTo(forty + "_restore_20261122020304").hasSize(63);
        assertThat(DatabaseNames.preRestore(thirtySix, AT)).isEqualTo(thirtySix + "_pre_restore_20261122020304").hasSize(63);
        assertThat(DatabaseNames.failed(fortyOne, AT)).isEqualTo(fortyOne + "_failed_20261122020304").hasSize(63);
    }

    @Test
    void aLongerLiveNameIsCutSoTheWholeSuffixStaysWithin63() {
        String longest = "abcdefghij".repeat(6) + "xyz";

        assertThat(DatabaseNames.staging(longest, AT)).isEqualTo(longest.substring(0, 40) + "_restore_20261122020304").hasSize(63);
        assertThat(DatabaseNames.preRestore(longest, AT)).isEqualTo(longest.substring(0, 36) + "_pre_restore_20261122020304").hasSize(63);
        assertThat(DatabaseNames.failed(longest, AT)).isEqualTo(longest.substring(0, 41) + "_failed_20261122020304").hasSize(63);
        assertThat(DatabaseNames.staging("s".repeat(41), AT)).isEqualTo("s".repeat(40) + "_restore_20261122020304");
    }

    @Test
    void derivedNamesOfAValidNameAreValidNamesThemselves() {
        for (String live : List.of("shop", "_", "a".repeat(63))) {
            for (String derived : List.of(DatabaseNames.staging(live, AT), DatabaseNames.preRestore(live, AT), DatabaseNames.failed(live, AT))) {
                assertThat(DatabaseNames.DATABASE_NAME.matcher(derived).matches()).as(derived).isTrue();
            }
        }
    }

    @Test
    void aLiveNameOfAccentedLettersIsCutToFit63BytesNeverInsideACharacter() {
        String accented = "é".repeat(30); // 60 bytes in UTF-8

        String staging = DatabaseNames.staging(accented, AT);

        assertThat(staging).isEqualTo("é".repeat(20) + "_restore_20261122020304");
        assertThat(staging.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(63);
        // 41 bytes of room: twenty two-byte letters, and half a letter is never kept (62 bytes in all)
        assertThat(DatabaseNames.failed(accented, AT)).isEqualTo("é".repeat(20) + "_failed_20261122020304");
    }

    @Test
    void aLiveNameWithLettersOutsideTheBasicPlaneKeepsThemWhole() {
        String emoji = "\uD83D\uDEDF".repeat(15); // the ring buoy, four bytes in UTF-8, two chars in Java

        String preRestore = DatabaseNames.preRestore(emoji, AT);

        assertThat(preRestore).isEqualTo("\uD83D\uDEDF".repeat(9) + "_pre_restore_20261122020304");
        assertThat(preRestore.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    }

    @Test
    void aFailedCopyIsKnownByItsNameOnlyForItsOwnLiveDatabase() {
        String live = "shop";
        assertThat(DatabaseNames.isFailedCopy(live, DatabaseNames.failed(live, AT))).isTrue();
        assertThat(DatabaseNames.isFailedCopy("x".repeat(63), DatabaseNames.failed("x".repeat(63), AT))).as("cut to fit").isTrue();
        assertThat(DatabaseNames.isFailedCopy(live, DatabaseNames.staging(live, AT))).isFalse();
        assertThat(DatabaseNames.isFailedCopy(live, DatabaseNames.failed("shop2", AT))).isFalse();
        assertThat(DatabaseNames.isFailedCopy(live, "shop_failed_2026112202030x")).isFalse();
        assertThat(DatabaseNames.isFailedCopy(live, "shop_failed_")).isFalse();
    }
}
