---------------------------- MODULE APDmaBufLifetime ----------------------------
(***************************************************************************)
(* Apalache wrapper for DmaBufLifetime.tla: every constant and variable    *)
(* typed.  CInit binds the default-size instance (one importer, one        *)
(* waiter, one reader, kernel 6.2), e.g.                                   *)
(*   apalache-mc check --cinit=CInit --inv=SafetyInvariant --length=15 APDmaBufLifetime.tla *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    \* @type: Set(IMP);
    Importers,
    \* @type: Set(WAITER);
    Waiters,
    \* @type: Set(READER);
    Readers,
    \* @type: Str;
    Kernel,
    \* @type: Bool;
    ReleaseTakesFenceLock

VARIABLES
    \* @type: Bool;
    fdOpen,
    \* @type: Int;
    fileRefs,
    \* @type: Bool;
    fileLive,
    \* @type: Int;
    dentryRefs,
    \* @type: Bool;
    bufLive,
    \* @type: Bool;
    onList,
    \* @type: Set(IMP);
    attachments,
    \* @type: Int;
    pins,
    \* @type: IMP -> Str;
    ipc,
    \* @type: IMP -> Str;
    icb,
    \* @type: Str;
    pollCb,
    \* @type: Int;
    fenceRefs,
    \* @type: Bool;
    fenceLive,
    \* @type: Bool;
    signalled,
    \* @type: Bool;
    lockHeld,
    \* @type: Bool;
    producerRef,
    \* @type: Bool;
    resvRef,
    \* @type: WAITER -> Str;
    wpc,
    \* @type: WAITER -> Str;
    wcb,
    \* @type: READER -> Str;
    rpc,
    \* @type: Bool;
    releasedUnderLock

INSTANCE DmaBufLifetime

CInit ==
    /\ Importers = {"i1_OF_IMP"}
    /\ Waiters = {"w1_OF_WAITER"}
    /\ Readers = {"r1_OF_READER"}
    /\ Kernel = "6.2"
    /\ ReleaseTakesFenceLock = TRUE
=============================================================================
