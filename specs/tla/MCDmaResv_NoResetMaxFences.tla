----------------------------- MODULE MCDmaResv_NoResetMaxFences --------------
(***************************************************************************)
(* A kernel without CONFIG_DEBUG_MUTEXES: dma_resv_unlock does not call    *)
(* dma_resv_reset_max_fences, so spare slots survive unlock and a driver   *)
(* bug like B13 goes unnoticed until another task consumes the slots.      *)
(* Expected: invariant ReservationsForgottenAtUnlock.                      *)
(***************************************************************************)
EXTENDS MCDmaResv

NonDebugMaxFencesAtUnlock(t, m) == m
=============================================================================
