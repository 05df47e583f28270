package org.dmabufspec.conformance.trace;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An event's {@code args} as read: a few entries in file order, looked up by a linear scan (a call
 * has at most five arguments). Two arrays instead of a LinkedHashMap's table and one node per
 * entry. Unmodifiable once the reader has filled it.
 */
final class ArgMap extends AbstractMap<String, Object> {
    private String[] keys = new String[4];
    private Object[] values = new Object[4];
    private int size;

    /** Adds an entry; false (map unchanged) when the name is already there. */
    boolean add(String name, Object value) {
        if (indexOf(name) >= 0) {
            return false;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = name;
        values[size] = value;
        size++;
        return true;
    }

    String key(int i) {
        return keys[i];
    }

    Object value(int i) {
        return values[i];
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
