------------------ MODULE MCDmaBufWwEviction_StaticMapSkipsWait ------------------
(***************************************************************************)
(* Expected violation of StaticMapWaitedKernelFences: a core whose         *)
(* dma_buf_map_attachment returns a static importer's table without        *)
(* waiting for the KERNEL fences of the buffer (R6): the device may use    *)
(* memory a move is still copying.                                         *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

MapWithoutWait(a) ==
    /\ pc[a] = "placed"
    /\ call[a] = "map"
    /\ mapped' = [mapped EXCEPT ![a] = TRUE]
    /\ mapGen' = [mapGen EXCEPT ![a] = gen[Buf(a)]]
    /\ mapValid' = [mapValid EXCEPT ![a] = TRUE]
    /\ pc' = [pc EXCEPT ![a] = "unlock"]
    /\ call' = [call EXCEPT ![a] = "none"]
    /\ UNCHANGED <<lockVars, pinVars, bufVars, interrupts>>
=============================================================================
