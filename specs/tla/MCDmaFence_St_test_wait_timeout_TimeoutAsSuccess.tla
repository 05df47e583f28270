---------- MODULE MCDmaFence_St_test_wait_timeout_TimeoutAsSuccess ----------
\* Shows that scenario test_wait_timeout can fail: with the mutated action of
\* MCDmaFence_TimeoutAsSuccess.tla (a timed-out wait reported as success)
\* the kernel test's expectation WaitTimeoutExpect is violated.
EXTENDS MCDmaFence_St, MCDmaFence_TimeoutAsSuccess
=============================================================================
