---- MODULE DeadAction ----
\* Fixture for coverage: Reset's guard can never hold, so Reset is never taken.
EXTENDS Naturals
CONSTANTS Max
VARIABLES x, done
vars == <<x, done>>

Init == x = 0 /\ done = FALSE

Step(n) == /\ x + n <= Max
           /\ x' = x + n
           /\ UNCHANGED done

Finish == /\ x = Max
          /\ ~done
          /\ done' = TRUE
          /\ UNCHANGED x

Reset == /\ x > Max
         /\ x' = 0
         /\ UNCHANGED done

Next == Step(1) \/ Step(2) \/ Finish \/ Reset \/ (done /\ UNCHANGED vars)
Spec == Init /\ [][Next]_vars

TypeOK == x \in 0..Max /\ done \in BOOLEAN
====
