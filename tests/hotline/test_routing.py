"""Duplicate detection and hot spots at intake (issue #6 "Help for operators"), no database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.hotline.domain.clocks import SHANGHAI
from gongkai.hotline.domain.routing import (
    Intake,
    find_duplicates,
    hot_spots,
    normalize_phone,
    text_similarity,
)

NOW = datetime(2026, 10, 12, 9, tzinfo=SHANGHAI)
TEXT = "城关镇光明路小区门口垃圾堆积多日无人清运，气味很大，请尽快处理。"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("138 0000 1234", "13800001234"),
        ("+86 138-0000-1234", "13800001234"),
        ("0086 13800001234", "13800001234"),
        ("8613800001234", "13800001234"),
        ("0564-12345", "056412345"),
        ("", ""),
    ],
)
def test_normalize_phone(raw: str, normal: str) -> None:
    assert normalize_phone(raw) == normal


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (TEXT, TEXT, 1.0, 1.0),
        (TEXT, TEXT.replace("，", " ").replace("。", ""), 1.0, 1.0),  # punctuation ignored
        (TEXT, "城关镇光明路小区门口垃圾堆积多日无人清运，气味很大，请尽快处理！！", 1.0, 1.0),
        (TEXT, "城关镇光明路小区门口垃圾堆积多日没人清运，气味很大，请尽快处理。", 0.8, 0.95),
        (TEXT, "咨询城乡居民医保缴费标准", 0.0, 0.05),
        ("", TEXT, 0.0, 0.0),
        ("医", "医", 1.0, 1.0),
    ],
)
def test_text_similarity(a: str, b: str, low: float, high: float) -> None:
    assert low <= text_similarity(a, b) <= high


def test_find_duplicates_by_phone_and_text_within_30_days() -> None:
    new = Intake("N", NOW, phone="+86 13800001234", text=TEXT)
    previous = [
        Intake("A", NOW - timedelta(days=3), phone="13800001234", text="咨询医保"),
        Intake("B", NOW - timedelta(days=10), phone="13900000000", text=TEXT + "谢谢"),
        Intake("C", NOW - timedelta(days=31), phone="13800001234", text=TEXT),  # too old
        Intake("D", NOW - timedelta(days=1), phone="13900000001", text="咨询医保缴费"),
        Intake("E", NOW + timedelta(hours=1), phone="13800001234", text=TEXT),  # later
        Intake("N", NOW, phone="13800001234", text=TEXT),  # itself
    ]
    hits = find_duplicates(new, previous)
    assert [h.id for h in hits] == ["B", "A"]
    assert hits[0].reason.startswith("诉求内容相似度") and not hits[0].same_phone
    assert hits[1].reason == "同一来电号码"
    assert find_duplicates(Intake("X", NOW, text=TEXT), previous[:1]) == []  # anonymous


@given(st.text(min_size=1, max_size=40), st.text(max_size=40))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    s = text_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == text_similarity(b, a)


def test_hot_spots_this_week() -> None:
    week = NOW - timedelta(days=7)
    tickets = [Intake(str(i), NOW - timedelta(hours=i), place="光明路 小区") for i in range(6)]
    tickets += [Intake(f"x{i}", NOW - timedelta(days=8), place="光明路小区") for i in range(9)]
    tickets += [Intake(f"y{i}", NOW - timedelta(hours=i), place="人民路") for i in range(2)]
    assert hot_spots(tickets, since=week, until=NOW + timedelta(seconds=1)) == [("光明路 小区", 6)]
    assert hot_spots(tickets, since=week, until=NOW + timedelta(seconds=1), minimum=2) == [
        ("光明路 小区", 6),
        ("人民路", 2),
    ]
