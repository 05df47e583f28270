---------------------- MODULE MCDmaBufAttach_Ind_Seed002 ----------------------
(* Guard that the inductiveness check can fail: with the seed-002 importer *)
(* (move_notify neither stops the device nor adds a fence) IndInv is not   *)
(* inductive.  Expected: invariant IndInv.                                  *)
EXTENDS MCDmaBufAttach_Ind

IgnoringMoveNotify(a) == UNCHANGED <<mapValid, job>>
=============================================================================
