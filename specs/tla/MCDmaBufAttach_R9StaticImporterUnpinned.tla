-------------- MODULE MCDmaBufAttach_R9StaticImporterUnpinned ---------------
(* Expected-violation model: DmaBufAttach with one mutated operator,       *)
(* checked by MCDmaBufAttach_R9StaticImporterUnpinned.cfg and              *)
(* MCDmaBufAttach_R9StaticImporterUnpinned_Isolation.cfg.                  *)
EXTENDS MCDmaBufAttach

(* R9, the rejected patch (Fixes: bb42df4662a4): the core does not pin for *)
(* a static importer of a dynamic exporter ("Otherwise the DMA-buf would   *)
(* be able to move even when it has an attachment which can't handle       *)
(* that" - Christian Koenig).  Only CONFIG_DMABUF_MOVE_NOTIFY=n pins.      *)
(* Expected: StaticMappingPinned (and DeviceAccessIsolated in the          *)
(* _Isolation cfg: the static importer is never notified of the move).     *)
PinOnlyWithoutMoveNotify(a) == Buf(a) \in DynamicExporters /\ ~MoveNotify
=============================================================================
