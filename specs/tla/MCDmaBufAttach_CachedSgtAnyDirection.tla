---------------- MODULE MCDmaBufAttach_CachedSgtAnyDirection ----------------
(* Expected-violation model: DmaBufAttach with one mutated operator,       *)
(* checked by MCDmaBufAttach_CachedSgtAnyDirection.cfg.                    *)
EXTENDS MCDmaBufAttach

(* R11 (<= 6.14): dma_buf_map_attachment returns the cached attach->sgt   *)
(* for any direction ("Two mappings with different directions for the     *)
(* same attachment are not allowed" dropped).                              *)
(* Expected: CachedDirectionRespected.                                     *)
CoreMapNoEbusy(a) ==
    LET b == Buf(a) IN
    IF SgtCaching /\ cached[a] # NoDir
    THEN \E dir \in MapDirs(a) :
           /\ mapped'   = [mapped EXCEPT ![a] = TRUE]
           /\ mapDir'   = [mapDir EXCEPT ![a] = dir]
           /\ mapValid' = [mapValid EXCEPT ![a] = TRUE]
           /\ mapReady' = [mapReady EXCEPT ![a] = ~importerOps[a]]
           /\ UNCHANGED <<mapping, cached, corePin>>
    ELSE /\ importerOps[a] \/ KernelFencesSignalled(b)
         /\ \E dir \in MapDirs(a) :
              /\ mapping'  = [mapping EXCEPT ![a] = placement[b]]
              /\ mapped'   = [mapped EXCEPT ![a] = TRUE]
              /\ mapDir'   = [mapDir EXCEPT ![a] = dir]
              /\ cached'   = [cached EXCEPT ![a] =
                                IF SgtCaching /\ b \in CacheSgtExporters
                                THEN dir ELSE NoDir]
              /\ mapValid' = [mapValid EXCEPT ![a] = TRUE]
              /\ mapReady' = [mapReady EXCEPT ![a] = ~importerOps[a]]
              /\ corePin'  = [corePin EXCEPT ![a] = @ \/ PinOnMap(a)]
=============================================================================
