------------------------------ MODULE MCDmaFence_St ------------------------------
(***************************************************************************)
(* The kernel's own dma_fence selftests (drivers/dma-buf/st-dma-fence.c,   *)
(* KUnit suite dma-buf-fence) as scenario models.                          *)
(* Each scenario is the test's fixed sequence of calls as its Next (one    *)
(* call per step, counted by `step`), plus the signaller's callback loop.  *)
(* The test thread makes its next call only when no signaller holds a      *)
(* fence lock (dma_fence_signal returns after the callbacks ran).  `ret`   *)
(* records the return value of the last call, read from what the action   *)
(* did (its Result below, over the step's primed variables), never         *)
(* recomputed from the state before the call: a mutant action that        *)
(* returns the wrong value then fails the scenario.  <Test>Expect asserts  *)
(* what the kernel test asserts; the cfgs keep deadlock checking on, so a  *)
(* scenario that cannot run to its end is reported as a deadlock.          *)
(***************************************************************************)
EXTENDS MCDmaFence

VARIABLES step, ret

allvars == <<vars, step, ret>>

Quiet == \A f \in Fences : running[f] = <<>>

\* The signaller's callback loop, inside the test's dma_fence_signal call.
Background == \E f \in Fences : DmaFenceRunCallback(f) /\ UNCHANGED <<step, ret>>

\* Test call number k: op happens when no fence lock is held; r is its return value.
Call(k, op, r) == step = k /\ Quiet /\ op /\ step' = k + 1 /\ ret' = r

\* The last call returned and all callbacks ran: the test is over (no deadlock).
Finished(n) == step = n /\ Quiet /\ UNCHANGED allvars

\* Both waiters of the wait tests wait on f1.
StWaiterFence == [w \in Waiters |-> f1]
ZeroTimeouts == [w \in Waiters |-> "zero"]
FiniteTimeouts == [w \in Waiters |-> "finite"]

StInit == Init /\ step = 0 /\ ret = 0

\* What each call returned, read from the step the action took.
\* dma_fence_signal(): 0 if this call set SIGNALED (test_and_set_bit found it
\* clear), else -EINVAL.
SignalResult(f) == IF fstate[f] # "signaled" /\ fstate'[f] = "signaled" THEN 0 ELSE EINVAL
\* dma_fence_add_callback(): cbStatus is what its caller saw: "enoent" is
\* -ENOENT, anything else 0.
AddCbResult(c) == IF cbStatus'[c] = "enoent" THEN ENOENT ELSE 0
\* dma_fence_remove_callback(): true (1) iff this call removed the callback.
RmCbResult(c) == IF cbStatus[c] # "removed" /\ cbStatus'[c] = "removed" THEN 1 ELSE 0

\* dma_fence_signal() as the test calls it: first time 0, then -EINVAL.
Signal(f, k) ==
    Call(k, DmaFenceSignal(f) \/ DmaFenceSignalAgain(f), SignalResult(f))

\* dma_fence_add_callback(): 0 or -ENOENT.
AddCb(c, k) == Call(k, DmaFenceAddCallback(c), AddCbResult(c))

\* dma_fence_remove_callback(): true (1) if the callback was still pending, else false (0).
\* A false return changes nothing in the fence (the spec leaves that stutter out).
RmCb(c, k) ==
    Call(k, DmaFenceRemoveCallback(c) \/ (~DmaFenceRemoveCallbackReturn(c) /\ UNCHANGED vars),
         RmCbResult(c))

-----------------------------------------------------------------------------
(* sanitycheck: create, enable sw signalling, signal, put.                 *)
SanityNext ==
    \/ Call(0, DmaFenceEnableSwSignaling(f1), 0)
    \/ Signal(f1, 1)
    \/ Call(2, DmaFenceRelease(f1), 0)
    \/ Background \/ Finished(3)
SanitySpec == StInit /\ [][SanityNext]_allvars
SanityExpect ==
    step = 3 => (Signaled(f1) /\ released[f1] /\ DmaFenceGetStatus(f1) = 1)

(* test_signaling: not signalled on creation; the first signal returns 0   *)
(* and signals; the second reports "already signalled" (-EINVAL).          *)
SignalingNext == Signal(f1, 0) \/ Signal(f1, 1) \/ Background \/ Finished(2)
SignalingSpec == StInit /\ [][SignalingNext]_allvars
SignalingExpect ==
    /\ step = 0 => ~Signaled(f1)
    /\ step = 1 => (ret = 0 /\ Signaled(f1))
    /\ step = 2 => (ret = EINVAL /\ Signaled(f1))

(* test_add_callback: a callback added before the signal runs on signal.   *)
AddCallbackNext == AddCb(c1, 0) \/ Signal(f1, 1) \/ Background \/ Finished(2)
AddCallbackSpec == StInit /\ [][AddCallbackNext]_allvars
AddCallbackExpect ==
    /\ step = 1 => (ret = 0 /\ cbStatus[c1] = "pending")
    /\ (step = 2 /\ Quiet) => ran[f1] = <<c1>>

(* test_late_add_callback: after the signal add_callback fails with        *)
(* -ENOENT and the callback never runs, even if signalled again.           *)
LateAddCallbackNext ==
    Signal(f1, 0) \/ AddCb(c1, 1) \/ Signal(f1, 2) \/ Background \/ Finished(3)
LateAddCallbackSpec == StInit /\ [][LateAddCallbackNext]_allvars
LateAddCallbackExpect ==
    /\ step = 2 => ret = ENOENT
    /\ step >= 2 => ~InSeq(c1, ran[f1])

(* test_rm_callback: a removed callback does not run on signal.            *)
RmCallbackNext ==
    AddCb(c1, 0) \/ RmCb(c1, 1) \/ Signal(f1, 2) \/ Background \/ Finished(3)
RmCallbackSpec == StInit /\ [][RmCallbackNext]_allvars
RmCallbackExpect ==
    /\ step = 2 => ret = 1
    /\ step = 3 => ~InSeq(c1, ran[f1])

(* test_late_rm_callback: remove_callback after the callback ran returns   *)
(* false.                                                                  *)
LateRmCallbackNext ==
    AddCb(c1, 0) \/ Signal(f1, 1) \/ RmCb(c1, 2) \/ Background \/ Finished(3)
LateRmCallbackSpec == StInit /\ [][LateRmCallbackNext]_allvars
LateRmCallbackExpect ==
    step = 3 => (ret = 0 /\ ran[f1] = <<c1>>)

(* test_status: dma_fence_get_status is 0 before and non-zero after the    *)
(* signal.                                                                 *)
StatusNext == Signal(f1, 0) \/ Background \/ Finished(1)
StatusSpec == StInit /\ [][StatusNext]_allvars
StatusExpect ==
    /\ step = 0 => DmaFenceGetStatus(f1) = 0
    /\ step = 1 => DmaFenceGetStatus(f1) # 0

(* test_error: set_error(-EIO) before the signal: status stays 0 until     *)
(* signalled, then it is -EIO.                                             *)
ErrorNext ==
    \/ Call(0, DmaFenceSetError(f1, -5), 0)
    \/ Signal(f1, 1) \/ Background \/ Finished(2)
ErrorSpec == StInit /\ [][ErrorNext]_allvars
ErrorExpect ==
    /\ step = 1 => DmaFenceGetStatus(f1) = 0
    /\ step = 2 => DmaFenceGetStatus(f1) = -5

(* test_wait: wait_timeout(f, 0) times out (-ETIME) before the signal and  *)
(* succeeds after it; w1 and w2 are the two zero-timeout calls.            *)
WaitNext ==
    \/ Call(0, DmaFenceWaitTimeout(w1), 0)
    \/ Signal(f1, 1)
    \/ Call(2, DmaFenceWaitTimeout(w2), 0)
    \/ Background \/ Finished(3)
WaitSpec == StInit /\ [][WaitNext]_allvars
WaitExpect ==
    /\ step >= 1 => wstate[w1] = "timedout"
    /\ step = 3 => wstate[w2] = "signaled"

(* test_wait_timeout: a 1-jiffy wait times out; then a timer signals the   *)
(* fence while w2 sleeps with a 2-jiffy timeout, which therefore returns   *)
(* before its timeout.                                                     *)
WaitTimeoutNext ==
    \/ Call(0, DmaFenceWaitTimeout(w1), 0)
    \/ Call(1, DmaFenceWaitTimeoutExpire(w1), 0)
    \/ Call(2, DmaFenceWaitTimeout(w2), 0)
    \/ Signal(f1, 3)
    \/ Call(4, DmaFenceWaitWake(w2), 0)
    \/ Background \/ Finished(5)
WaitTimeoutSpec == StInit /\ [][WaitTimeoutNext]_allvars
WaitTimeoutExpect ==
    /\ step >= 2 => wstate[w1] = "timedout"
    /\ step = 5 => wstate[w2] = "signaled"

(* test_stub: every dma_fence_get_stub() fence is signalled.  The stub is  *)
(* initialised and signalled under dma_fence_stub_lock on first use.       *)
StubNext == Signal(f1, 0) \/ Signal(f2, 1) \/ Background \/ Finished(2)
StubSpec == StInit /\ [][StubNext]_allvars
StubExpect == step = 2 => \A f \in Fences : Signaled(f) /\ DmaFenceGetStatus(f) = 1
=============================================================================
