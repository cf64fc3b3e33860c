"""`manage.py hotline_routing_train`: (re)build the routing suggestion model from all tickets."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.hotline import routing_model
from gongkai.units.scoping import system_scope


class Command(BaseCommand):
    help = "根据历史派单训练12345工单派单建议模型"

    def handle(self, *args, **options):
        started = time.perf_counter()
        with system_scope("hotline_routing_train: learns from every dispatched ticket"):
            model, count = routing_model.retrain(today=timezone.localdate())
        self.stdout.write(
            f"已训练：{count} 件工单，{len(model.idf)} 个词，"
            f"用时 {time.perf_counter() - started:.1f} 秒；模型保存于 {routing_model.model_path()}"
        )
