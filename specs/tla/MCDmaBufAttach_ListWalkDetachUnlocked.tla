--------------- MODULE MCDmaBufAttach_ListWalkDetachUnlocked ----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_ListWalkDetachUnlocked.cfg.                           *)
EXTENDS MCDmaBufAttach

(* Seed 000: "the list walk above could go boom".  dma_buf_detach unlinks *)
(* and frees the node without dma_resv_lock while the exporter walks the  *)
(* list in dma_buf_move_notify (R1): the walker's cursor may be freed.    *)
(* Expected: AttachmentListStableDuringWalk.                              *)
UnlockedDetachListDel(a) == DetachListDelLocked(a)
=============================================================================
