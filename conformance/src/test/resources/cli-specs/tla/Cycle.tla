---- MODULE Cycle ----
\* Fixture: a two-state cycle that never reaches Done, for a lasso counterexample.
EXTENDS Naturals
VARIABLES pc, n
vars == <<pc, n>>
Init == pc = "a" /\ n = 0
Step == \/ pc = "a" /\ pc' = "b" /\ n' = 1
        \/ pc = "b" /\ pc' = "a" /\ n' = 1
Spec == Init /\ [][Step]_vars /\ WF_vars(Step)
ReachesDone == <>(pc = "done")
====
