package org.dmabufspec.conformance.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Ids read through the cache must keep their exact text, whatever shares their slot. */
class StringCacheTest {
    private static String read(StringCache c, String s) {
        char[] buf = ("{\"x\":\"" + s + "\"}").toCharArray(); // the value sits inside a larger buffer, as in the parser
        return c.get(buf, 6, s.length());
    }

    @Test
    void idsWithTheSameHashStayApart() {
        StringCache c = new StringCache();
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals("Aa", read(c, "Aa"));
        assertEquals("BB", read(c, "BB"));
        assertEquals("Aa", read(c, "Aa"));
        assertEquals("f1BB", read(c, "f1BB"));
        assertEquals("f1Aa", read(c, "f1Aa"));
    }

    @Test
    void aRepeatedIdIsTheSameString() {
        StringCache c = new StringCache();
        String first = read(c, "gpu");
        assertSame(first, read(c, "gpu"));
        assertEquals("", read(c, ""));
    }

    @Test
    void manyUniqueIdsAllReadBackExactly() {
        StringCache c = new StringCache();
        for (int i = 0; i < 100_000; i++) {
            assertEquals("f" + i, read(c, "f" + i));
        }
        String longName = "x".repeat(200);
        assertEquals(longName, read(c, longName));
    }
}
