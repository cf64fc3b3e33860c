"""Open311 API keys: issue (the key is shown once), revoke, authenticate.

A key is ``gk311_`` + 43 URL-safe random characters (256 bits). Only a keyed digest is stored
(HMAC with a subkey of the data key, gongkai/foi/crypto.py): high-entropy keys need no slow
hash, and a stolen table alone cannot be used to test guesses.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.foi import crypto
from gongkai.hotline.api_models import API_CHANNELS, ApiClient
from gongkai.units.errors import UnitsError
from gongkai.units.models import Unit

PREFIX = "gk311_"
_PURPOSE = "hotline.open311.key"
COMMAND_ACTOR = "系统管理员（命令行）"

register_actions(
    {
        "hotline.api_key_issue": "12345 Open311：签发 API 密钥",
        "hotline.api_key_revoke": "12345 Open311：停用 API 密钥",
    }
)


class ApiKeyError(UnitsError):
    pass


def key_digest(raw: str) -> str:
    return crypto.digest(raw.strip(), purpose=_PURPOSE)


@transaction.atomic
def issue_key(
    *, name: str, centre: Unit, channel: str, by, now: dt.datetime
) -> tuple[ApiClient, str]:
    """A new client and its key (returned once, never stored)."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ApiKeyError("客户端名称须为1至60字")
    if channel not in API_CHANNELS:
        raise ApiKeyError("来源渠道须为 wechat（微信）或 app（App）")
    if ApiClient.objects.filter(name=name).exists():
        raise ApiKeyError(f"已有名为“{name}”的客户端；如需更换密钥，请先停用旧密钥再签发")
    raw = PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        key_prefix=raw[: len(PREFIX) + 4],
        key_digest=key_digest(raw),
        channel=channel,
        centre=centre,
        created_at=now,
        created_by=by if getattr(by, "pk", None) else None,
    )
    audit.record(
        action="hotline.api_key_issue",
        by=by,
        unit=centre,
        obj=client,
        after={"name": name, "channel": channel, "key_prefix": client.key_prefix},
        at=now,
    )
    return client, raw


@transaction.atomic
def revoke_key(*, name: str, by, now: dt.datetime) -> ApiClient:
    client = ApiClient.objects.select_for_update().filter(name=name).first()
    if client is None:
        raise ApiKeyError(f"没有名为“{name}”的客户端")
    if not client.is_active:
        raise ApiKeyError("该客户端的密钥已停用")
    client.is_active, client.revoked_at = False, now
    client.save(update_fields=["is_active", "revoked_at"])
    audit.record(
        action="hotline.api_key_revoke",
        by=by,
        unit=client.centre,
        obj=client,
        before={"is_active": True},
        after={"is_active": False},
        at=now,
    )
    return client


def authenticate(raw: str) -> ApiClient | None:
    """The active client holding ``raw``, else None."""
    raw = (raw or "").strip()
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    return (
        ApiClient.objects.select_related("centre")
        .filter(key_digest=key_digest(raw), is_active=True)
        .first()
    )
