"""Appraisal of an audited sample: exact rate limits, dollars at risk, both result sources."""
import math

import numpy as np
import pytest
from scipy.stats import binomtest, t as student_t

from report_audit.errors import InvalidManifest
from report_audit.sampling.draw import draw_sample
from report_audit.sampling.estimate import amount_estimate, appraise, combined_amount, combined_rate, rate_estimate
from report_audit.sampling.intervals import clopper_pearson
from report_audit.sampling.results import load_results
from report_audit.sampling.sample_file import write_sample
from report_audit.sampling.universe import load_universe


@pytest.mark.parametrize("k,n", [(0, 20), (1, 29), (5, 25), (15, 148), (81, 263), (30, 30), (2, 3)])
@pytest.mark.parametrize("confidence", [0.80, 0.90, 0.95])
def test_estimate_clopper_pearson_matches_scipy_exact_interval(k, n, confidence):
    estimate = rate_estimate("all", k, n, confidence)
    two = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
    lower = binomtest(k, n, alternative="greater").proportion_ci(confidence_level=confidence, method="exact")
    upper = binomtest(k, n, alternative="less").proportion_ci(confidence_level=confidence, method="exact")
    assert estimate.two_sided == pytest.approx((two.low, two.high), abs=1e-12)
    assert estimate.lower == pytest.approx(lower.low, abs=1e-12)
    assert estimate.upper == pytest.approx(upper.high, abs=1e-12)


def test_estimate_clopper_pearson_published_example():
    # Conover, Practical Nonparametric Statistics, 3rd ed. (1999), table of exact binomial
    # limits, as worked by InfluentialPoints ("Confidence intervals of proportions",
    # exact Clopper-Pearson worked example): 5 of 25 -> 95 % limits 0.068 to 0.407.
    lower, upper = clopper_pearson(5, 25, 0.95)
    assert (round(float(lower), 3), round(float(upper), 3)) == (0.068, 0.407)


def test_estimate_clopper_pearson_zero_errors_closed_form():
    # With no error in n the exact upper limit solves (1 - p)^n = alpha/2 (Clopper & Pearson
    # 1934); with n = 20 at 95 %: 1 - 0.025^(1/20) = 0.1684.
    _, upper = clopper_pearson(0, 20, 0.95)
    assert float(upper) == pytest.approx(1 - 0.025 ** (1 / 20), abs=1e-12)
    assert round(float(upper), 4) == 0.1684


def test_estimate_projected_errors_use_hypergeometric_limits():
    estimate = rate_estimate("all", 3, 30, 0.90, universe_size=300)
    projected = estimate.projected
    assert projected["point"] == pytest.approx(30.0)
    lo, hi = projected["two_sided"]
    assert lo < 30 < hi and projected["one_sided_lower"] >= lo and projected["one_sided_upper"] <= hi
    assert projected["method"] == "hypergeometric"


def test_estimate_combined_rate_is_weighted_by_stratum_sizes():
    a = rate_estimate("A", 2, 10, 0.90, universe_size=900)
    b = rate_estimate("B", 5, 10, 0.90, universe_size=100)
    combined = combined_rate([a, b], 0.90)
    assert combined.rate == pytest.approx(0.9 * 0.2 + 0.1 * 0.5)
    assert combined.universe_size == 1000 and combined.errors == 7 and combined.sample_size == 20
    assert combined.two_sided[0] < combined.rate < combined.two_sided[1]


def test_estimate_combined_rate_of_one_stratum_is_that_stratum():
    only = rate_estimate("A", 4, 25, 0.90, universe_size=250)
    combined = combined_rate([only], 0.90)
    assert (combined.rate, combined.two_sided, combined.lower, combined.upper) == (only.rate, only.two_sided, only.lower, only.upper)


