"""Audit preparation: draw a reproducible random sample of claims and project the
audited sample's errors onto the whole universe, the way the OIG's RAT-STATS does.

- ``universe``: read the sampling frame (claims CSV, batch manifest, batch result store);
- ``sizes``: attribute sample sizes (normal approximation and exact);
- ``draw``: allocation over strata and the seeded draw;
- ``sample_file``: the sample file (``# key: value`` header + CSV) and reading it back;
- ``results``: the audited sample (result store or review-decision CSV);
- ``estimate``: attribute and variable appraisal;
- ``intervals``: exact binomial and hypergeometric limits (scipy).
"""
from .draw import allocate, draw_sample
from .estimate import appraise
from .results import load_results
from .sample_file import read_sample, render_sample, write_sample
from .sizes import attribute_sample_size
from .universe import load_universe

__all__ = [
    "allocate", "appraise", "attribute_sample_size", "draw_sample", "load_results", "load_universe",
    "read_sample", "render_sample", "write_sample",
]
