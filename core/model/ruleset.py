"""The version of the rule set, read by the rules and by every output that names it."""

from __future__ import annotations

RULESET_VERSION = "2026.3"
"""Bumped whenever a rule changes what it reports: the school and the county compare it."""
