--------------------- MODULE MCDmaBufAttach_AttachWindow ---------------------
(* Reachability witness, not a bug: DmaBufAttach as is, with one extra    *)
(* invariant that claims the 6.2-6.14 attach window cannot be observed.   *)
(* dma_buf_dynamic_attach drops the resv between list_add and the pin +    *)
(* map of a static/dynamic mismatch ("attach_map"), so an eviction can     *)
(* lock the buffer and walk dmabuf->attachments in between: the static    *)
(* importer is listed, not yet pinned, so the move is allowed.  TLC must  *)
(* find that state, else the split models nothing.  The safety invariants *)
(* of DmaBufAttach_6_2 hold with the window.                              *)
(* Expected: AttachWindowUnobserved.                                       *)
EXTENDS MCDmaBufAttach

AttachWindowUnobserved ==
    \A a \in Importers : pc[a] = "attach_map" => expPc = "idle"
=============================================================================
