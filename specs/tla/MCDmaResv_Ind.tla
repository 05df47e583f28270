----------------------------- MODULE MCDmaResv_Ind -----------------------------
(***************************************************************************)
(* Inductive invariant for slot accounting (F13): SlotInv holds in every   *)
(* state of a bounded domain where it holds, and one step of Next (driver  *)
(* lock / reserve / add / unlock, IMPORT_SYNC_FILE, vgem attach, fence     *)
(* signalling) preserves it.  IndInit = bounded TypeOK /\ SlotInv;         *)
(* IndConstraint stops the search after that one step.                     *)
(*                                                                         *)
(* Why it is inductive: a driver's reserved-but-unspent slots are backed   *)
(* by free slots (CreditsBacked); an add spends one or re-adds a fence     *)
(* whose own slot matches (no append); reserve re-establishes num + n <=   *)
(* max; unlock forgets the rest.                                           *)
(***************************************************************************)
EXTENDS MCDmaResv

LockedStates == {"locked", "wait_locked"}

\* Reserved, unspent slots of the holder are free slots of the table.
CreditsBacked ==
    \A p \in Procs :
        IF pc[p] \in LockedStates
        THEN Len(table[resvOf[p]]) + credits[p] <= maxFences[resvOf[p]]
        ELSE credits[p] = 0

\* The holder of a lock is a task in the locked section of that object.
HolderIsLocked ==
    \A r \in Resvs :
        holder[r] /= NoProc => pc[holder[r]] \in LockedStates /\ resvOf[holder[r]] = r

SlotInv ==
    /\ SlotAccounting
    /\ ReservationsForgottenAtUnlock
    /\ LockHeldByItsUser
    /\ HolderIsLocked
    /\ CreditsBacked

\* The bounded domain: tables of up to two entries, max_fences up to 3;
\* ghosts no slot update reads start empty, no sync_file or poll state
\* (the driver, import and vgem actions do not touch them).
IndTables == UNION {[1 .. n -> [fence : Fences, usage : AddUsages]] : n \in 0 .. 2}

IndInit ==
    /\ signalled \in [Fences -> BOOLEAN]
    /\ holder \in [Resvs -> Procs \cup {NoProc}]
    /\ table \in [Resvs -> IndTables]
    /\ maxFences \in [Resvs -> 0 .. 3]
    /\ pollCb = [r \in Resvs |-> [d \in PollDirs |-> NoFence]]
    /\ pc \in [Procs -> {"idle", "locked", "wait_locked"}]
    /\ resvOf \in [Procs -> Resvs \cup {NoResv}]
    /\ query \in [Procs -> {NoUsage, WRITE, READ}]
    /\ credits \in [Procs -> 0 .. MaxReserve]
    /\ mustWait = [p \in Procs |-> {}]
    /\ everAdded = [r \in Resvs |-> [f \in Fences |-> NoUsage]]
    /\ syncFiles = <<>>
    /\ TypeOK
    /\ SlotInv

IndSpec == IndInit /\ [][Next]_vars

\* Userspace actions that touch the table: IMPORT_SYNC_FILE and vgem.
MCSlotUserNext ==
    \/ \E r \in Resvs, s \in ImportSources, w \in BOOLEAN : DmaBufImportSyncFile(r, s, w)
    \/ \E r \in Resvs, f \in VgemFences, w \in BOOLEAN : VgemFenceAttach(r, f, w)

\* One step from IndInit, then stop (TLCGet("level") is 0 in initial states
\* with this TLC).
IndConstraint == TLCGet("level") < 1
=============================================================================
