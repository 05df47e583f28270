---- MODULE Counter ----
\* Fixture: a bounded counter with a set and a record, for the output parser tests.
EXTENDS Naturals, Sequences, TLC
CONSTANTS Max, Procs
VARIABLES x, log, owner
vars == <<x, log, owner>>

Init == /\ x = 0
        /\ log = <<>>
        /\ owner = [p \in Procs |-> "idle"]

Incr == /\ x < Max
        /\ x' = x + 1
        /\ log' = Append(log, [step |-> x, who |-> {"a", "b"}])
        /\ UNCHANGED owner

Take(p) == /\ owner[p] = "idle"
           /\ owner' = [owner EXCEPT ![p] = "busy"]
           /\ UNCHANGED <<x, log>>

Next == Incr \/ \E p \in Procs : Take(p)
Spec == Init /\ [][Next]_vars

TypeOK == x \in 0..Max
Small == x < 2
InitBad == x > 0
====
