package org.dmabufspec.conformance.trace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ids of one kind the reader has seen, as a set of strings. Writers number their objects
 * ("f1", "f2", ... "gpu-s17"), so an id made of a prefix and a decimal number (no leading zero, at
 * most 18 digits) is kept as a run of consecutive numbers under its prefix: a trace that creates a
 * million fences costs one run, not a million strings, and the reader's memory stays bounded
 * however long the trace. Any other id is kept as it is.
 */
final class IdSet {
    private static final int MAX_DIGITS = 18;

    private final HashSet<String> other = new HashSet<>();
    private final HashMap<String, Runs> byPrefix = new HashMap<>();
    /** The prefix used last, and its runs: consecutive ids share it, so most calls skip the map. */
    private String lastPrefix;
    private Runs lastRuns;

    /** Adds the id; false if it was already there. */
    boolean add(String id) {
        int digits = numberStart(id);
        if (digits < 0) {
            return other.add(id);
        }
        Runs r = runs(id, digits, true);
        return r.add(Long.parseLong(id, digits, id.length(), 10));
    }

    boolean contains(String id) {
        int digits = numberStart(id);
        if (digits < 0) {
            return other.contains(id);
        }
        Runs r = runs(id, digits, false);
        return r != null && r.contains(Long.parseLong(id, digits, id.length(), 10));
    }

    void addAll(Iterable<String> ids) {
        for (String id : ids) {
            add(id);
        }
    }

    /** Where the id's number starts, or -1 when the id does not end in a plain decimal number. */
    private static int numberStart(String id) {
        int n = id.length();
        int i = n;
        while (i > 0) {
            char c = id.charAt(i - 1);
            if (c < '0' || c > '9') {
                break;
            }
            i--;
        }
        int digits = n - i;
        if (digits == 0 || digits > MAX_DIGITS || digits > 1 && id.charAt(i) == '0') {
            return -1;
        }
        return i;
    }

    private Runs runs(String id, int prefixLength, boolean create) {
        String last = lastPrefix;
        if (last != null && last.length() == prefixLength && id.startsWith(last)) {
            return lastRuns;
        }
        String prefix = id.substring(0, prefixLength);
        Runs r = byPrefix.get(prefix);
        if (r == null) {
            if (!create) {
                return null;
            }
            r = new Runs();
            byPrefix.put(prefix, r);
        }
        lastPrefix = prefix;
        lastRuns = r;
        return r;
    }

    /**
     * Disjoint, never adjacent runs [from, to] of numbers. The run added to last is held apart
     * from the map (a counter grows it by one at no map cost); the others are in the map by start.
     */
    static final class Runs {
        private final TreeMap<Long, Long> runs = new TreeMap<>();
        private long hotFrom = 1;
        private long hotTo = 0;
        /** The first start in the map above the hot run (Long.MAX_VALUE when none). */
        private long nextStart = Long.MAX_VALUE;

        boolean contains(long n) {
            if (n >= hotFrom && n <= hotTo) {
                return true;
            }
            Map.Entry<Long, Long> e = runs.floorEntry(n);
            return e != null && n <= e.getValue();
        }

        boolean add(long n) {
            if (hotFrom <= hotTo && n == hotTo + 1 && n != Long.MIN_VALUE) {
                hotTo = n;
                if (nextStart != Long.MAX_VALUE && nextStart == n + 1) {
                    hotTo = runs.remove(nextStart);
                    nextStart = next(hotTo);
                }
                return true;
            }
            if (contains(n)) {
                return false;
            }
            if (hotFrom <= hotTo) {
                runs.put(hotFrom, hotTo);
            }
            long from = n;
            long to = n;
            Map.Entry<Long, Long> left = n == Long.MIN_VALUE ? null : runs.floorEntry(n - 1);
            if (left != null && left.getValue() == n - 1) {
                from = left.getKey();
                runs.remove(from);
            }
            Long right = n == Long.MAX_VALUE ? null : runs.remove(n + 1);
            if (right != null) {
                to = right;
            }
            hotFrom = from;
            hotTo = to;
            nextStart = next(to);
            return true;
        }

        private long next(long to) {
            Long k = to == Long.MAX_VALUE ? null : runs.higherKey(to);
            return k == null ? Long.MAX_VALUE : k;
        }

        /** The runs, hot one included, as from/to pairs in order (for tests). */
        long[] toArray() {
            TreeMap<Long, Long> all = new TreeMap<>(runs);
            if (hotFrom <= hotTo) {
                all.put(hotFrom, hotTo);
            }
            long[] out = new long[2 * all.size()];
            int i = 0;
            for (Map.Entry<Long, Long> e : all.entrySet()) {
                out[i++] = e.getKey();
                out[i++] = e.getValue();
            }
            return out;
        }
    }
}
