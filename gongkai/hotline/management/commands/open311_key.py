"""Manage Open311 API keys: ``open311_key create NAME [--channel wechat|app] [--centre CODE]``,
``open311_key list``, ``open311_key revoke NAME``. The key is printed once and never stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.hotline import citizen
from gongkai.hotline.api_models import ApiClient
from gongkai.hotline.open311 import keys
from gongkai.units.models import Unit


class Command(BaseCommand):
    help = "签发、列出或停用 Open311 API 密钥"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="签发新密钥（只显示一次）")
        create.add_argument("name")
        create.add_argument("--channel", choices=["wechat", "app"], default="wechat")
        create.add_argument("--centre", default="", help="受理热线中心的单位代码（默认自动识别）")
        sub.add_parser("list", help="列出客户端")
        revoke = sub.add_parser("revoke", help="停用密钥")
        revoke.add_argument("name")

    def handle(self, *args, action: str, **options):
        now = timezone.now()
        try:
            if action == "create":
                centre = (
                    Unit.unscoped.filter(code=options["centre"]).first()
                    if options["centre"]
                    else citizen.hotline_centre()
                )
                if centre is None:
                    raise CommandError("找不到受理热线中心，请用 --centre 指定单位代码")
                client, raw = keys.issue_key(
                    name=options["name"],
                    centre=centre,
                    channel=options["channel"],
                    by=keys.COMMAND_ACTOR,
                    now=now,
                )
                self.stdout.write(
                    f"已签发：{client.name}（{client.get_channel_display()}，{centre.name}）"
                )
                self.stdout.write("API 密钥（只显示这一次，请妥善交付）：")
                self.stdout.write(raw)
            elif action == "revoke":
                client = keys.revoke_key(name=options["name"], by=keys.COMMAND_ACTOR, now=now)
                self.stdout.write(f"已停用：{client}")
            else:
                for client in ApiClient.objects.select_related("centre"):
                    state = "启用" if client.is_active else "已停用"
                    self.stdout.write(
                        f"{client.name}\t{client.key_prefix}…\t{client.channel}\t{state}"
                    )
        except keys.ApiKeyError as exc:
            raise CommandError(str(exc)) from exc
