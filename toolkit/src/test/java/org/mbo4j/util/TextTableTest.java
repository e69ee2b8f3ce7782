package org.mbo4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsAreLeftAlignedUnlessAskedWithNoTrailingSpaces() {
        String s = TextTable.withHeader("name", "n", "note")
                .alignRight(1)
                .row("a", "1", "x")
                .row("longer", "100", "")
                .render(120);
        assertEquals("name      n  note\n" + "------  ---  ----\n" + "a         1  x\n" + "longer  100\n", s);
    }

    @Test
    void theWidestColumnWrapsAtSpacesToFitTheWidth() {
        // natural width 3 + 2 + 31 = 36; at 20 the text column narrows to 15 and wraps at word boundaries.
        String s = TextTable.withoutHeader(2)
                .row("abc", "the quick brown fox jumps over")
                .render(20);
        assertEquals("abc  the quick brown\n" + "     fox jumps over\n", s);
        for (String l : s.lines().toList()) assertEquals(true, l.length() <= 20, l);
    }

    @Test
    void aWordLongerThanItsColumnIsSplit() {
        assertEquals(List.of("abcdefgh", "ij k"), TextTable.wrap("abcdefghij k", 8));
        assertEquals(List.of("ab", "abcdefgh", "ij"), TextTable.wrap("ab abcdefghij", 8));
        assertEquals(List.of(""), TextTable.wrap("", 8));
    }

    @Test
    void rowsOfTheWrongLengthAreRejected() {
        assertEquals(
                "a row of this table needs 2 cells, got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TextTable.withHeader("a", "b").row("x"))
                        .getMessage());
    }
}
