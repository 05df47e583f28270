------------ MODULE MCDmaBufAttach_B24ImporterIgnoresInvalidate -------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_B24ImporterIgnoresInvalidate.cfg.                     *)
EXTENDS MCDmaBufAttach

(* B24 (dmabuf-revoke series, 7.1): a pinned-style importer such as RDMA   *)
(* umem that does not honour invalidate_mappings and keeps its mapping     *)
(* until it is done with the buffer: the exporter's wait for the unmap is  *)
(* unbounded (what dma_buf_attach_revocable() lets exporters refuse).      *)
(* Expected: property EvictionCompletes.                                   *)
UnmapOnlyWhenValid(a) ==
    /\ pc[a] = "locked"
    /\ mapped[a]
    /\ mapValid[a]
    /\ ~job[a]
    /\ CoreUnmap(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, job, importerPin, storeVars, expVars>>
=============================================================================
