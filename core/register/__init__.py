"""The case register: a SQLite file that keeps every pupil's case across months.

Empty for now. It will record each suspected or dropped-out pupil's case (opened, followed up,
returned, closed) so that the consolidation and the roll-up can tell a new case from a known
one. It is used by core.consolidate and core.rollup and uses neither; it may read core.model,
core.catalogue and core.policy.
"""
