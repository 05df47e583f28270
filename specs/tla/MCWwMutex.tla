------------------------------ MODULE MCWwMutex ------------------------------
(***************************************************************************)
(* Model of WwMutex.tla: contexts locking two objects in opposite orders   *)
(* (the case wait-die exists for) and a NULL-context thread that locks a   *)
(* single object or trylocks, the legal uses of a NULL context.  Weak      *)
(* fairness on every thread for the liveness properties.                   *)
(***************************************************************************)
EXTENDS WwMutex, TLC

CONSTANTS p1, p2, p3, n1, n2, n3, l1, l2, l3

\* p1 and p3 lock l1 then l2, p2 the other way round; n1 locks l2 alone;
\* n2 and n3 are NULL-context threads locking two objects (only the
\* expected-violation models use them).
MCLockOrder ==
    (p1 :> <<l1, l2>> @@ p2 :> <<l2, l1>> @@ p3 :> <<l1, l2>>
     @@ n1 :> <<l2>> @@ n2 :> <<l2, l1>> @@ n3 :> <<l1, l2>>)

\* Vacuity guard: -EDEADLK does happen in the model (MCWwMutex_DieReachable).
NoEdeadlkEver == \A p \in Procs : pc[p] # "backoff"

Fairness == \A p \in Procs : WF_vars(ProcNext(p))

FairSpec == Spec /\ Fairness
=============================================================================
