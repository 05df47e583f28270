package org.dmabufspec.conformance.relation;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A successor builder's copy of one state variable (a TLA+ function): reads go to the current
 * state's immutable map until the first write, which copies it. An action assigns a few variables
 * and leaves the rest UNCHANGED, so a successor shares its unchanged maps with its predecessor
 * instead of copying every one of them twice (into the builder and back into the state record):
 * the relations' search spent about half its time on those copies.
 *
 * <p>The views ({@link #entrySet()}, {@link #keySet()}, {@link #values()}) are the current map's:
 * writing through a view before the first write throws (the state's map is immutable), never
 * changes the predecessor.
 */
public final class CopyOnWriteMap<K, V> extends AbstractMap<K, V> {
    private final Map<K, V> original;
    private Map<K, V> copy;

    /** @param original an immutable map (a state record's field) */
    public CopyOnWriteMap(Map<K, V> original) {
        this.original = original;
    }

    /** The original map when nothing was written, else the written copy. */
    public Map<K, V> result() {
        return copy == null ? original : copy;
    }

    private Map<K, V> read() {
        return copy == null ? original : copy;
    }

    private Map<K, V> write() {
        if (copy == null) {
            copy = new HashMap<>(original);
        }
        return copy;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return read().entrySet();
    }

    @Override
    public Set<K> keySet() {
        return read().keySet();
    }

    @Override
    public java.util.Collection<V> values() {
        return read().values();
    }

    @Override
    public int size() {
        return read().size();
    }

    @Override
    public boolean containsKey(Object key) {
        return read().containsKey(key);
    }

    @Override
    public V get(Object key) {
        return read().get(key);
    }

    @Override
    public V put(K key, V value) {
        return write().put(key, value);
    }

    @Override
    public V remove(Object key) {
        return write().remove(key);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        write().putAll(m);
    }

    @Override
    public void clear() {
        write().clear();
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> f) {
        write().replaceAll(f);
    }
}
