"""Abuse control of the anonymous portal forms: an offline captcha and database rate limits.

Used by the 依申请公开 intake (/ysqgk/, gongkai/foi/views/public.py) and the 12345 portal
(/12345/, gongkai/hotline/public.py); each app declares one :class:`Captcha` (its session key)
and one :class:`RateLimiter` (its scope, its limits table from its domain package and the advice
its visitors read when blocked). Why rows in the database and a captcha drawn by us:
docs/decisions/0005-foi-intake-rate-limits-and-captcha.md.

**Captcha.** The county's portal may run on an intranet, so the image is drawn server-side with
Pillow: 5 characters from an alphabet without look-alikes (no 0/O, 1/I/L/7, 2/Z, 5/S, 8/B), each
rotated and shifted, over noise lines and dots. Only a keyed digest of the answer is kept, in the
visitor's (database-backed) session, with the time it was issued, so the answer never reaches
the browser and a leaked session table does not give it away:

- single use: :meth:`Captcha.verify` forgets the challenge whatever the answer;
- 10 minutes: an older challenge is refused as expired;
- every image request issues a new challenge (so "换一张" is just a new image).

``settings.CAPTCHA_TEST_ANSWER`` (automated browser tests only) fixes every answer; the system
check ``gongkai.W001`` warns while it is set (gongkai/core/apps.py).

**Rate limits.** One :class:`~gongkai.core.models.RateLimitHit` row per counted action and
client key (the IP address, the session, or an app-specific value such as a ticket number),
stored as a keyed digest — an IP address is personal information and has no place in a table
nobody audits. Limits are counted over sliding windows; rows older than :data:`KEEP` are deleted
whenever a hit is written (the only purge: the table holds a day of throttle data at most).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from gongkai.audit.context import client_ip
from gongkai.core.domain.ratelimits import Limit, LimitTable, exceeded
from gongkai.core.models import RateLimitHit

__all__ = [
    "ALPHABET",
    "HEIGHT",
    "KEEP",
    "LENGTH",
    "LIFETIME",
    "WIDTH",
    "Blocked",
    "Captcha",
    "RateLimiter",
    "render_png",
]

# ---------------------------------------------------------------------------- captcha

ALPHABET = "ACDEFGHJKMNPQRTUVWXY3469"
LENGTH = 5
LIFETIME = dt.timedelta(minutes=10)
WIDTH, HEIGHT = 180, 60


@dataclass(frozen=True, slots=True)
class Captcha:
    """The challenge of one portal form, kept in the session under ``session_key``."""

    session_key: str

    def _digest(self, answer: str) -> str:
        return salted_hmac(
            f"gongkai.captcha.{self.session_key}", answer.strip().upper(), algorithm="sha256"
        ).hexdigest()

    def issue(self, session, *, now: dt.datetime) -> str:
        """Start a new challenge in ``session`` and return its answer (to draw it)."""
        answer = settings.CAPTCHA_TEST_ANSWER or "".join(
            secrets.choice(ALPHABET) for _ in range(LENGTH)
        )
        session[self.session_key] = {"digest": self._digest(answer), "issued": now.timestamp()}
        return answer

    def verify(self, session, answer: str, *, now: dt.datetime) -> str | None:
        """None if ``answer`` solves the challenge, else a Chinese message. Single use."""
        challenge = session.pop(self.session_key, None)
        if not challenge:
            return "验证码已失效，请看新的图片重新输入"
        if now.timestamp() - challenge["issued"] > LIFETIME.total_seconds():
            return "验证码已过期（有效期10分钟），请看新的图片重新输入"
        if not (answer or "").strip():
            return "请填写验证码"
        if not constant_time_compare(self._digest(answer), challenge["digest"]):
            return "验证码不正确，请看新的图片重新输入"
        return None

    def discard(self, session) -> None:
        """Forget the challenge unchecked (a form refused before the captcha was looked at)."""
        session.pop(self.session_key, None)


def render_png(answer: str) -> bytes:
    """The challenge as a PNG. ``random`` (not ``secrets``) only shapes the drawing."""
    rng = random.Random(secrets.randbits(64))  # noqa: S311 (noise, not the secret)
    image = Image.new("RGB", (WIDTH, HEIGHT), (246, 247, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(6):  # background lines
        draw.line(
            [(rng.randint(0, WIDTH), rng.randint(0, HEIGHT)) for _ in range(2)],
            fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)),
            width=1,
        )
    step = (WIDTH - 20) // LENGTH
    for i, ch in enumerate(answer):
        font = ImageFont.load_default(size=rng.randint(30, 38))
        glyph = Image.new("RGBA", (48, 56), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (8, 4),
            ch,
            font=font,
            fill=(rng.randint(10, 90), rng.randint(10, 90), rng.randint(60, 140), 255),
        )
        glyph = glyph.rotate(rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC)
        image.paste(glyph, (10 + i * step + rng.randint(-3, 3), rng.randint(0, 8)), glyph)
    for _ in range(3):  # lines across the characters
        y = rng.randint(15, HEIGHT - 15)
        draw.line(
            [(0, y), (WIDTH, y + rng.randint(-15, 15))],
            fill=(rng.randint(60, 140), rng.randint(60, 140), rng.randint(60, 140)),
            width=2,
        )
    for _ in range(350):  # dots
        draw.point(
            (rng.randrange(WIDTH), rng.randrange(HEIGHT)),
            fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)),
        )
    out = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(out, format="PNG", optimize=True)
    return out.getvalue()


# ---------------------------------------------------------------------------- rate limits

KEEP = dt.timedelta(days=1)  # longer than the longest window of any table


@dataclass(frozen=True, slots=True)
class Blocked:
    """A client over ``limit``; ``message`` is what the visitor reads (with HTTP 429)."""

    limit: Limit
    advice: str

    @property
    def message(self) -> str:
        return (
            f"您在{self.limit.label}内的操作次数已达上限（{self.limit.max_hits}次），{self.advice}"
        )


@dataclass(frozen=True, slots=True)
class RateLimiter:
    """The limits of one app: ``scope`` separates its rows from other apps' (same action names
    may mean different things), ``limits`` is its table (action → client kind → limits),
    ``advice`` ends the message of a blocked visitor (where else to turn)."""

    scope: str
    limits: LimitTable
    advice: str

    def _keys(self, request, action: str, extra: dict[str, str] | None) -> list[tuple[str, str]]:
        """(client kind, keyed digest) of the request for the kinds ``action`` is limited by."""
        table = self.limits.get(action, {})
        values = {"ip": client_ip() or request.META.get("REMOTE_ADDR") or "unknown"}
        if request.session.session_key:
            values["session"] = request.session.session_key
        values.update(extra or {})
        return [
            (kind, self._digest(kind, value)) for kind, value in values.items() if kind in table
        ]

    def _digest(self, kind: str, value: str) -> str:
        # Keyed with SECRET_KEY: a copy of the table alone does not let anyone test addresses.
        return salted_hmac(
            f"gongkai.ratelimit.{self.scope}", f"{kind}:{value}", algorithm="sha256"
        ).hexdigest()

    def blocked(
        self, request, action: str, *, now: dt.datetime, extra: dict[str, str] | None = None
    ) -> Blocked | None:
        """Is ``action`` over one of its limits for this client? (Reads only.)

        ``extra`` adds app-specific client values, e.g. ``{"number": ticket_number}``.
        """
        for kind, key_digest in self._keys(request, action, extra):
            limits = self.limits[action][kind]
            hits = RateLimitHit.objects.filter(
                scope=self.scope, action=action, key_digest=key_digest
            )
            counts = [
                hits.filter(at__gt=now - dt.timedelta(seconds=limit.seconds)).count()
                for limit in limits
            ]
            hit = exceeded(limits, counts)
            if hit is not None:
                return Blocked(hit, self.advice)
        return None

    def record(
        self, request, action: str, *, now: dt.datetime, extra: dict[str, str] | None = None
    ) -> None:
        """Count one ``action`` for this client; forget hits older than :data:`KEEP`."""
        with transaction.atomic():
            RateLimitHit.objects.filter(at__lt=now - KEEP).delete()
            RateLimitHit.objects.bulk_create(
                [
                    RateLimitHit(scope=self.scope, action=action, key_digest=key_digest, at=now)
                    for _, key_digest in self._keys(request, action, extra)
                ]
            )