def test_estimate_mean_per_unit_against_scipy_t_interval():
    """No published worked example checked here: compared with a direct scipy computation
    of N * mean +- t * N * sqrt(1 - n/N) * s / sqrt(n)."""
    values = [0, 0, 151.0, 0, 89.5, 0, 0, 175.0, 0, 0, 0, 162.25]
    universe = 480
    estimate = amount_estimate("all", values, 0.90, universe)
    y = np.array(values)
    n = y.size
    se = universe * math.sqrt(1 - n / universe) * y.std(ddof=1) / math.sqrt(n)
    low, high = student_t.interval(0.90, n - 1, loc=universe * y.mean(), scale=se)
    assert estimate.total == pytest.approx(universe * y.mean())
    assert estimate.standard_error == pytest.approx(se)
    assert estimate.two_sided == pytest.approx((low, high))
    assert estimate.lower == pytest.approx(student_t.ppf(0.10, n - 1, loc=universe * y.mean(), scale=se))
    assert estimate.upper == pytest.approx(student_t.ppf(0.90, n - 1, loc=universe * y.mean(), scale=se))


def test_estimate_stratified_total_uses_satterthwaite_df():
    a = amount_estimate("A", [0, 10, 20, 0, 50], 0.95, 100)
    b = amount_estimate("B", [100, 0, 0, 300], 0.95, 40)
    combined = combined_amount([a, b], 0.95)
    va, vb = a.standard_error ** 2, b.standard_error ** 2
    df = (va + vb) ** 2 / (va ** 2 / 4 + vb ** 2 / 3)
    assert combined.total == pytest.approx(a.total + b.total)
    assert combined.df == pytest.approx(df)
    half = student_t.ppf(0.975, df) * math.sqrt(va + vb)
    assert combined.two_sided == pytest.approx((combined.total - half, combined.total + half))


def test_estimate_census_stratum_has_no_sampling_error():
    estimate = amount_estimate("all", [10.0, 0.0, 5.0], 0.90, 3)
    assert estimate.standard_error == 0.0 and estimate.two_sided == (15.0, 15.0)


def _store_rows(n=40, unreadable=()):
    rows = []
    for i in range(1, n + 1):
        in_error = i % 3 == 0
        rows.append({
            "case_id": f"K{i:03d}", "status": "unreadable" if i in unreadable else "audited",
            "payer_name": "Aetna", "payer_type": "commercial", "ordering_provider": "O", "rendering_provider": "R",
            "charge_total": 150.0 + i, "charge_at_risk": (150.0 + i) if in_error else 0.0,
            "n_errors": 1 if in_error else 0, "n_warnings": 2,
        })
    return rows


def test_estimate_store_results_with_sample_file(sampling_manifest, sampling_store, tmp_path):
    sample_path = write_sample(draw_sample(load_universe(sampling_manifest), 12, 42, "payer"), tmp_path / "sample.csv")
    store = sampling_store(_store_rows())
    results = load_results(store, sample_path)
    assert len(results.cases) == 12  # only the sampled cases, though the store holds all 40
    appraisal = appraise(results, 0.90)
    sampled = {c.case_id for c in results.cases}
    expected_errors = sum(1 for cid in sampled if int(cid[1:]) % 3 == 0)
    assert sum(r.errors for r in appraisal.rates) == expected_errors
    assert appraisal.combined_rate.universe_size == 40
    # dollars in error = charge_at_risk of the cases in error
    for case in results.cases:
        i = int(case.case_id[1:])
        assert case.error_amount == ((150.0 + i) if i % 3 == 0 else 0.0)
        assert case.audited_amount == case.book_amount - case.error_amount
    mpu = appraisal.mean_per_unit.combined
    expected_total = sum(
        plan.universe_size * np.mean([c.error_amount for c in results.cases if c.stratum == plan.name])
        for plan in results.strata
    )
    assert mpu.total == pytest.approx(expected_total)
    assert appraisal.difference.combined.total == pytest.approx(mpu.total)


def test_estimate_store_unreadable_cases_left_out_or_in_error(sampling_manifest, sampling_store, tmp_path):
    sample_path = write_sample(draw_sample(load_universe(sampling_manifest), 40, 1), tmp_path / "census.csv")
    store = sampling_store(_store_rows(unreadable=(4,)))
    left_out = load_results(store, sample_path)
    assert left_out.unreadable == ("K004",) and len(left_out.cases) == 39
    counted = load_results(store, sample_path, unreadable="error")
    case = next(c for c in counted.cases if c.case_id == "K004")
    assert case.in_error and case.error_amount == 154.0


def test_estimate_store_without_sample_file_is_one_stratum(sampling_store):
    results = load_results(sampling_store(_store_rows(n=30)), universe_size=600)
    appraisal = appraise(results, 0.90)
    assert [r.stratum for r in appraisal.rates] == ["all"]
    assert appraisal.rates[0].errors == 10 and appraisal.rates[0].universe_size == 600


