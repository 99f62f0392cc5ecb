"""The venue-scheduling engine: the exchange format, the optimiser and the checker.

Pure: it imports nothing from Django and nothing from Parley outside this package (a test
imports every module where importing Django fails). It reads and writes plain data in the
exchange format (docs/schedule-format.md); the Django side (parley/scheduling/exchange.py,
tasks.py, ...) adapts the database to it.

    instance.py    read and check an instance into dataclasses
    occupancy.py   what each meeting could do alone; the running tally of a schedule
    greedy.py      fast constructive schedules (the warm starts, first-come-first-served)
    ejection.py    local search: put a meeting in, move what blocks it
    lns.py         large-neighbourhood search over CP-SAT sub-models
    subproblem.py  the CP-SAT model of some free meetings around the fixed rest
    bound.py       a proven upper bound on the score (LP relaxation, in a child process)
    solver.py      `solve`: the stages above within one time limit
    checker.py     every hard rule of a solution, and why a meeting was left out
    format.py      the format's names, rule numbers and solution document
    generate.py    seeded instance generators, for the tests and the benchmark
"""
