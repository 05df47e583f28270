------------------------------ MODULE MCWwMutex_Ind ------------------------------
(***************************************************************************)
(* Inductive invariance of WwMutex!Inv (MutualExclusion and                *)
(* BackoffDiscipline with their strengthening), checked with TLC the       *)
(* standard way: every state of a bounded domain that satisfies Inv is an  *)
(* initial state, Next runs from each, and Inv must hold again.  Domain:   *)
(* the two contexts of MCWwMutex on two objects, stamps 0..2.              *)
(***************************************************************************)
EXTENDS MCWwMutex

\* TypeOK over the bounded domain.  Each variable is enumerated in turn and
\* the parts of Inv that only mention the variables chosen so far prune at
\* once (TLC evaluates the conjuncts left to right); Inv then filters the rest.
IndDomain ==
    /\ pc \in [Procs -> PcValues]
    /\ \A p \in NullProcs : pc[p] \notin {"init", "backoff", "slow"}
    /\ idx \in [Procs -> UNION {1..(Len(LockOrder[p]) + 1) : p \in Procs}]
    /\ IdxInRange
    /\ \A p \in Procs :
          /\ pc[p] = "init" => idx[p] = 1
          /\ pc[p] \in {"critical", "unlock", "done"} => idx[p] = Len(LockOrder[p]) + 1
          /\ pc[p] \in {"backoff", "slow"} => idx[p] <= Len(LockOrder[p])
    /\ held \in [Procs -> SUBSET Locks]
    /\ MutualExclusion
    /\ BackoffDiscipline
    /\ \A p \in Procs : pc[p] \in {"init", "done"} => held[p] = {}
    /\ contended \in [Procs -> Locks \cup {NoLock}]
    /\ ContendedOnlyInBackoff
    /\ stamp \in [Procs -> 0..Cardinality(CtxProcs)]
    /\ ProcKinds
    /\ nextStamp \in 1..(Cardinality(CtxProcs) + 1)

IndInit == IndDomain /\ Inv

IndSpec == IndInit /\ [][Next]_vars

\* Expand only the initial states: one step of Next from every Inv state is the whole check.
OneStep == TLCGet("level") = 0
=============================================================================
