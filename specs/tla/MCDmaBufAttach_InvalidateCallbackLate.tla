--------------- MODULE MCDmaBufAttach_InvalidateCallbackLate ----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_InvalidateCallbackLate.cfg.                           *)
EXTENDS MCDmaBufAttach

(* Seed 000: "must be set before the attachment is created, otherwise you *)
(* race with your invalidate callback".  The importer calls               *)
(* dma_buf_attach() and sets attach->importer_ops only afterwards, so the *)
(* attachment is on the list looking static.  A map in that window takes  *)
(* a dma_buf_pin_on_map() pin (static-looking attachment); once the ops   *)
(* are set, unmap sees a dynamic attachment and never unpins: the pin     *)
(* leaks and the buffer can never be evicted again.  Expected: NoLeakedPin.*)
LateAttachListAdd(a) ==
    /\ holder[Buf(a)] = NoHolder
    /\ AttachListAddLocked(a, FALSE)

(* attach->importer_ops = &ops, some time after dma_buf_attach returned.  *)
RegisterImporterOps(a) ==
    /\ a \in DynamicImporters
    /\ a \in attachments[Buf(a)]
    /\ ~importerOps[a]
    /\ importerOps' = [importerOps EXCEPT ![a] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, attachments, pc, mapVars, job, pinVars,
                   storeVars, expVars>>

LateSpec == Init /\ [][Next \/ \E a \in Importers : RegisterImporterOps(a)]_vars
=============================================================================
