---------- MODULE MCDmaFence_St_test_late_add_callback_LateCallbackRuns ----------
\* Shows that scenario test_late_add_callback can fail: with the mutated action of
\* MCDmaFence_LateCallbackRuns.tla (add_callback calls a late callback)
\* the kernel test's expectation LateAddCallbackExpect is violated.
EXTENDS MCDmaFence_St, MCDmaFence_LateCallbackRuns
=============================================================================
