------------------- MODULE MCDmaBufLifetime_PutBeforeDetach -------------------
(***************************************************************************)
(* Expected violation of ReleaseWithNoAttachments (R18).  An importer that *)
(* drops its buffer reference before dma_buf_detach (the reverse of        *)
(* drm_prime_gem_destroy's unmap, detach, put): when that was the last     *)
(* reference dma_buf_release WARNs on the attachment left on the list and  *)
(* frees a buffer the attachment still points to.                          *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

PutWhileAttached(i) ==
    /\ ipc[i] \in {"ref", "attached", "detached"}
    /\ fileRefs' = fileRefs - 1
    /\ ipc' = [ipc EXCEPT ![i] = "done"]
    /\ UNCHANGED <<fdOpen, fileLive, dentryRefs, bufLive, onList, attachments, pins, icb, pollCb, fenceVars, wpc, wcb, rpc>>
=============================================================================