def test_estimate_review_csv_fills_missing_amounts(tmp_path):
    path = tmp_path / "review.csv"
    path.write_text(
        "case_id,in_error,book_amount,audited_amount,error_amount\n"
        "A,yes,200,50,\n"      # error = 150
        "B,no,180,,\n"         # audited = 180, error = 0
        "C,Y,160,,160\n"       # audited = 0
        "D,,170,,\n",          # not reviewed yet
        encoding="utf-8")
    results = load_results(path, universe_size=100)
    cases = {c.case_id: c for c in results.cases}
    assert (cases["A"].error_amount, cases["B"].audited_amount, cases["C"].audited_amount) == (150.0, 180.0, 0.0)
    assert results.not_reviewed == ("D",)
    appraisal = appraise(results, 0.90)
    assert appraisal.rates[0].errors == 2 and appraisal.rates[0].sample_size == 3
    assert appraisal.mean_per_unit.combined.total == pytest.approx(100 * 310 / 3)


def test_estimate_filled_sample_file_is_a_review_csv(sampling_manifest, tmp_path):
    path = write_sample(draw_sample(load_universe(sampling_manifest), 8, 3), tmp_path / "sample.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("order,"))
    for i in range(header_at + 1, len(lines)):
        fields = lines[i].split(",")
        fields[-4] = "yes" if i == header_at + 1 else "no"
        lines[i] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = load_results(path)
    assert results.design_source == path and results.strata[0].universe_size == 40
    assert sum(c.in_error for c in results.cases) == 1


@pytest.mark.parametrize("text,reason", [
    ("case_id,in_error\nA,maybe\n", "in_error must be yes/no"),
    ("case_id,verdict\nA,yes\n", "no in_error column"),
    ("id,in_error\nA,yes\n", "no case_id column"),
    ("case_id,in_error,error_amount\nA,yes,lots\n", "error_amount is not a number"),
    ("case_id,in_error\nA,yes\nA,no\n", "repeats line 2"),
])
def test_estimate_bad_review_csv_is_one_line_error(tmp_path, text, reason):
    path = tmp_path / "review.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidManifest) as caught:
        load_results(path)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_estimate_review_case_outside_sample_is_rejected(sampling_manifest, tmp_path):
    sample_path = write_sample(draw_sample(load_universe(sampling_manifest), 5, 3), tmp_path / "sample.csv")
    review = tmp_path / "review.csv"
    review.write_text("case_id,in_error\nNOT-SAMPLED,yes\n", encoding="utf-8")
    with pytest.raises(InvalidManifest, match="not in the sample"):
        load_results(review, sample_path)


def test_estimate_store_without_cases_table_is_one_line_error(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(InvalidManifest, match="without a 'cases' table"):
        load_results(path)


def test_estimate_sample_file_survives_a_spreadsheet_round_trip(tmp_path):
    """A reviewer opens the sample in a spreadsheet, fills in_error and saves it as CSV:
    the rows get padded with empty cells, CRLF line ends and a byte-order mark."""
    import csv
    import io

    universe = tmp_path / "claims.csv"
    providers = ('"Smith, Ann"', '"O\'Neil ""Doc"""')  # as CSV fields: a comma, double quotes
    universe.write_text("claim_id,provider,paid\n" + "".join(
        f"CL{i},{providers[i % 2]},{100 + i}\n" for i in range(20)), encoding="utf-8")
    path = write_sample(draw_sample(load_universe(universe), 6, 4, "provider"), tmp_path / "sample.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    width = max(len(r) for r in rows)
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "order")
    in_error = rows[header_at].index("in_error")
    for r in rows[header_at + 1:]:
        r[in_error] = "Yes" if r[0] == "1" else "No"
    saved = io.StringIO()
    csv.writer(saved, lineterminator="\r\n").writerows(r + [""] * (width - len(r)) for r in rows)
    path.write_text(saved.getvalue(), encoding="utf-8-sig")

    results = load_results(path)
    assert {p.name for p in results.strata} == {"Smith, Ann", 'O\'Neil "Doc"'}
    assert sum(p.universe_size for p in results.strata) == 20
    assert len(results.cases) == 6 and sum(c.in_error for c in results.cases) == 2
