"""Drawing the sample: reproducibility, allocation, strata, the sample file."""
import shutil

import numpy as np
import pytest

from report_audit.errors import InvalidManifest
from report_audit.sampling.draw import allocate, draw_sample
from report_audit.sampling.sample_file import read_sample, render_sample, write_sample
from report_audit.sampling.universe import load_universe


def test_draw_same_seed_gives_byte_identical_file(sampling_manifest, tmp_path):
    first = write_sample(draw_sample(load_universe(sampling_manifest), 12, 20250301, "payer"), tmp_path / "a.csv")
    second = write_sample(draw_sample(load_universe(sampling_manifest), 12, 20250301, "payer"), tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()


def test_draw_same_universe_elsewhere_gives_same_file(sampling_manifest, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(sampling_manifest.parent, copy)
    here = render_sample(draw_sample(load_universe(sampling_manifest), 10, 7))
    there = render_sample(draw_sample(load_universe(copy / "manifest.csv"), 10, 7))
    assert here == there


def test_draw_different_seed_gives_different_sample(sampling_manifest):
    universe = load_universe(sampling_manifest)
    one = draw_sample(universe, 10, 1)
    two = draw_sample(universe, 10, 2)
    assert [p.item.case_id for p in one.items] != [p.item.case_id for p in two.items]
    assert render_sample(one) != render_sample(two)


def test_draw_random_numbers_are_numpy_pcg64_in_frame_order(sampling_manifest):
    universe = load_universe(sampling_manifest)
    sample = draw_sample(universe, 8, 99)
    expected = np.random.Generator(np.random.PCG64(99)).random(universe.size)
    picked = sorted(range(universe.size), key=lambda i: expected[i])[:8]
    assert [p.item.frame_number - 1 for p in sample.items] == picked
    assert [p.order for p in sample.items] == list(range(1, 9))
    assert all(p.random_number == expected[p.item.frame_number - 1] for p in sample.items)


def test_draw_stratified_takes_smallest_numbers_within_each_stratum(sampling_manifest):
    universe = load_universe(sampling_manifest)
    sample = draw_sample(universe, 12, 5, "payer")
    labels = universe.strata_values("payer")
    for plan in sample.strata:
        drawn = [p for p in sample.items if p.stratum == plan.name]
        assert len(drawn) == plan.sample_size
        members = [i for i, label in enumerate(labels) if label == plan.name]
        numbers = np.random.default_rng(5).random(universe.size)
        assert [p.item.frame_number - 1 for p in drawn] == sorted(members, key=lambda i: numbers[i])[: plan.sample_size]


def test_draw_unreadable_or_missing_claim_is_stratum_unknown(sampling_manifest):
    universe = load_universe(sampling_manifest)
    assert universe.size == 40
    by_id = {item.case_id: item for item in universe.items}
    assert by_id["K007"].fields["claim_status"] == "unreadable"
    assert by_id["K008"].fields["claim_status"] == "none"
    labels = dict(zip((i.case_id for i in universe.items), universe.strata_values("payer")))
    assert labels["K007"] == labels["K008"] == "unknown"
    assert labels["K001"] == "Horizon BCBS NJ"
    assert by_id["K001"].amount == 151.0


@pytest.mark.parametrize("alias,column", [("payer", "payer"), ("provider", "rendering_provider"),
                                          ("Ordering_Provider", "ordering_provider")])
def test_draw_strata_aliases(sampling_manifest, alias, column):
    assert load_universe(sampling_manifest).resolve_column(alias) == column


@pytest.mark.parametrize("sizes,n", [
    ({"A": 10, "B": 9, "C": 10, "D": 10, "unknown": 1}, 12),
    ({"A": 500, "B": 3, "C": 97}, 30),
    ({"A": 1, "B": 1, "C": 1}, 3),
    ({"only": 40}, 40),
    ({"A": 2, "B": 50, "C": 50}, 31),
])
@pytest.mark.parametrize("allocation", ["proportional", "equal"])
def test_draw_allocations_sum_to_n(sizes, n, allocation):
    alloc = allocate(sizes, n, allocation)
    assert sum(alloc.values()) == n
    assert all(1 <= alloc[h] <= sizes[h] for h in sizes)
    if len(sizes) > 1 and n >= sum(min(2, size) for size in sizes.values()):
        assert all(alloc[h] >= min(2, sizes[h]) for h in sizes)  # room for a variance in every stratum


def test_draw_proportional_allocation_by_largest_remainder():
    # quotas 3, 2.7, 3, 3, 0.3 -> 3, 3, 3, 3, 0 -> the one-item stratum gets its item from B: 3, 2, 3, 3, 1
    assert allocate({"A": 10, "B": 9, "C": 10, "D": 10, "unknown": 1}, 12) == {"A": 3, "B": 2, "C": 3, "D": 3, "unknown": 1}


def test_draw_proportional_allocation_gives_small_strata_two_items():
    # quotas 9.7, 0.3 -> 10, 0 -> B needs two items (for a variance): 8, 2
    assert allocate({"A": 97, "B": 3}, 10) == {"A": 8, "B": 2}
    # too small a sample for two each: one each
    assert allocate({"A": 97, "B": 3, "C": 5}, 4) == {"A": 2, "B": 1, "C": 1}


def test_draw_equal_allocation_caps_small_strata():
    assert allocate({"A": 2, "B": 50, "C": 50}, 30, "equal") == {"A": 2, "B": 14, "C": 14}


@pytest.mark.parametrize("sizes,n", [({"A": 5, "B": 5}, 11), ({"A": 5, "B": 5, "C": 5}, 2), ({"A": 5}, 0)])
def test_draw_allocation_rejects_impossible_sizes(sizes, n):
    with pytest.raises(ValueError):
        allocate(sizes, n)


def test_draw_sample_file_carries_design_and_reads_back(sampling_manifest, tmp_path):
    universe = load_universe(sampling_manifest)
    path = write_sample(draw_sample(universe, 12, 42, "payer", "equal"), tmp_path / "sample.csv")
    text = path.read_text(encoding="utf-8")
    for line in ("# seed: 42", "# method: stratified random sampling without replacement", "# allocation: equal",
                 f"# universe_sha256: {universe.sha256}", "# universe_size: 40", "# universe_file: manifest.csv",
                 "# strata_column: payer", "# sample_size: 12"):
        assert line + "\n" in text
    assert "numpy.random.Generator(PCG64)" in text
    back = read_sample(path)
    assert sum(p.universe_size for p in back.strata) == 40
    assert sum(p.sample_size for p in back.strata) == len(back.rows) == 12
    assert back.header[:5] == ("order", "random_number", "case_id", "stratum", "frame_number")
    assert back.header[-4:] == ("in_error", "book_amount", "audited_amount", "error_amount")


def test_draw_claims_csv_universe_any_column(tmp_path):
    path = tmp_path / "claims.csv"
    rows = "\n".join(f"CL{i},{'north' if i % 3 else 'south'},{100 + i}" for i in range(30))
    path.write_text("claim_id,region,paid\n" + rows + "\n", encoding="utf-8")
    universe = load_universe(path)
    assert universe.kind == "claims_csv" and universe.amount_column == "paid"
    sample = draw_sample(universe, 6, 3, "region", "equal")
    assert {p.stratum for p in sample.items} == {"north", "south"}
    assert {plan.name: plan.sample_size for plan in sample.strata} == {"north": 3, "south": 3}


def test_draw_store_universe(sampling_store):
    store = sampling_store([{"case_id": f"S{i:02d}", "status": "audited", "payer_name": "Aetna" if i % 2 else "Cigna",
                             "charge_total": 200.0, "charge_at_risk": 0.0, "n_errors": 0} for i in range(20)])
    universe = load_universe(store)
    assert universe.kind == "store" and universe.size == 20
    sample = draw_sample(universe, 4, 11, "payer")  # "payer" is the store's payer_name
    assert sample.strata_column == "payer_name"
    assert {p.stratum for p in sample.items} == {"Aetna", "Cigna"}


@pytest.mark.parametrize("content,reason", [
    (b"", "is empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"foo,bar\n1,2\n", "no case_id or claim_id column"),
    (b"case_id,x\nA,1\nA,2\n", "repeats line 2"),
    (b"case_id,x\n,1\n", "empty id"),
    (b"\xff\xfe\xfa not utf8", "UTF-8"),
    (b"case_id\n", "no items"),
])
def test_draw_bad_universe_is_one_line_error(tmp_path, content, reason):
    path = tmp_path / "universe.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidManifest) as caught:
        load_universe(path)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_draw_unknown_strata_column_is_one_line_error(sampling_manifest):
    with pytest.raises(InvalidManifest, match="no column 'region'"):
        draw_sample(load_universe(sampling_manifest), 5, 1, "region")
