------------------- MODULE MCDmaBufIsolation_TouchUnguarded -------------------
(***************************************************************************)
(* Mutant: a device access that does not check that the region belongs to *)
(* a buffer the device is attached to (what an importer touching a freed   *)
(* or moved region through a stale page table does, seed 002's "leak      *)
(* between security domains").  Expected: invariant Isolation fails.      *)
(***************************************************************************)
EXTENDS MCDmaBufIsolation

TouchUnguarded(d, r) ==
    /\ lastAccess' = {<<d, r>>}
    /\ UNCHANGED <<owner, attached>>
=============================================================================
