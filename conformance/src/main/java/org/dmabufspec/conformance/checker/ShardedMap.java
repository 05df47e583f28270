package org.dmabufspec.conformance.checker;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map from trace ids split into shards that copies share until one side writes: a copy costs
 * the shard array, a write after a copy clones one shard. The fence and sync_file tables grow
 * with the trace, and a search copies a state at every branch, so copying whole HashMaps made a
 * step cost O(trace).
 */
final class ShardedMap<V> extends AbstractMap<String, V> {
    private static final int SHARDS = 64;
    private final HashMap<String, V>[] shards;
    /** Bit i: shard i may be shared with another copy, so it is cloned before the first write. */
    private long shared;
    private int size;

    @SuppressWarnings("unchecked")
    ShardedMap() {
        shards = new HashMap[SHARDS];
    }

    private ShardedMap(ShardedMap<V> o) {
        shards = o.shards.clone();
        size = o.size;
        shared = -1L;
        o.shared = -1L;
    }

    /** A copy sharing every shard; both sides clone a shard before writing it from now on. */
    ShardedMap<V> copy() {
        return new ShardedMap<>(this);
    }

    private static int shard(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16) ^ (h >>> 6)) & (SHARDS - 1);
    }

    private HashMap<String, V> writable(int i) {
        HashMap<String, V> m = shards[i];
        if (m == null) {
            m = new HashMap<>();
            shards[i] = m;
            shared &= ~(1L << i);
        } else if ((shared & (1L << i)) != 0) {
            m = new HashMap<>(m);
            shards[i] = m;
            shared &= ~(1L << i);
        }
        return m;
    }

    @Override
    public V get(Object key) {
        HashMap<String, V> m = shards[shard(key)];
        return m == null ? null : m.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        HashMap<String, V> m = shards[shard(key)];
        return m != null && m.containsKey(key);
    }

    @Override
    public V put(String key, V value) {
        HashMap<String, V> m = writable(shard(key));
        int before = m.size();
        V old = m.put(key, value);
        size += m.size() - before;
        return old;
    }

    @Override
    public V remove(Object key) {
        int i = shard(key);
        HashMap<String, V> m = shards[i];
        if (m == null || !m.containsKey(key)) {
            return null;
        }
        m = writable(i);
        size--;
        return m.remove(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof ShardedMap<?> s) {
            if (size != s.size) {
                return false;
            }
            for (int i = 0; i < SHARDS; i++) {
                HashMap<String, V> a = shards[i];
                HashMap<String, ?> b = s.shards[i];
                if (a != b && !(a == null ? b.isEmpty() : b == null ? a.isEmpty() : a.equals(b))) {
                    return false;
                }
            }
            return true;
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (HashMap<String, V> m : shards) {
            if (m != null) {
                h += m.hashCode();
            }
        }
        return h;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private Iterator<Entry<String, V>> in = java.util.Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                        while (!in.hasNext()) {
                            if (next >= SHARDS) {
                                return false;
                            }
                            HashMap<String, V> m = shards[next++];
                            if (m != null) {
                                in = m.entrySet().iterator();
                            }
                        }
                        return true;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return in.next();
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
