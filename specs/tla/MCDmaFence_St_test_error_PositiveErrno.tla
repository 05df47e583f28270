---------- MODULE MCDmaFence_St_test_error_PositiveErrno ----------
\* Shows that scenario test_error can fail: with the mutated action of
\* MCDmaFence_PositiveErrno.tla (set_error with a positive errno)
\* the kernel test's expectation ErrorExpect is violated.
EXTENDS MCDmaFence_St, MCDmaFence_PositiveErrno
=============================================================================
