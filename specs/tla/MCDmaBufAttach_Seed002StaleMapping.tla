----------------- MODULE MCDmaBufAttach_Seed002StaleMapping -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_Seed002StaleMapping.cfg and                           *)
(* MCDmaBufAttach_Seed002StaleMapping_Refinement.cfg.                      *)
EXTENDS MCDmaBufAttach

(* Seed 002: "move_notify needs to guarantee that all access stops, or we *)
(* have a huge leak between security domains".  The importer's            *)
(* move_notify neither stops its device nor adds a fence: the device      *)
(* keeps using the old mapping after the exporter reused the old storage. *)
(* Expected: DeviceAccessIsolated, and the refinement IsoSpec fails.      *)
IgnoringMoveNotify(a) == UNCHANGED <<mapValid, job>>
=============================================================================
