package org.dmabufspec.conformance.relation.resv;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.Frozen;

/**
 * A state of DmaResv.tla, one field per VARIABLE. Resvs, procs and fences are the names of
 * their TLC model values; usages are DmaResv's integers (KERNEL 0 .. BOOKKEEP 3, NoUsage 4).
 */
public record ResvState(
        Map<String, Boolean> signalled,
        Map<String, String> holder,
        Map<String, List<Entry>> table,
        Map<String, Integer> maxFences,
        Map<String, Map<String, String>> pollCb,
        Map<String, String> pc,
        Map<String, String> resvOf,
        Map<String, Integer> query,
        Map<String, Integer> credits,
        Map<String, Set<String>> mustWait,
        Map<String, Map<String, Integer>> everAdded,
        List<SyncFile> syncFiles) {

    public ResvState {
        signalled = Map.copyOf(signalled);
        holder = Map.copyOf(holder);
        table = Frozen.lists(table);
        maxFences = Map.copyOf(maxFences);
        pollCb = Frozen.maps(pollCb);
        pc = Map.copyOf(pc);
        resvOf = Map.copyOf(resvOf);
        query = Map.copyOf(query);
        credits = Map.copyOf(credits);
        mustWait = Frozen.sets(mustWait);
        everAdded = Frozen.maps(everAdded);
        syncFiles = List.copyOf(syncFiles);
    }

    /** {@code [m EXCEPT ![k] = v]}. */
    static <K, V> Map<K, V> except(Map<K, V> m, K k, V v) {
        Map<K, V> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    ResvState withSignalled(Map<String, Boolean> v) {
        return new ResvState(v, holder, table, maxFences, pollCb, pc, resvOf, query, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withHolder(Map<String, String> v) {
        return new ResvState(signalled, v, table, maxFences, pollCb, pc, resvOf, query, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withTable(Map<String, List<Entry>> v) {
        return new ResvState(signalled, holder, v, maxFences, pollCb, pc, resvOf, query, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withMaxFences(Map<String, Integer> v) {
        return new ResvState(signalled, holder, table, v, pollCb, pc, resvOf, query, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withPollCb(Map<String, Map<String, String>> v) {
        return new ResvState(signalled, holder, table, maxFences, v, pc, resvOf, query, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withPc(Map<String, String> v) {
        return new ResvState(signalled, holder, table, maxFences, pollCb, v, resvOf, query, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withResvOf(Map<String, String> v) {
        return new ResvState(signalled, holder, table, maxFences, pollCb, pc, v, query, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withQuery(Map<String, Integer> v) {
        return new ResvState(signalled, holder, table, maxFences, pollCb, pc, resvOf, v, credits, mustWait, everAdded, syncFiles);
    }

    ResvState withCredits(Map<String, Integer> v) {
        return new ResvState(signalled, holder, table, maxFences, pollCb, pc, resvOf, query, v, mustWait, everAdded, syncFiles);
    }

    ResvState withMustWait(Map<String, Set<String>> v) {
        return new ResvState(signalled, holder, table, maxFences, pollCb, pc, resvOf, query, credits, v, everAdded, syncFiles);
    }

    ResvState withEverAdded(Map<String, Map<String, Integer>> v) {
        return new ResvState(signalled, holder, table, maxFences, pollCb, pc, resvOf, query, credits, mustWait, v, syncFiles);
    }

    ResvState withSyncFiles(List<SyncFile> v) {
        return new ResvState(signalled, holder, table, maxFences, pollCb, pc, resvOf, query, credits, mustWait, everAdded, v);
    }
}
