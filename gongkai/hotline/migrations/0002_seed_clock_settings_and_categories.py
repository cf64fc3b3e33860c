"""Seed the clock settings from ``DEFAULT_POLICY`` (issue #6, huoqiu.md §5: urgent the same
day, 咨询 3 working days, other matters 10; sign-for 1 working day, urgent 2 hours; callback 2
working days) and a starter 诉求分类 tree (GB/T 39666-2020 style top-level subjects; the full
12/43/174 code list was not available, so counties extend it in the admin)."""

from django.db import migrations

from gongkai.hotline.domain.clocks import DEFAULT_POLICY
from gongkai.hotline.domain.states import Category

SUBJECTS = [
    ("01", "城乡建设", ["物业管理", "房屋质量", "拆迁安置", "市政设施"]),
    ("02", "交通运输", ["道路维护", "公交客运", "出租车"]),
    ("03", "生态环境", ["噪声污染", "大气污染", "水污染"]),
    ("04", "市场监管", ["食品安全", "消费维权", "价格监管"]),
    ("05", "劳动和社会保障", ["工资拖欠", "社会保险", "就业创业"]),
    ("06", "教育", ["招生入学", "学校管理"]),
    ("07", "卫生健康", ["医疗服务", "医保报销"]),
    ("08", "农业农村", ["惠农补贴", "农村人居环境"]),
    ("09", "公共安全", ["消防安全", "治安秩序"]),
    ("10", "水电气暖", ["供水", "供电", "燃气"]),
    ("11", "政务服务", ["办事咨询", "工作作风"]),
    ("99", "其他", []),
]


def seed(apps, schema_editor):
    ClockSetting = apps.get_model("hotline", "ClockSetting")
    ClockParameters = apps.get_model("hotline", "ClockParameters")
    HotlineCategory = apps.get_model("hotline", "Category")
    p = DEFAULT_POLICY
    for kind in Category:
        for urgent in (False, True):
            sign = p.urgent_sign_for if urgent else p.sign_for
            reply = p.reply_limit(kind, urgent)
            ClockSetting.objects.get_or_create(
                kind=str(kind),
                urgent=urgent,
                defaults={
                    "sign_workdays": sign.workdays,
                    "sign_hours": sign.hours,
                    "reply_workdays": reply.workdays,
                    "reply_hours": reply.hours,
                    "callback_workdays": p.callback.workdays,
                    "callback_hours": p.callback.hours,
                },
            )
    ClockParameters.objects.get_or_create(
        pk=1,
        defaults={
            "work_start": p.work_start,
            "work_end": p.work_end,
            "max_extensions": p.max_extensions,
            "remind_workdays": p.remind_workdays,
            "supervise_after_workdays": p.supervise_after_workdays,
        },
    )
    for order, (code, name, children) in enumerate(SUBJECTS, start=1):
        parent, _ = HotlineCategory.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        for i, child in enumerate(children, start=1):
            HotlineCategory.objects.get_or_create(
                code=f"{code}{i:02d}", defaults={"name": child, "parent": parent, "sort_order": i}
            )


def unseed(apps, schema_editor):
    apps.get_model("hotline", "ClockSetting").objects.all().delete()
    apps.get_model("hotline", "ClockParameters").objects.all().delete()
    Cat = apps.get_model("hotline", "Category")
    Cat.objects.filter(parent__isnull=False).delete()
    Cat.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_tickets")]
    operations = [migrations.RunPython(seed, unseed)]
