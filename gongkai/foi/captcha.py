"""An image captcha that needs no internet (the county's portal may run on an intranet).

The image is drawn server-side with Pillow: 5 characters from an alphabet without look-alikes
(no 0/O, 1/I/L/7, 2/Z, 5/S, 8/B), each rotated and shifted, over noise lines and dots. Only a
keyed digest of the answer is kept, in the visitor's session, with the time it was issued:

- single use: :func:`verify` forgets the challenge whatever the answer;
- 10 minutes: an older challenge is refused as expired;
- every image request issues a new challenge (the "换一张" button simply shows a new image).

Sessions are stored in the database (Django's default engine), so the digest never reaches the
browser; it is keyed with SECRET_KEY so a leaked session table does not give the answers away.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ALPHABET = "ACDEFGHJKMNPQRTUVWXY3469"
LENGTH = 5
LIFETIME = dt.timedelta(minutes=10)
SESSION_KEY = "foi_captcha"
WIDTH, HEIGHT = 180, 60
_SALT = "gongkai.foi.captcha"


def _digest(answer: str) -> str:
    return salted_hmac(_SALT, answer.strip().upper(), algorithm="sha256").hexdigest()


def issue(session, *, now: dt.datetime) -> str:
    """Start a new challenge in ``session`` and return its answer (to draw it, or in tests)."""
    answer = settings.CAPTCHA_TEST_ANSWER or "".join(
        secrets.choice(ALPHABET) for _ in range(LENGTH)
    )
    session[SESSION_KEY] = {"digest": _digest(answer), "issued": now.timestamp()}
    return answer


def verify(session, answer: str, *, now: dt.datetime) -> str | None:
    """None if ``answer`` solves the session's challenge, else a Chinese message. Single use."""
    challenge = session.pop(SESSION_KEY, None)
    if not challenge:
        return "验证码已失效，请看新的图片重新输入"
    issued = dt.datetime.fromtimestamp(challenge["issued"], tz=dt.UTC)
    if now - issued > LIFETIME:
        return "验证码已过期（有效期10分钟），请看新的图片重新输入"
    if not (answer or "").strip():
        return "请填写验证码"
    if not constant_time_compare(_digest(answer), challenge["digest"]):
        return "验证码不正确，请看新的图片重新输入"
    return None


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
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
