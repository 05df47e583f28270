------------------------- MODULE MCDmaBufLifetime_Ind -------------------------
(***************************************************************************)
(* Inductive invariance of IndInv, the strengthening of DmaBufLifetime's   *)
(* safety invariants (exact file and fence reference counts, no use after  *)
(* free, release with no attachment and no armed poll callback, pins       *)
(* matching pinners, no fence release under its own lock): every state of  *)
(* the bounded domain that satisfies IndInv steps by Next only to states   *)
(* that satisfy IndInv.  TLC enumerates all such initial states, so a pass *)
(* means IndInv /\ [Next]_vars => IndInv' for these constants.  Init =>   *)
(* IndInv is checked by the passing models, which list IndInv among their  *)
(* invariants; together: the safety invariants hold in every reachable     *)
(* state, whatever the depth.                                              *)
(*                                                                         *)
(* The domain is bounded by the constants alone: IndInv fixes every        *)
(* counter (fileRefs, dentryRefs, pins, fenceRefs) as a function of the    *)
(* other variables, so TypeOK's Nat and Int need no extra bound.          *)
(***************************************************************************)
EXTENDS DmaBufLifetime, TLC

(* IndInit is IndInv; the conjuncts are ordered so that TLC, which        *)
(* enumerates initial states conjunct by conjunct, prunes early and        *)
(* computes each counter from the variables it counts instead of           *)
(* enumerating it.  The final IndInv keeps IndInit equivalent to           *)
(* TypeOK /\ IndInv whatever the order above.                              *)
IndInit ==
    /\ ipc \in [Importers -> ImporterStates]
    /\ KernelStates
    /\ attachments = {i \in Importers : ipc[i] \in {"attaching", "attached", "mapping", "mapped"}}
    /\ pins = Cardinality({i \in Importers : Pinned(i)})
    /\ signalled \in BOOLEAN
    /\ lockHeld \in BOOLEAN
    /\ lockHeld => signalled
    /\ icb \in [Importers -> CbStates]
    /\ pollCb \in {"none", "armed", "taken"}
    /\ wpc \in [Waiters -> WaiterStates]
    /\ wcb \in [Waiters -> CbStates]
    /\ CallbackStatesConsistent
    /\ rpc \in [Readers -> ReaderStates]
    /\ dentryRefs = Cardinality({r \in Readers : rpc[r] = "path"})
    /\ fdOpen \in BOOLEAN
    /\ fileLive \in BOOLEAN
    /\ onList = fileLive
    /\ bufLive \in BOOLEAN
    /\ BufferOutlivesFile
    /\ BufferHeldOnlyByPaths
    /\ fileRefs = IF fileLive THEN FileHolders ELSE 0
    /\ producerRef \in BOOLEAN
    /\ resvRef \in BOOLEAN
    /\ ResvTableHoldsFence
    /\ fenceLive \in BOOLEAN
    /\ fenceRefs = IF fenceLive THEN FenceHolders ELSE 0
    /\ releasedUnderLock = FALSE
    /\ TypeOK
    /\ IndInv

IndSpec == IndInit /\ [][Next]_vars

\* Only the initial states' successors matter for IndInv /\ Next => IndInv'.
OneStep == TLCGet("level") = 0
=============================================================================
