--------------- MODULE MCDmaBufAttach_ListWalkAttachUnlocked ----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_ListWalkAttachUnlocked.cfg.                           *)
EXTENDS MCDmaBufAttach

(* Seed 000: "the list walk above could go boom".  dma_buf_attach adds    *)
(* the node to dmabuf->attachments without dma_resv_lock while the        *)
(* exporter walks the list in dma_buf_move_notify (R1).                   *)
(* Expected: AttachmentListStableDuringWalk.                              *)
UnlockedAttachListAdd(a) == AttachListAddLocked(a, a \in DynamicImporters)
=============================================================================
