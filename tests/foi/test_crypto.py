"""Encryption at rest of applicants' personal data, and the masks shown in lists and the log."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.foi import crypto


@pytest.fixture(autouse=True)
def _fresh_key():
    crypto.reset_key_cache()
    yield
    crypto.reset_key_cache()


def test_round_trip_and_fresh_nonce():
    a = crypto.encrypt("340102199001011234", aad=b"x")
    b = crypto.encrypt("340102199001011234", aad=b"x")
    assert a != b  # a fresh nonce each time
    assert "340102" not in a
    assert crypto.decrypt(a, aad=b"x") == "340102199001011234"


def test_wrong_associated_data_or_tampering_fails():
    token = crypto.encrypt("13812345678", aad=b"foi.foirequest.phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, aad=b"foi.foirequest.address")
    raw = bytearray(base64.b64decode(token[3:]))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("v1:" + base64.b64encode(bytes(raw)).decode(), aad=b"foi.foirequest.phone")


def test_key_from_environment(monkeypatch):
    key = base64.b64encode(bytes(range(32))).decode()
    monkeypatch.setenv(crypto.KEY_ENV, key)
    token = crypto.encrypt("秘密")
    crypto.reset_key_cache()
    monkeypatch.delenv(crypto.KEY_ENV)
    with pytest.raises(crypto.DecryptionError):  # the derived dev key is another key
        crypto.decrypt(token)
    crypto.reset_key_cache()
    monkeypatch.setenv(crypto.KEY_ENV, key)
    assert crypto.decrypt(token) == "秘密"


@pytest.mark.parametrize("value", ["not-base64!!", base64.b64encode(b"short").decode()])
def test_malformed_key_is_refused(monkeypatch, value):
    monkeypatch.setenv(crypto.KEY_ENV, value)
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


def test_production_without_key_refuses(monkeypatch, settings):
    monkeypatch.delenv(crypto.KEY_ENV, raising=False)
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_DATA_KEY"):
        crypto.encrypt("x")


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("340102199001011234", "340102********1234"),
        ("34010219900101123X", "340102********123X"),
        ("340102900101123", "340102*****1123"),  # 15-digit first-generation card
        ("E12345678", "*******78"),  # passport
        ("", ""),
    ],
)
def test_mask_id_number(value, masked):
    assert crypto.mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("0564-6012345", "056*****2345"),
        ("12345", "***45"),
        ("", ""),
    ],
)
def test_mask_phone(value, masked):
    assert crypto.mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("安徽省六安市霍邱县城关镇光明路12号", "安徽省六安市霍邱县****"),
        ("安徽省六安市金安区三里桥街道5栋", "安徽省六安市金安区****"),
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("霍邱县河口镇中心街3号", "霍邱县****"),
        ("光明路12号", "光明路****"),
        ("", ""),
    ],
)
def test_mask_address(value, masked):
    assert crypto.mask_address(value) == masked


@pytest.mark.parametrize(("value", "masked"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("", "")])
def test_mask_name(value, masked):
    assert crypto.mask_name(value) == masked
