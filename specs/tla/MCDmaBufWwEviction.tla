------------------------- MODULE MCDmaBufWwEviction -------------------------
(***************************************************************************)
(* Models of DmaBufWwEviction.tla: two buffers, two importers whose maps   *)
(* evict each other's buffer, so their contexts lock the two reservation   *)
(* locks in opposite orders.  The fairness is the kernel's: runnable       *)
(* importer threads run (weak fairness on each thread as a whole) and      *)
(* fences signal (F1).                                                     *)
(***************************************************************************)
EXTENDS DmaBufWwEviction, TLC

CONSTANTS i1, i2, i3, b1, b2

\* i1 maps b1 and the exporter evicts b2 for it; i2 the other way round;
\* i3 (deep models) shares b1 with i1 and also evicts b2.
MCImporterBuf == [a \in Importers |-> IF a = i2 THEN b2 ELSE b1]
MCVictim == [a \in Importers |-> IF a = i2 THEN b1 ELSE b2]

\* Vacuity guards: -EDEADLK from map/pin, a real move, and -ERESTARTSYS happen.
NoEdeadlkEver == \A a \in Importers : pc[a] # "unwind"
NoMoveEver == \A b \in Buffers : gen[b] = 0
NoInterruptEver == interrupts = 0

ImporterRuns == \A a \in Importers : WF_vars(ImporterNext(a))
FenceFairness == \A b \in Buffers : WF_vars(DmaFenceSignalMove(b))
Fairness == ImporterRuns /\ FenceFairness

FairSpec == Spec /\ Fairness
=============================================================================
