------------------- MODULE MCDmaBufLifetime_B3ListDelAtRelease -------------------
(***************************************************************************)
(* Expected violation of ListedBufferHasLiveFile (B3).  Between            *)
(* 4ab59c3c638c (release moved to the dentry) and "dmabuf: fix             *)
(* use-after-free of dmabuf's file->f_inode" (5.11) the buffer left the    *)
(* global list only in dma_buf_release, at the dentry's release.  While a *)
(* path reference kept the dentry, the file was already freed but the      *)
(* buffer was still listed, and debugfs bufinfo read buf->file->f_inode.   *)
(* The fix takes the buffer off the list in dma_buf_file_release.          *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

\* __fput: the file's release leaves the list alone; dma_buf_release (if the dentry goes now) list_dels
FileReleaseKeepsListed ==
    /\ fileLive
    /\ fileRefs = 0
    /\ fileLive' = FALSE
    /\ IF dentryRefs = 0
         THEN ReleaseBuffer /\ onList' = FALSE
         ELSE KeepBuffer /\ UNCHANGED onList
    /\ UNCHANGED <<fdOpen, fileRefs, dentryRefs, impVars, pollCb, signalled, lockHeld, producerRef, wpc, wcb, rpc>>

\* the last path_put runs dma_buf_release, which list_dels
DnamePutReleasesListed(r) ==
    /\ rpc[r] = "path"
    /\ dentryRefs' = dentryRefs - 1
    /\ rpc' = [rpc EXCEPT ![r] = "done"]
    /\ IF dentryRefs = 1 /\ ~fileLive /\ bufLive
         THEN ReleaseBuffer /\ onList' = FALSE
         ELSE KeepBuffer /\ UNCHANGED onList
    /\ UNCHANGED <<fdOpen, fileRefs, fileLive, impVars, pollCb, signalled, lockHeld, producerRef, wpc, wcb>>
=============================================================================
