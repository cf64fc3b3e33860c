"""The shared abuse control of the portal forms (gongkai/core/antiabuse.py): the offline image
captcha (Pillow image, hashed answer in the session, single use, 10 minutes) and the rate limits
counted in the database. The apps' view tests (tests/foi/test_public_intake.py,
tests/hotline/test_public.py) check the limits tables through the pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import RequestFactory
from PIL import Image

from gongkai.core import antiabuse
from gongkai.core.apps import captcha_test_mode
from gongkai.core.domain.ratelimits import Limit, exceeded
from gongkai.core.models import RateLimitHit

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
CAPTCHA = antiabuse.Captcha("test_captcha")

# ------------------------------------------------------------------------------ captcha


def test_answer_uses_the_unambiguous_alphabet_and_is_stored_hashed():
    session: dict = {}
    answer = CAPTCHA.issue(session, now=NOW)
    assert len(answer) == antiabuse.LENGTH
    assert set(answer) <= set(antiabuse.ALPHABET)
    assert not set("0O1IL2Z5S8B7") & set(antiabuse.ALPHABET)
    stored = session["test_captcha"]
    assert answer not in str(stored) and answer.lower() not in str(stored)


def test_right_answer_once_then_refused():
    session: dict = {}
    answer = CAPTCHA.issue(session, now=NOW)
    assert CAPTCHA.verify(session, answer.lower() + " ", now=NOW) is None  # case-insensitive
    assert "失效" in CAPTCHA.verify(session, answer, now=NOW)  # single use


def test_wrong_answer_consumes_the_challenge():
    session: dict = {}
    answer = CAPTCHA.issue(session, now=NOW)
    wrong = ("A" if answer[0] != "A" else "C") + answer[1:]
    assert "不正确" in CAPTCHA.verify(session, wrong, now=NOW)
    assert "失效" in CAPTCHA.verify(session, answer, now=NOW)


def test_discard_forgets_the_challenge():
    session: dict = {}
    answer = CAPTCHA.issue(session, now=NOW)
    CAPTCHA.discard(session)
    assert "失效" in CAPTCHA.verify(session, answer, now=NOW)


def test_expires_after_ten_minutes():
    session: dict = {}
    answer = CAPTCHA.issue(session, now=NOW)
    later = NOW + dt.timedelta(minutes=10, seconds=1)
    assert "过期" in CAPTCHA.verify(session, answer, now=later)
    session = {}
    answer = CAPTCHA.issue(session, now=NOW)
    assert CAPTCHA.verify(session, answer, now=NOW + dt.timedelta(minutes=9)) is None


def test_a_new_image_replaces_the_old_challenge():
    session: dict = {}
    first = CAPTCHA.issue(session, now=NOW)
    second = CAPTCHA.issue(session, now=NOW)
    if first != second:
        assert CAPTCHA.verify(dict(session), first, now=NOW) is not None
    assert CAPTCHA.verify(session, second, now=NOW) is None


def test_empty_answer():
    session: dict = {}
    CAPTCHA.issue(session, now=NOW)
    assert "请填写" in CAPTCHA.verify(session, "  ", now=NOW)


def test_two_forms_keep_separate_challenges():
    other = antiabuse.Captcha("other_captcha")
    session: dict = {}
    mine = CAPTCHA.issue(session, now=NOW)
    theirs = other.issue(session, now=NOW)
    assert CAPTCHA.verify(session, mine, now=NOW) is None
    assert other.verify(session, theirs, now=NOW) is None
    # A challenge copied from one form's key does not solve the other's (salted per key).
    answer = CAPTCHA.issue(session, now=NOW)
    session["other_captcha"] = dict(session["test_captcha"])
    assert "不正确" in other.verify(session, answer, now=NOW)


def test_renders_a_png_offline():
    data = antiabuse.render_png("ACDEF")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (antiabuse.WIDTH, antiabuse.HEIGHT)
    assert len(image.getcolors(maxcolors=100_000)) > 50  # noise, not a flat picture


def test_test_mode_uses_the_fixed_answer_and_warns(settings):
    assert captcha_test_mode(None) == []
    settings.CAPTCHA_TEST_ANSWER = "TESTX"
    session: dict = {}
    assert CAPTCHA.issue(session, now=NOW) == "TESTX"
    assert CAPTCHA.verify(session, "testx", now=NOW) is None
    [warning] = captcha_test_mode(None)
    assert warning.id == "gongkai.W001"


# ------------------------------------------------------------------------------ limits

TABLE = {
    "post": {
        "ip": (Limit(3, 600, "10分钟"), Limit(5, 86400, "1天")),
        "session": (Limit(2, 600, "10分钟"),),
    },
    "guess": {"number": (Limit(2, 86400, "1天"),)},
}


@pytest.mark.parametrize(
    ("counts", "blocked"),
    [([0, 0], None), ([2, 4], None), ([3, 3], "10分钟"), ([0, 5], "1天"), ([3, 5], "10分钟")],
)
def test_exceeded_names_the_first_limit_reached(counts, blocked):
    hit = exceeded(TABLE["post"]["ip"], counts)
    assert (hit.label if hit else None) == blocked


def request_from(ip: str, session_key: str | None = None):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)

    class Session:
        pass

    request.session = Session()
    request.session.session_key = session_key
    return request


@pytest.mark.django_db
def test_limit_per_ip_blocks_then_frees_after_the_window():
    limiter = antiabuse.RateLimiter(scope="t", limits=TABLE, advice="请稍后再试。")
    for i in range(3):
        assert limiter.blocked(request_from("203.0.113.7"), "post", now=NOW) is None
        limiter.record(request_from("203.0.113.7"), "post", now=NOW + dt.timedelta(seconds=i))
    block = limiter.blocked(request_from("203.0.113.7"), "post", now=NOW)
    assert block is not None and block.limit.label == "10分钟"
    assert block.message == "您在10分钟内的操作次数已达上限（3次），请稍后再试。"
    assert limiter.blocked(request_from("198.51.100.9"), "post", now=NOW) is None
    later = NOW + dt.timedelta(minutes=11)
    assert limiter.blocked(request_from("203.0.113.7"), "post", now=later) is None


@pytest.mark.django_db
def test_session_and_extra_keys_are_counted_separately_and_only_where_limited():
    limiter = antiabuse.RateLimiter(scope="t", limits=TABLE, advice="")
    for ip in ("203.0.113.1", "203.0.113.2"):  # one session, two addresses
        limiter.record(request_from(ip, "sess-1"), "post", now=NOW)
    assert limiter.blocked(request_from("203.0.113.3", "sess-1"), "post", now=NOW) is not None
    assert limiter.blocked(request_from("203.0.113.3", "sess-2"), "post", now=NOW) is None
    # "guess" is limited per number only: no IP or session row is written for it.
    before = RateLimitHit.objects.count()
    limiter.record(request_from("203.0.113.4"), "guess", now=NOW, extra={"number": "A-1"})
    limiter.record(request_from("203.0.113.5"), "guess", now=NOW, extra={"number": "A-1"})
    assert RateLimitHit.objects.count() == before + 2
    assert limiter.blocked(request_from("203.0.113.6"), "guess", now=NOW, extra={"number": "A-1"})
    assert not limiter.blocked(request_from("203.0.113.6"), "guess", now=NOW, extra={"number": "B"})


@pytest.mark.django_db
def test_scopes_do_not_count_each_others_hits_and_keys_are_digests():
    one = antiabuse.RateLimiter(scope="one", limits=TABLE, advice="")
    two = antiabuse.RateLimiter(scope="two", limits=TABLE, advice="")
    for _ in range(3):
        one.record(request_from("203.0.113.7"), "post", now=NOW)
    assert one.blocked(request_from("203.0.113.7"), "post", now=NOW) is not None
    assert two.blocked(request_from("203.0.113.7"), "post", now=NOW) is None
    assert set(RateLimitHit.objects.values_list("scope", flat=True)) == {"one"}
    assert not RateLimitHit.objects.filter(key_digest__contains="203.0.113.7").exists()
    assert all(len(d) == 64 for d in RateLimitHit.objects.values_list("key_digest", flat=True))


@pytest.mark.django_db
def test_hits_older_than_a_day_are_forgotten_when_a_hit_is_written():
    limiter = antiabuse.RateLimiter(scope="t", limits=TABLE, advice="")
    limiter.record(request_from("203.0.113.7"), "post", now=NOW)
    assert RateLimitHit.objects.count() == 1
    limiter.record(request_from("198.51.100.9"), "post", now=NOW + antiabuse.KEEP)
    assert RateLimitHit.objects.count() == 2  # exactly a day old: still kept
    limiter.record(request_from("198.51.100.9"), "post", now=NOW + dt.timedelta(days=1, seconds=1))
    assert RateLimitHit.objects.filter(at=NOW).count() == 0
