"""``report-audit sample UNIVERSE (--size N | --precision P --expected-rate R [--confidence C])
[--strata COLUMN] [--allocation proportional|equal] [--seed S] --out sample.csv``

Draws a simple or stratified random sample without replacement from a claims CSV, a
batch manifest or a batch result store, and writes it with its seed, method and the
universe's SHA-256 (see ``report_audit.sampling.sample_file``). With a precision and an
expected error rate it prints the normal-approximation and the exact sample size and
draws the exact one. The same universe file and seed give a byte-identical file.
"""
from __future__ import annotations

import argparse
import csv
import os
import secrets
from pathlib import Path

from ..errors import InvalidManifest
from ..sampling.draw import ALLOCATIONS, Sample, draw_sample
from ..sampling.sample_file import write_sample
from ..sampling.sizes import attribute_sample_size, parse_fraction
from ..sampling.universe import load_universe


def _fraction(text: str) -> float:
    try:
        value = parse_fraction(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or percentage: {text!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (or 0-100 %): {text!r}")
    return value


def _whole_number(minimum: int, bound: str):
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {bound}: {text!r}")
        return value

    return parse


_positive_int = _whole_number(1, "at least 1")
_seed = _whole_number(0, "0 or more")


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "sample", help="draw a reproducible random (or stratified) sample of claims for an audit",
        description="Draw a simple or stratified random sample without replacement from UNIVERSE (a claims "
                    "CSV with case_id or claim_id, a batch manifest, or a batch result store). Give --size, "
                    "or --precision and --expected-rate (and --confidence) for an attribute sample size.")
    parser.add_argument("universe", metavar="UNIVERSE")
    parser.add_argument("--out", required=True, metavar="SAMPLE.csv", help="the sample file to write")
    parser.add_argument("--size", type=_positive_int, metavar="N", help="sample size (overrides the design)")
    parser.add_argument("--confidence", type=_fraction, metavar="C",
                        help="confidence for the sample size, 0.90 or 90%% (default 0.90)")
    parser.add_argument("--precision", type=_fraction, metavar="P",
                        help="wanted half-width of the error rate's interval, 0.05 or 5%%")
    parser.add_argument("--expected-rate", type=_fraction, metavar="R",
                        help="expected error rate, 0.10 or 10%% (0.5 when unknown: the largest size)")
    parser.add_argument("--strata", metavar="COLUMN",
                        help="stratify by this column (payer, payer_type, ordering_provider, "
                             "rendering_provider or provider, or any column of a claims CSV)")
    parser.add_argument("--allocation", choices=ALLOCATIONS, default="proportional",
                        help="how the sample is spread over strata (default proportional)")
    parser.add_argument("--seed", type=_seed, metavar="S",
                        help="random seed (default: a new one, printed and written to the file)")
    parser.add_argument("--manifest-out", metavar="MANIFEST.csv",
                        help="also write a batch manifest of the sampled cases (manifest universe only)")
    parser.set_defaults(_sample_parser=parser)
    return parser


def _write_manifest(sample: Sample, path: Path) -> None:
    """A batch manifest of the sampled cases, paths rewritten relative to ``path``."""
    base = sample.universe.path.parent
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.parent.resolve()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["case_id", "report", "note", "claim"])
        for picked in sample.items:
            row = [picked.item.case_id]
            for column in ("report", "note", "claim"):
                value = picked.item.fields.get(column, "").strip()
                row.append(os.path.relpath((base / value).resolve(), target) if value else "")
            writer.writerow(row)


def _percent(value: float) -> str:
    return f"{100.0 * value:g}%"


def run(args: argparse.Namespace) -> int:
    parser = args._sample_parser
    design = (args.precision, args.expected_rate, args.confidence)
    if args.size is not None and any(v is not None for v in design):
        parser.error("give --size or a design (--precision, --expected-rate, --confidence), not both")
    if args.size is None and (args.precision is None or args.expected_rate is None):
        parser.error("give --size N, or --precision P and --expected-rate R (with --confidence C)")
    if args.precision is not None and args.precision <= 0:
        parser.error("--precision must be above 0")
    if args.confidence is not None and args.confidence <= 0:
        parser.error("--confidence must be above 0")

    universe = load_universe(args.universe)
    if args.manifest_out and universe.kind != "manifest":
        raise InvalidManifest(universe.path, "--manifest-out needs a batch manifest as the universe")
    sizes = None
    if args.size is None:
        confidence = args.confidence if args.confidence is not None else 0.90
        sizes = attribute_sample_size(confidence, args.precision, args.expected_rate, universe.size)
    elif args.size > universe.size:
        raise InvalidManifest(universe.path, f"sample size {args.size} is larger than the universe ({universe.size} items)")
    seed_given = args.seed is not None
    seed = args.seed if seed_given else secrets.randbits(32)
    try:
        sample = draw_sample(universe, args.size, seed, args.strata, args.allocation, sizes)
    except ValueError as err:
        raise InvalidManifest(universe.path, str(err)) from None
    out = write_sample(sample, args.out)
    if args.manifest_out:
        _write_manifest(sample, Path(args.manifest_out))

    kind = {"store": "batch result store", "manifest": "batch manifest", "claims_csv": "claims CSV"}[universe.kind]
    print(f"universe: {universe.path} ({kind}, {universe.size} items, sha256 {universe.sha256[:12]}…)")
    if sizes is not None:
        print(f"sample size for {_percent(sizes.expected_rate)} expected errors, ±{_percent(sizes.precision)} "
              f"at {_percent(sizes.confidence)} confidence:")
        print(f"  normal approximation: n0 = {sizes.normal_infinite:.1f}, with finite-population correction "
              f"n = {sizes.normal}")
        print(f"  exact ({sizes.exact_distribution}): n = {sizes.exact} "
              f"(interval half-width {_percent(round(sizes.exact_half_width, 6))})  <- drawn")
    print(f"method: {sample.method}"
          + (f", {sample.allocation} allocation by {sample.strata_column}" if sample.strata_column else ""))
    if sample.strata_column:
        width = max(len("stratum"), *(len(p.name) for p in sample.strata))
        print(f"  {'stratum':<{width}}  {'universe':>8}  {'sample':>6}")
        for plan in sample.strata:
            print(f"  {plan.name:<{width}}  {plan.universe_size:>8}  {plan.sample_size:>6}")
    note = "" if seed_given else f" (generated; pass --seed {seed} to draw the same sample again)"
    print(f"seed: {seed}{note}")
    print(f"wrote {out} ({sample.size} cases)" + (f" and {args.manifest_out}" if args.manifest_out else ""))
    return 0
