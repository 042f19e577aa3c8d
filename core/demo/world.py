"""What every step of the sample county's generation shares."""

from __future__ import annotations

import random
from dataclasses import dataclass

from core.demo import names, people
from core.policy import Policy, default_policy


@dataclass
class World:
    """The random source, the ID factory, the county and the month being generated."""

    seed: int
    rng: random.Random
    ids: people.IdFactory
    county_code: str
    county_name: str
    towns: tuple[tuple[str, str], ...]
    period: str
    policy: Policy
    clean: bool = False
    """A county with no planted problem (demo --clean)."""

    @classmethod
    def create(
        cls, seed: int, county_code: str, county_name: str, period: str, clean: bool = False
    ) -> World:
        """A world for a seed: every random draw of the county comes from it."""
        return cls(
            seed=seed,
            rng=random.Random(seed),
            ids=people.IdFactory(random.Random(seed + 1)),
            county_code=county_code,
            county_name=county_name,
            towns=names.COUNTY_TOWNS.get(county_code, names.GENERIC_TOWNS),
            period=period,
            policy=default_policy(),
            clean=clean,
        )

    @property
    def county(self) -> tuple[str, str]:
        """(code, name) of the county."""
        return self.county_code, self.county_name
