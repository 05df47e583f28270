---------------------------- MODULE MCDmaBufLifetime ----------------------------
(***************************************************************************)
(* Model-checking wrapper for DmaBufLifetime.tla.  The constants are       *)
(* small sets of model values and plain values, bound in the cfg files:    *)
(*   MCDmaBufLifetime_6_2.cfg   <= 6.14: pin and map at attach             *)
(*   MCDmaBufLifetime_6_15.cfg  6.15+: pin around each map                 *)
(*   MCDmaBufLifetimeDeep_*.cfg two importers, two waiters, two readers    *)
(* Each expected-violation model is MCDmaBufLifetime_<What>.tla/.cfg with  *)
(* one kernel behaviour mutated (docs/rules.md names the bug).             *)
(* Every model stops once everything is released: CHECK_DEADLOCK FALSE.   *)
(***************************************************************************)
EXTENDS DmaBufLifetime
=============================================================================
