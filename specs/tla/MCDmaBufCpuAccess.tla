------------------------- MODULE MCDmaBufCpuAccess -------------------------
(* Small models of DmaBufCpuAccess: one buffer, one userspace mmap user    *)
(* and one kernel vmap user, two regions so an eviction always has         *)
(* somewhere to go.  Evictions are unbounded: the state space is finite.   *)
EXTENDS DmaBufCpuAccess

CONSTANTS b1, p1, k1, r1, r2

MCMmapUsers == {p1}
MCVmapUsers == {k1}
MCRegions   == {r1, r2}
=============================================================================
