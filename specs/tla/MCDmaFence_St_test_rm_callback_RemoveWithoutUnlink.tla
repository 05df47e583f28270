---------- MODULE MCDmaFence_St_test_rm_callback_RemoveWithoutUnlink ----------
\* Shows that scenario test_rm_callback can fail: with the mutated action of
\* MCDmaFence_RemoveWithoutUnlink.tla (remove_callback leaves the node on cb_list)
\* the kernel test's expectation RmCallbackExpect is violated.
EXTENDS MCDmaFence_St, MCDmaFence_RemoveWithoutUnlink
=============================================================================
