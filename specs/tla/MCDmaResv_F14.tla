----------------------------- MODULE MCDmaResv_F14 ---------------------------
(***************************************************************************)
(* F14: container fences must not be added to a reservation object.  The  *)
(* 6.1 IMPORT_SYNC_FILE added the sync_file's fence as-is; importing a    *)
(* fence array exported from a dma-buf then puts a container in the       *)
(* table.  Expected: invariant TypeOK (table entries are plain fences).    *)
(***************************************************************************)
EXTENDS MCDmaResv

ContainerAddComponents(t, comps, u) ==
    IF Cardinality(comps) = 1
    THEN {TableAfterAdd(t, c, u) : c \in comps}
    ELSE {Append(t, [fence |-> comps, usage |-> u])}
=============================================================================
