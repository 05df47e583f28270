------------------------ MODULE MCDmaBufDeviceAccess ------------------------
(***************************************************************************)
(* Small models of DmaBufDeviceAccess.  Default tier: one buffer, two      *)
(* dynamic importers d1, d2 with one mapping slot each (so move_notify     *)
(* walks two dynamic attachments), or one importer with two mapping slots  *)
(* (an old mapping held beside a new one: zapped in 6.15, kept for reads   *)
(* by a 7.1 read-and-discard importer), one job slot per importer, one     *)
(* exporter thread, two regions so an eviction always has somewhere to go. *)
(* The cfg files pick KernelBehaviour and which importer is static or      *)
(* read-and-discard.                                                       *)
(* Evictions are unbounded: the state space is finite without a counter.   *)
(* The deep models (MCDmaBufDeviceAccessDeep) add buffers, importers,      *)
(* mapping and job slots and a second exporter thread.                     *)
(***************************************************************************)
EXTENDS DmaBufDeviceAccess

CONSTANTS b1, d1, d2, s1, m1, m2, j1, r1, r2, e1

MCBuffers   == {b1}
MCDynPair   == {d1, d2}           \* two dynamic importers
MCMixedPair == {s1, d1}           \* a static and a dynamic importer
MCImporterBufDyn   == [a \in MCDynPair |-> b1]
MCImporterBufMixed == [a \in MCMixedPair |-> b1]
MCDynD1     == {d1}
MCNoImporters == {}
MCReadAndDiscardD2 == {d2}
MCReadAndDiscardD1 == {d1}
MCRegions   == {r1, r2}
MCInitPlacement == [b \in MCBuffers |-> r1]
MCSlots     == {m1, m2}
MCSlot1     == {m1}
MCDynOne    == {d1}
MCImporterBufOne == [a \in MCDynOne |-> b1]
MCJobSlots  == {j1}
MCBidir     == {"BIDIRECTIONAL"}
MCAllDirs   == Dirs
MCExporters == {e1}

(* NOTE: no SYMMETRY in these models: StateGraphEqualityTest compares     *)
(* TLC's full state graph with the Java relation's, state for state.       *)
=============================================================================
