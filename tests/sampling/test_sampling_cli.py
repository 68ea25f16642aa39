"""``report-audit sample`` and ``report-audit estimate`` end to end."""
import json
import subprocess
import sys

import pytest

from report_audit.cli import main


def _store_for(sampling_store, n=40):
    return sampling_store([
        {"case_id": f"K{i:03d}", "status": "audited", "payer_name": "Aetna", "charge_total": 150.0 + i,
         "charge_at_risk": (150.0 + i) if i % 4 == 0 else 0.0, "n_errors": 1 if i % 4 == 0 else 0}
        for i in range(1, n + 1)
    ])


def test_cli_sample_same_seed_byte_identical_different_seed_differs(sampling_manifest, tmp_path, capsys):
    args = ["sample", str(sampling_manifest), "--size", "10", "--strata", "payer", "--seed"]
    assert main(args + ["7", "--out", str(tmp_path / "a.csv")]) == 0
    assert main(args + ["7", "--out", str(tmp_path / "b.csv")]) == 0
    assert main(args + ["8", "--out", str(tmp_path / "c.csv")]) == 0
    a, b, c = ((tmp_path / name).read_bytes() for name in ("a.csv", "b.csv", "c.csv"))
    assert a == b
    assert a != c


def test_cli_sample_prints_normal_and_exact_sizes_and_draws_exact(sampling_manifest, tmp_path, capsys):
    out = tmp_path / "sample.csv"
    code = main(["sample", str(sampling_manifest), "--confidence", "90", "--precision", "10%",
                 "--expected-rate", "0.2", "--seed", "1", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "normal approximation: n0 = " in printed and "exact (hypergeometric): n = " in printed
    from report_audit.sampling.sizes import attribute_sample_size

    sizes = attribute_sample_size(0.90, 0.10, 0.20, 40)
    assert f"# sample_size: {sizes.exact}\n" in out.read_text(encoding="utf-8")
    assert f"# sample_size_normal: {sizes.normal}\n" in out.read_text(encoding="utf-8")


def test_cli_sample_without_seed_records_the_generated_one(sampling_manifest, tmp_path, capsys):
    out = tmp_path / "sample.csv"
    assert main(["sample", str(sampling_manifest), "--size", "5", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    seed = next(line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("# seed: "))[8:]
    assert f"pass --seed {seed}" in printed
    again = tmp_path / "again.csv"
    assert main(["sample", str(sampling_manifest), "--size", "5", "--seed", seed, "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_cli_sample_manifest_out_is_a_batch_manifest(sampling_manifest, tmp_path):
    out = tmp_path / "prep" / "sample.csv"
    manifest = tmp_path / "prep" / "sampled-manifest.csv"
    assert main(["sample", str(sampling_manifest), "--size", "4", "--seed", "3", "--out", str(out),
                 "--manifest-out", str(manifest)]) == 0
    lines = manifest.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "case_id,report,note,claim" and len(lines) == 5
    for line in lines[1:]:
        case_id, report, _, claim = line.split(",")
        if claim:
            assert (manifest.parent / claim).resolve() == (sampling_manifest.parent / "claims" / f"{case_id}.json").resolve()


def test_cli_estimate_store_with_sample_text_and_json(sampling_manifest, sampling_store, tmp_path, capsys):
    sample = tmp_path / "sample.csv"
    assert main(["sample", str(sampling_manifest), "--size", "12", "--strata", "payer", "--seed", "20250301",
                 "--out", str(sample)]) == 0
    store = _store_for(sampling_store)
    capsys.readouterr()
    assert main(["estimate", str(store), "--sample", str(sample)]) == 0
    text = capsys.readouterr().out
    assert "Clopper–Pearson" in text and "mean-per-unit" in text and "one-sided 90% lower bound" in text
    assert main(["estimate", str(store), "--sample", str(sample), "--confidence", "0.95", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["confidence"] == 0.95 and data["reviewed"] == 12
    assert data["attribute"]["combined"]["universe_size"] == 40
    assert data["sample"]["seed"] == "20250301"
    assert data["variable"]["mean_per_unit"]["combined"]["total"] is not None


@pytest.mark.parametrize("make_input,reason", [
    (lambda p: p / "missing.csv", "no such file"),
    (lambda p: (p / "b.csv").write_bytes(b"\x00\x00\x01") and p / "b.csv", "binary"),
    (lambda p: (p / "c.csv").write_text("a,b\n1,2\n") and p / "c.csv", "no case_id or claim_id column"),
])
def test_cli_sample_bad_universe_one_line_no_traceback(tmp_path, capsys, make_input, reason):
    path = make_input(tmp_path)
    assert main(["sample", str(path), "--size", "3", "--seed", "1", "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("report-audit: ") and reason in err and "[E005]" in err


def test_cli_sample_size_larger_than_universe(sampling_manifest, tmp_path, capsys):
    assert main(["sample", str(sampling_manifest), "--size", "41", "--seed", "1", "--out", str(tmp_path / "s.csv")]) == 2
    assert "larger than the universe (40 items)" in capsys.readouterr().err


def test_cli_estimate_bad_review_csv_one_line(tmp_path, capsys):
    review = tmp_path / "review.csv"
    review.write_text("case_id,in_error\nA,perhaps\n", encoding="utf-8")
    assert main(["estimate", str(review)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 2: in_error must be yes/no" in err


def test_cli_sample_needs_size_or_design(sampling_manifest, tmp_path):
    with pytest.raises(SystemExit) as caught:
        main(["sample", str(sampling_manifest), "--out", str(tmp_path / "s.csv")])
    assert caught.value.code == 2


def test_cli_process_reports_bad_input_without_traceback(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    run = subprocess.run([sys.executable, "-m", "report_audit", "estimate", str(bad)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1
