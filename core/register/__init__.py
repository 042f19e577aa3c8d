"""The case register: a SQLite file that keeps every pupil's case across months.

It records each month's ledgers as append-only events (roster observations, case observations,
劝返 attempts, decisions) and derives from them the cases (opened, followed up, returned, closed)
so that the consolidation can tell a new case from a known one and report what changed month
over month. It is used by core.consolidate and core.rollup and uses neither; it may read
core.model, core.catalogue and core.policy. docs/register.md describes the file.
"""

from core.register.observe import Month
from core.register.record import Outcome, record_month
from core.register.schema import RegisterBusyError, RegisterError, open_register

__all__ = [
    "Month",
    "Outcome",
    "RegisterBusyError",
    "RegisterError",
    "open_register",
    "record_month",
]
