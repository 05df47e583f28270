------------------- MODULE MCDmaBufCpuAccess_MoveWithoutZap -------------------
(* Expected-violation model: DmaBufCpuAccess with one mutated operator.    *)
(* Check: MCDmaBufCpuAccess_MoveWithoutZap.cfg (invariant) and             *)
(* MCDmaBufCpuAccess_MoveWithoutZap_Refinement.cfg (property).             *)
EXTENDS MCDmaBufCpuAccess

(* The exporter moves an mmap'ed buffer without ttm_bo_unmap_virtual      *)
(* (R21): the user's PTE still maps the old storage, which the move gave  *)
(* back to the allocator, and the next load or store goes there.          *)
(* Expected: CpuAccessIsolated, and the refinement IsoSpec fails.         *)
NoZap == TRUE
=============================================================================
