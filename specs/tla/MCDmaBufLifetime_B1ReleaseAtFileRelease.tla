------------------- MODULE MCDmaBufLifetime_B1ReleaseAtFileRelease -------------------
(***************************************************************************)
(* Expected violation of DnameSeesLiveBuffer (B1).  Before 4ab59c3c638c    *)
(* "dma-buf: Move dma_buf_release() from fops to dentry_ops" the buffer    *)
(* was freed by the file's release, at the last file reference, while a    *)
(* /proc/<pid>/fd reader could still hold the dentry and call              *)
(* dmabuffs_dname, which reads dentry->d_fsdata: the freed dma_buf.        *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

\* dma_buf_release as the file's release (fops->release): list_del, ops->release, free,
\* whatever path references the dentry still has
FileReleaseFreesBuffer ==
    /\ fileLive
    /\ fileRefs = 0
    /\ fileLive' = FALSE
    /\ onList' = FALSE
    /\ ReleaseBuffer
    /\ UNCHANGED <<fdOpen, fileRefs, dentryRefs, impVars, pollCb, signalled, lockHeld,
                   producerRef, wpc, wcb, rpc>>
=============================================================================
