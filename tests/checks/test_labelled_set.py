"""The labelled set for the quality checks (tests/checks/data/labelled.jsonl) is well formed.

The checks here do not depend on the rule engine: they re-verify every label with an independent
implementation of the check digits, so a positive in the set is a real ID number / card number.
The last test scores the engine against the set (skipped while ``engine`` does not exist).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data" / "labelled.jsonl"
RULES = {"pii.id_card", "pii.mobile", "pii.landline", "pii.bank_card", "pii.email", "docnum.format"}
MINIMUM_LABELS = {
    "pii.id_card": 60,
    "pii.mobile": 40,
    "pii.landline": 20,
    "pii.bank_card": 15,
    "pii.email": 15,
    "docnum.format": 40,
}
BUILT_ON = date(2026, 11, 26)  # birth dates after this day are not plausible


def _load() -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


RECORDS = _load()


def _labels(rule: str):
    for record in RECORDS:
        for finding in record["findings"]:
            if finding["rule"] == rule:
                yield record, record["text"][finding["start"] : finding["end"]]


# --- independent check-digit code ---------------------------------------------------------------


def _birth_ok(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= BUILT_ON


def _id18_ok(value: str) -> bool:
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    check = "10X98765432"[sum(int(c) * w for c, w in zip(value[:17], weights, strict=True)) % 11]
    return _birth_ok(value[6:14]) and value[17].upper() == check


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d // 10 + d % 10
    return total % 10 == 0


# --- the file ------------------------------------------------------------------------------------


def test_size_and_unique_ids() -> None:
    assert len(RECORDS) >= 300
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"s[0-9]{3,}", i) for i in ids)


def test_record_shape() -> None:
    for r in RECORDS:
        assert isinstance(r["text"], str) and r["text"], r["id"]
        assert isinstance(r["note"], str), r["id"]
        assert all(re.fullmatch(r"0[0-9]{9,11}", p) for p in r["office_phones"]), r["id"]
        for f in r["findings"]:
            assert set(f) == {"rule", "start", "end"}, r["id"]
            assert f["rule"] in RULES, r["id"]


def test_spans_lie_within_the_text_and_do_not_overlap() -> None:
    for r in RECORDS:
        n = len(r["text"])
        spans = sorted((f["start"], f["end"]) for f in r["findings"])
        for start, end in spans:
            assert 0 <= start < end <= n, (r["id"], start, end)
            assert r["text"][start:end].strip() == r["text"][start:end], (r["id"], "padded span")
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, (r["id"], "overlapping labels")
        for t in r.get("traps", []):
            assert 0 <= t["start"] <= t["end"] <= n, r["id"]
            assert all(t["end"] <= s or e <= t["start"] for s, e in spans), (r["id"], t)


def test_id_positives_have_valid_check_digits_and_birth_dates() -> None:
    for record, value in _labels("pii.id_card"):
        if len(value) == 18:
            assert _id18_ok(value), (record["id"], value)
        else:
            assert re.fullmatch(r"[0-9]{15}", value), (record["id"], value)
            assert _birth_ok("19" + value[6:12]), (record["id"], value)


def test_bank_positives_pass_luhn() -> None:
    for record, value in _labels("pii.bank_card"):
        digits = value.replace(" ", "")
        assert re.fullmatch(r"[0-9]{16,19}", digits), (record["id"], value)
        assert _luhn(digits), (record["id"], value)


def test_phone_and_email_positives() -> None:
    for record, value in _labels("pii.mobile"):
        digits = re.sub(r"[^0-9]", "", value)
        assert re.fullmatch(r"(?:86)?1[3-9][0-9]{9}", digits), (record["id"], value)
    for record, value in _labels("pii.landline"):
        digits = re.sub(r"[^0-9]", "", value)
        assert re.fullmatch(r"0[0-9]{9,11}", digits), (record["id"], value)
        assert digits not in record["office_phones"], (record["id"], value)
        assert "12345" not in digits[-5:], (record["id"], value)
    for record, value in _labels("pii.email"):
        assert re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", value), record["id"]
        assert not value.lower().endswith("gov.cn"), (record["id"], value)


def test_unlabelled_id_like_numbers_are_not_valid_ids() -> None:
    """A valid ID number anywhere in a text must be labelled (masked forms cannot be valid)."""
    for r in RECORDS:
        labelled = [(f["start"], f["end"]) for f in r["findings"] if f["rule"] == "pii.id_card"]
        for m in re.finditer(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", r["text"]):
            if _id18_ok(m.group()):
                assert (m.start(), m.end()) in labelled, (r["id"], m.group())


def test_counts_per_rule_and_traps() -> None:
    counts = Counter(f["rule"] for r in RECORDS for f in r["findings"])
    for rule, minimum in MINIMUM_LABELS.items():
        assert counts[rule] >= minimum, (rule, counts[rule])
    assert sum(1 for r in RECORDS if r.get("traps")) >= 120
    assert sum(1 for r in RECORDS if not r["findings"]) >= 50  # texts that must stay silent


# --- generator and engine ------------------------------------------------------------------------


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_checks", ROOT / "bench" / "eval_checks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_checks", module)
    spec.loader.exec_module(module)
    return module


def test_file_matches_its_generator() -> None:
    """The committed file is exactly what `bench/eval_checks.py --build` writes (seeded)."""
    assert _eval_module().build() == RECORDS


def test_engine_precision_and_recall() -> None:
    pytest.importorskip("gongkai.checks.domain.engine")
    ev = _eval_module()
    scores, misses, _ = ev.evaluate(RECORDS, ev.engine_predictor())
    report = ev.render_table(scores, RECORDS) + "\n" + ev.render_misses(misses)
    for rule in sorted(RULES):
        assert scores[rule].precision >= 0.98, report
        assert scores[rule].recall >= 0.98, report
