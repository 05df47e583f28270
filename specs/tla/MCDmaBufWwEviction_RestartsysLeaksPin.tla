----------------- MODULE MCDmaBufWwEviction_RestartsysLeaksPin -----------------
(***************************************************************************)
(* Expected violation of NoLeakedPin: dma_buf_map_attachment's             *)
(* -ERESTARTSYS path unmaps but forgets error_unpin, so the pin            *)
(* dma_buf_pin_on_map took outlives the failed map (R9): the buffer can    *)
(* never be evicted again.                                                 *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

InterruptedKeepsPin(a) ==
    /\ pc[a] = "fence_wait"
    /\ interrupts < MaxInterrupts
    /\ interrupts' = interrupts + 1
    /\ mapped' = [mapped EXCEPT ![a] = FALSE]
    /\ mapValid' = [mapValid EXCEPT ![a] = FALSE]
    /\ call' = [call EXCEPT ![a] = "none"]
    /\ pc' = [pc EXCEPT ![a] = "intr_unlock"]
    /\ UNCHANGED <<lockVars, pinVars, mapGen, bufVars>>
=============================================================================
