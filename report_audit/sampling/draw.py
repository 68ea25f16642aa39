"""Drawing the sample: simple or stratified random sampling without replacement.

Selection by random-number order: every universe item, in frame order, gets one uniform
random number in [0, 1) from ``numpy.random.Generator(PCG64(seed))``; within each
stratum the items with the ``n_h`` smallest numbers are the sample, and an item's
``order`` is its rank by random number inside its stratum (1 = smallest). This is a
simple random sample without replacement of each stratum, and the same universe file
and seed give the same numbers, so the same sample. The stream is numpy's, not
RAT-STATS' (Wichmann-Hill): a seed does not reproduce a RAT-STATS draw.

Allocation of ``n`` over strata:

- ``proportional``: n_h = n N_h / N, rounded by largest remainder (ties: larger stratum,
  then name);
- ``equal``: n // H each, capped at N_h; what is left goes one by one to the strata
  with room, largest first (ties by name);

then every stratum is brought up to a minimum of min(N_h, 2) items — two, so that its
dollar variance can be estimated — or of one item when n is too small for that, each
item taken from the stratum furthest above its proportional quota.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Dict, List, Mapping, Optional, Tuple

import numpy as np

from .sizes import AttributeSampleSize
from .universe import Universe, UniverseItem

ALLOCATIONS = ("proportional", "equal")


@dataclass(frozen=True)
class StratumPlan:
    name: str
    universe_size: Optional[int]  # None when a results file comes without its sample file
    sample_size: int
    book_total: Optional[float]  # sum of the stratum's book amounts, when every item has one

    def to_dict(self) -> dict:
        return {"name": self.name, "universe_size": self.universe_size,
                "sample_size": self.sample_size, "book_total": self.book_total}


@dataclass(frozen=True)
class SampledItem:
    order: int  # rank by random number inside the stratum, from 1
    random_number: float
    stratum: str
    item: UniverseItem


@dataclass(frozen=True)
class Sample:
    universe: Universe
    seed: int
    strata_column: Optional[str]  # the universe column that defines the strata
    allocation: Optional[str]  # None for an unstratified sample
    strata: Tuple[StratumPlan, ...]
    items: Tuple[SampledItem, ...]  # by stratum name, then order
    sizes: Optional[AttributeSampleSize]  # the design the size came from, if any

    @property
    def size(self) -> int:
        return len(self.items)

    @property
    def method(self) -> str:
        kind = "stratified" if self.strata_column else "simple"
        return f"{kind} random sampling without replacement"


def allocate(strata_sizes: Mapping[str, int], n: int, allocation: str = "proportional") -> Dict[str, int]:
    """Sample size per stratum, summing to ``n``; raises ``ValueError`` when impossible."""
    if allocation not in ALLOCATIONS:
        raise ValueError(f"allocation must be one of {', '.join(ALLOCATIONS)}, not {allocation!r}")
    names = sorted(strata_sizes)
    total = sum(strata_sizes.values())
    if n < 1:
        raise ValueError("the sample size must be at least 1")
    if n > total:
        raise ValueError(f"sample size {n} is larger than the universe ({total} items)")
    if len(names) > 1 and n < len(names):
        raise ValueError(f"sample size {n} is smaller than the number of strata ({len(names)}); every stratum needs an item")
    quota = {h: Fraction(n * strata_sizes[h], total) for h in names}
    if allocation == "proportional":
        alloc = {h: floor(quota[h]) for h in names}
        by_remainder = sorted(names, key=lambda h: (-(quota[h] - alloc[h]), -strata_sizes[h], h))
        for h in by_remainder[: n - sum(alloc.values())]:
            alloc[h] += 1
    else:
        alloc = {h: 0 for h in names}
        remaining = n
        while remaining:
            room = [h for h in names if alloc[h] < strata_sizes[h]]
            share = remaining // len(room)
            if share == 0:
                for h in sorted(room, key=lambda h: (-strata_sizes[h], h))[:remaining]:
                    alloc[h] += 1
                break
            for h in room:
                add = min(share, strata_sizes[h] - alloc[h])
                alloc[h] += add
                remaining -= add
    if len(names) > 1:
        floor_of = {h: min(strata_sizes[h], 2) for h in names}
        if n < sum(floor_of.values()):
            floor_of = {h: 1 for h in names}
        for h in names:
            while alloc[h] < floor_of[h]:
                donor = max((g for g in names if alloc[g] > floor_of[g]), key=lambda g: (alloc[g] - quota[g], alloc[g], g))
                alloc[donor] -= 1
                alloc[h] += 1
    return alloc


def draw_sample(universe: Universe, size: Optional[int], seed: int, strata_column: Optional[str] = None,
                allocation: str = "proportional", sizes: Optional[AttributeSampleSize] = None) -> Sample:
    """Draw ``size`` items (``sizes.exact`` when ``size`` is None) from ``universe``."""
    if size is None:
        if sizes is None:
            raise ValueError("give a sample size or a sample-size design")
        size = sizes.exact
    if seed < 0:
        raise ValueError("the seed must be a non-negative integer")
    column = universe.resolve_column(strata_column) if strata_column else None
    labels = universe.strata_values(column)
    members: Dict[str, List[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(label, []).append(index)
    alloc = allocate({h: len(ix) for h, ix in members.items()}, size, allocation if column else "proportional")

    numbers = np.random.Generator(np.random.PCG64(seed)).random(universe.size)
    plans: List[StratumPlan] = []
    picked: List[SampledItem] = []
    for name in sorted(members):
        indices = members[name]
        amounts = [universe.items[i].amount for i in indices]
        book_total = round(sum(amounts), 2) if all(a is not None for a in amounts) else None
        plans.append(StratumPlan(name, len(indices), alloc[name], book_total))
        ranked = sorted(indices, key=lambda i: (numbers[i], i))
        for order, index in enumerate(ranked[: alloc[name]], start=1):
            picked.append(SampledItem(order, float(numbers[index]), name, universe.items[index]))
    return Sample(
        universe=universe,
        seed=seed,
        strata_column=column,
        allocation=allocation if column else None,
        strata=tuple(plans),
        items=tuple(picked),
        sizes=sizes,
    )
