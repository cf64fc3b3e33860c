"""`manage.py hotline_routing_eval`: accuracy of the routing suggestion on held-out tickets.

Trains on the oldest 80 % of the dispatched tickets (by acceptance time) and suggests a unit for
each of the newest 20 %: top-1 is the share where the first suggestion is the unit that handled
the ticket, top-3 the share where it is among the first three. Also prints the mean and 95th
percentile time of one suggestion. Does not touch the saved model.
"""

from __future__ import annotations

import statistics
import time

from django.core.management.base import BaseCommand

from gongkai.hotline import routing_model
from gongkai.units.scoping import system_scope


class Command(BaseCommand):
    help = "评估派单建议模型：以较早的80%工单训练，检验最新20%工单的首选/前三命中率"

    def add_arguments(self, parser):
        parser.add_argument("--holdout", type=float, default=0.2, help="留出比例（默认0.2）")

    def handle(self, *args, **options):
        with system_scope("hotline_routing_eval: reads every dispatched ticket"):
            rows = routing_model.training_examples()
            names = routing_model.unit_names()
        if len(rows) < 10:
            self.stderr.write("工单太少，无法评估（请先运行 demo_county）。")
            return
        cut = int(len(rows) * (1 - options["holdout"]))
        started = time.perf_counter()
        model = routing_model.train([e for _, e in rows[:cut]], names)
        trained = time.perf_counter() - started
        test = [e for _, e in rows[cut:]]
        routing_model.tokenize("预热")  # jieba loads its dictionary once, before timing
        top1 = top3 = 0
        times = []
        for example in test:
            t = time.perf_counter()
            suggested = [s.unit_id for s in model.suggest(example.text, k=3)]
            times.append((time.perf_counter() - t) * 1000)
            top1 += bool(suggested) and suggested[0] == example.unit_id
            top3 += example.unit_id in suggested
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
        self.stdout.write(
            "\n".join(
                [
                    f"训练集：{cut} 件（较早），测试集：{len(test)} 件（最新），训练用时 {trained:.1f} 秒",
                    f"首选命中率（top-1）：{top1 / len(test):.1%}",
                    f"前三命中率（top-3）：{top3 / len(test):.1%}",
                    f"单件建议耗时：平均 {statistics.mean(times):.2f} 毫秒，P95 {p95:.2f} 毫秒",
                ]
            )
        )
