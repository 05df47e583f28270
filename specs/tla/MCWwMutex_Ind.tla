------------------------------ MODULE MCWwMutex_Ind ------------------------------
(***************************************************************************)
(* Inductive invariance of WwMutex!Inv (MutualExclusion and                *)
(* BackoffDiscipline with their strengthening), checked with TLC the       *)
(* standard way: every state of a bounded domain that satisfies Inv is an  *)
(* initial state, Next runs from each, and Inv must hold again.  Domain:   *)
(* the two contexts of MCWwMutex on two objects, stamps 0..2.              *)
(***************************************************************************)
EXTENDS MCWwMutex

\* One thread's local state; only what Inv says about a single thread is filtered here.
LocalStates(p) ==
    {r \in [pc : PcValues, idx : 1..(Len(LockOrder[p]) + 1), held : SUBSET Locks,
            contended : Locks \cup {NoLock}, stamp : 0..Cardinality(CtxProcs)] :
        /\ r.pc = "blocked" => r.idx <= Len(LockOrder[p])
        /\ (r.contended # NoLock) <=> (r.pc \in {"backoff", "slow"})
        /\ r.pc = "slow" => r.held = {}
        /\ p \in CtxProcs => ((r.pc = "init") <=> (r.stamp = 0))
        /\ p \in NullProcs => (r.stamp = 0 /\ r.pc \notin {"init", "backoff", "slow"})}

\* TypeOK over the bounded domain, built per thread so TLC enumerates few candidates.
IndDomain ==
    /\ \E g \in [Procs -> UNION {LocalStates(p) : p \in Procs}] :
          /\ \A p \in Procs : g[p] \in LocalStates(p)
          /\ pc = [p \in Procs |-> g[p].pc]
          /\ idx = [p \in Procs |-> g[p].idx]
          /\ held = [p \in Procs |-> g[p].held]
          /\ contended = [p \in Procs |-> g[p].contended]
          /\ stamp = [p \in Procs |-> g[p].stamp]
    /\ nextStamp \in 1..(Cardinality(CtxProcs) + 1)

IndInit == IndDomain /\ Inv

IndSpec == IndInit /\ [][Next]_vars

\* Expand only the initial states: one step of Next from every Inv state is the whole check.
OneStep == TLCGet("level") = 0
=============================================================================
