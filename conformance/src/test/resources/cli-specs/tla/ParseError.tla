---- MODULE ParseError ----
\* Fixture: a deliberate syntax error on line 6.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x + + 1
====
