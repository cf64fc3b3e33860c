"""Seed the holiday arrangements 2004–2026 from chinese-calendar 1.11.0.

The data is copied into our own tables so that staff can correct it and add later years in the
admin; chinese-calendar is not consulted at run time (it raises for years it does not know).
"""

import datetime as dt

from django.db import migrations

# chinese_calendar stores each day's holiday as the English name (Holiday enum value).
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed(apps, schema_editor):
    import chinese_calendar

    HolidayYear = apps.get_model("workdays", "HolidayYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    loaded_at = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    years = {}
    for year in range(2004, 2027):
        years[year] = HolidayYear.objects.create(
            year=year,
            source="chinese-calendar 1.11.0（国务院办公厅历年节假日安排通知）",
            loaded_at=loaded_at,
        )
    days = []
    for day, holiday in sorted(chinese_calendar.holidays.items()):
        if day.year in years:
            name = NAMES.get(str(holiday), str(holiday))
            days.append(CalendarDay(year=years[day.year], date=day, kind="holiday", name=name))
    for day, holiday in sorted(chinese_calendar.workdays.items()):
        if day.year in years:
            name = NAMES.get(str(holiday), str(holiday)) + "调休上班"
            days.append(CalendarDay(year=years[day.year], date=day, kind="makeup", name=name))
    CalendarDay.objects.bulk_create(days, batch_size=500)


def unseed(apps, schema_editor):
    apps.get_model("workdays", "HolidayYear").objects.filter(year__lte=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
