"""Offline captcha and database rate limits of the 12345 portal pages.

Integrator: the FOI intake branch builds the same two things in gongkai/foi/captcha.py and
gongkai/foi/ratelimit.py (same design: a Pillow-drawn image, a keyed digest of the answer in the
session, single use, 10 minutes; hits counted per keyed client digest in the database). Once
both are merged, one neutral module (e.g. gongkai/core/antiabuse.py) should replace the two.

Captcha: 5 characters from an alphabet without look-alikes, drawn server-side (no internet;
the county portal may run on an intranet). Only an HMAC of the answer is kept in the
(database-backed) session, so it never reaches the browser.

Rate limits: one :class:`~gongkai.hotline.api_models.PublicRateHit` row per counted action and
client (IP, session, or a ticket number for failed tracking attempts), each as a keyed digest;
the limits are :data:`gongkai.hotline.domain.public.RATE_LIMITS`.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from gongkai.audit.context import client_ip
from gongkai.foi import crypto
from gongkai.hotline.api_models import PublicRateHit
from gongkai.hotline.domain.public import RATE_LIMITS, Limit, exceeded

# ---------------------------------------------------------------- captcha

ALPHABET = "ACDEFGHJKMNPQRTUVWXY3469"
LENGTH = 5
LIFETIME = dt.timedelta(minutes=10)
SESSION_KEY = "hotline_captcha"
WIDTH, HEIGHT = 170, 56
_SALT = "gongkai.hotline.captcha"


def _answer_digest(answer: str) -> str:
    return salted_hmac(_SALT, answer.strip().upper(), algorithm="sha256").hexdigest()


def issue_captcha(session, *, now: dt.datetime) -> str:
    """A new challenge in ``session``; returns the answer (to draw it)."""
    answer = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    session[SESSION_KEY] = {"digest": _answer_digest(answer), "issued": now.timestamp()}
    return answer


def verify_captcha(session, answer: str, *, now: dt.datetime) -> str | None:
    """None when ``answer`` solves the challenge, else a Chinese message. Single use."""
    challenge = session.pop(SESSION_KEY, None)
    if not challenge:
        return "验证码已失效，请看新的图片重新输入"
    if now.timestamp() - challenge["issued"] > LIFETIME.total_seconds():
        return "验证码已过期（有效期10分钟），请看新的图片重新输入"
    if not (answer or "").strip():
        return "请填写验证码"
    if not constant_time_compare(_answer_digest(answer), challenge["digest"]):
        return "验证码不正确，请看新的图片重新输入"
    return None


def captcha_png(answer: str) -> bytes:
    rng = random.Random(secrets.randbits(64))  # noqa: S311 (drawing noise, not the secret)
    image = Image.new("RGB", (WIDTH, HEIGHT), (245, 246, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        draw.line(
            [(rng.randint(0, WIDTH), rng.randint(0, HEIGHT)) for _ in range(2)],
            fill=tuple(rng.randint(120, 200) for _ in range(3)),
            width=1,
        )
    step = (WIDTH - 20) // LENGTH
    for i, ch in enumerate(answer):
        font = ImageFont.load_default(size=rng.randint(28, 36))
        glyph = Image.new("RGBA", (44, 52), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (8, 4), ch, font=font, fill=(rng.randint(10, 90), rng.randint(10, 90), 140, 255)
        )
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
        image.paste(glyph, (10 + i * step + rng.randint(-3, 3), rng.randint(0, 6)), glyph)
    for _ in range(300):
        draw.point(
            (rng.randrange(WIDTH), rng.randrange(HEIGHT)),
            fill=tuple(rng.randint(0, 255) for _ in range(3)),
        )
    out = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(out, format="PNG", optimize=True)
    return out.getvalue()


# ---------------------------------------------------------------- rate limits

KEEP = dt.timedelta(days=1)
_PURPOSE = "hotline.ratelimit"


@dataclass(frozen=True, slots=True)
class Blocked:
    limit: Limit

    @property
    def message(self) -> str:
        return (
            f"您在{self.limit.label}内的操作次数已达上限（{self.limit.max_hits}次），请稍后再试，"
            "或拨打12345政务服务便民热线。"
        )


def _keys(request, action: str, extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    table = RATE_LIMITS.get(action, {})
    values = {"ip": client_ip() or request.META.get("REMOTE_ADDR") or "unknown"}
    if request.session.session_key:
        values["session"] = request.session.session_key
    values.update(extra or {})
    return [
        (kind, crypto.digest(f"{action}:{value}", purpose=_PURPOSE))
        for kind, value in values.items()
        if kind in table
    ]


def blocked(
    request, action: str, *, now: dt.datetime, extra: dict[str, str] | None = None
) -> Blocked | None:
    """Is ``action`` over a limit for this client (reads only)?"""
    for kind, client in _keys(request, action, extra):
        limits = RATE_LIMITS[action][kind]
        counts = [
            PublicRateHit.objects.filter(
                action=action, client=client, at__gt=now - dt.timedelta(seconds=limit.seconds)
            ).count()
            for limit in limits
        ]
        hit = exceeded(limits, counts)
        if hit is not None:
            return Blocked(hit)
    return None


@transaction.atomic
def count(request, action: str, *, now: dt.datetime, extra: dict[str, str] | None = None) -> None:
    """Count one ``action`` for this client; forget hits older than a day."""
    PublicRateHit.objects.filter(at__lt=now - KEEP).delete()
    PublicRateHit.objects.bulk_create(
        [PublicRateHit(action=action, client=c, at=now) for _, c in _keys(request, action, extra)]
    )
