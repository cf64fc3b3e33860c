"""The offline image captcha: Pillow image, hashed answer in the session, single use, 10 minutes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from gongkai.foi import captcha

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


def test_answer_uses_the_unambiguous_alphabet_and_is_stored_hashed():
    session = {}
    answer = captcha.issue(session, now=NOW)
    assert len(answer) == captcha.LENGTH
    assert set(answer) <= set(captcha.ALPHABET)
    assert not set("0O1IL2Z5S8B7") & set(captcha.ALPHABET)
    stored = session[captcha.SESSION_KEY]
    assert answer not in str(stored) and answer.lower() not in str(stored)


def test_right_answer_once_then_refused():
    session = {}
    answer = captcha.issue(session, now=NOW)
    assert captcha.verify(session, answer.lower() + " ", now=NOW) is None  # case-insensitive
    assert "失效" in captcha.verify(session, answer, now=NOW)  # single use


def test_wrong_answer_consumes_the_challenge():
    session = {}
    answer = captcha.issue(session, now=NOW)
    wrong = ("A" if answer[0] != "A" else "C") + answer[1:]
    assert "不正确" in captcha.verify(session, wrong, now=NOW)
    assert "失效" in captcha.verify(session, answer, now=NOW)


def test_expires_after_ten_minutes():
    session = {}
    answer = captcha.issue(session, now=NOW)
    later = NOW + dt.timedelta(minutes=10, seconds=1)
    assert "过期" in captcha.verify(session, answer, now=later)
    session = {}
    answer = captcha.issue(session, now=NOW)
    assert captcha.verify(session, answer, now=NOW + dt.timedelta(minutes=9)) is None


def test_a_new_image_replaces_the_old_challenge():
    session = {}
    first = captcha.issue(session, now=NOW)
    second = captcha.issue(session, now=NOW)
    if first != second:
        assert captcha.verify(dict(session), first, now=NOW) is not None
    assert captcha.verify(session, second, now=NOW) is None


def test_empty_answer():
    session = {}
    captcha.issue(session, now=NOW)
    assert "请填写" in captcha.verify(session, "  ", now=NOW)


def test_renders_a_png_offline():
    data = captcha.render_png("ACDEF")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (captcha.WIDTH, captcha.HEIGHT)
    assert len(image.getcolors(maxcolors=100_000)) > 50  # noise, not a flat picture


@pytest.mark.django_db
def test_image_view_issues_a_challenge_and_is_not_cached(client):
    response = client.get("/ysqgk/captcha.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert captcha.SESSION_KEY in client.session
    first = client.session[captcha.SESSION_KEY]
    client.get("/ysqgk/captcha.png")
    assert client.session[captcha.SESSION_KEY] != first  # a new challenge per image


def test_test_mode_uses_the_fixed_answer_and_warns(settings):
    from gongkai.foi.apps import captcha_test_mode

    assert captcha_test_mode(None) == []
    settings.CAPTCHA_TEST_ANSWER = "TESTX"
    session: dict = {}
    assert captcha.issue(session, now=NOW) == "TESTX"
    assert captcha.verify(session, "testx", now=NOW) is None
    [warning] = captcha_test_mode(None)
    assert warning.id == "gongkai.W001"
