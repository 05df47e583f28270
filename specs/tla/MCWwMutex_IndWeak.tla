------------------------------ MODULE MCWwMutex_IndWeak ------------------------------
(***************************************************************************)
(* Expected violation of WeakInv: MutualExclusion /\ BackoffDiscipline     *)
(* without the ContendedOnlyInBackoff strengthening is not inductive.  A   *)
(* thread in backoff with no contended lock "lock_slow"s NoLock in one     *)
(* step, leaving the type.  Shows MCWwMutex_Ind checks something.          *)
(***************************************************************************)
EXTENDS MCWwMutex_Ind

WeakInv == TypeOK /\ IdxInRange /\ ProcKinds /\ MutualExclusion /\ BackoffDiscipline

\* Same bounded domain, but per-thread states not filtered by the strengthening.
WeakLocalStates(p) ==
    {r \in [pc : PcValues, idx : 1..(Len(LockOrder[p]) + 1), held : SUBSET Locks,
            contended : Locks \cup {NoLock}, stamp : 0..Cardinality(CtxProcs)] :
        /\ r.pc = "blocked" => r.idx <= Len(LockOrder[p])
        /\ r.pc = "slow" => r.held = {}
        /\ p \in CtxProcs => ((r.pc = "init") <=> (r.stamp = 0))}

WeakLocalTable == [p \in Procs |-> WeakLocalStates(p)]

WeakInit ==
    /\ \E g \in [Procs -> UNION {WeakLocalTable[p] : p \in Procs}] :
          /\ \A p \in Procs : g[p] \in WeakLocalTable[p]
          /\ pc = [p \in Procs |-> g[p].pc]
          /\ idx = [p \in Procs |-> g[p].idx]
          /\ held = [p \in Procs |-> g[p].held]
          /\ contended = [p \in Procs |-> g[p].contended]
          /\ stamp = [p \in Procs |-> g[p].stamp]
    /\ nextStamp \in 1..(Cardinality(CtxProcs) + 1)
    /\ WeakInv

WeakSpec == WeakInit /\ [][Next]_vars
=============================================================================
