package org.dmabufspec.conformance.trace;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reader's id set keeps numbered ids as runs; as a set of strings it must behave as a HashSet. */
class IdSetTest {
    @Test
    void randomAddsAndLookupsOfNumberedAndOtherIdsAgreeWithAHashSet() {
        Random rnd = new Random(20261207);
        List<String> prefixes = List.of("f", "gpu-s", "", "cb", "t0f");
        for (int round = 0; round < 50; round++) {
            IdSet ids = new IdSet();
            Set<String> plain = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                String id = id(rnd, prefixes);
                if (rnd.nextBoolean()) {
                    assertEquals(plain.add(id), ids.add(id), "add " + id);
                } else {
                    assertEquals(plain.contains(id), ids.contains(id), "contains " + id);
                }
            }
            for (String p : prefixes) {
                for (int n = 0; n < 70; n++) {
                    assertEquals(plain.contains(p + n), ids.contains(p + n), "contains " + p + n);
                }
            }
        }
    }

    /** Counters near each other (runs meet, merge, split), leading zeros, long and huge numbers, no number at all. */
    private static String id(Random rnd, List<String> prefixes) {
        String p = prefixes.get(rnd.nextInt(prefixes.size()));
        return switch (rnd.nextInt(10)) {
            case 0 -> p + "0" + rnd.nextInt(5);
            case 1 -> p + "99999999999999999" + rnd.nextInt(10);
            case 2 -> p + "1234567890123456789" + rnd.nextInt(3);
            case 3 -> p + "x";
            case 4 -> p;
            default -> p + rnd.nextInt(64);
        };
    }

    @Test
    void aCounterThatFillsItsGapsEndsAsOneRun() {
        IdSet.Runs runs = new IdSet.Runs();
        for (long n : new long[] {5, 1, 3, 2, 7, 6, 4}) {
            runs.add(n);
        }
        assertArrayEquals(new long[] {1, 7}, runs.toArray());
        runs.add(9);
        runs.add(10);
        assertArrayEquals(new long[] {1, 7, 9, 10}, runs.toArray());
        runs.add(8);
        assertArrayEquals(new long[] {1, 10}, runs.toArray());
    }
}
