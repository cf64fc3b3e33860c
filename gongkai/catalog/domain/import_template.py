"""The .xlsx import template for county staff: headers, drop-down lists, column documentation.

The 「填写说明」 sheet documents each column (its help text comes from
:data:`gongkai.catalog.domain.import_columns.COLUMNS`) and lists the allowed classification
values. :mod:`gongkai.catalog.domain.importing` re-exports everything public here.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.catalog.domain.import_columns import (
    COL_ATTACHMENTS,
    COL_BODY,
    COL_CHANNEL,
    COL_DOC_NUMBER,
    COL_GENRE,
    COL_INDEX,
    COL_KEYWORDS,
    COL_KIND,
    COL_PUBLISHED,
    COL_PUBLISHER,
    COL_SOURCE_URL,
    COL_SUMMARY,
    COL_TITLE,
    COL_TOPIC,
    COL_VALIDITY,
    COL_WRITTEN,
    COLUMNS,
)
from gongkai.catalog.domain.taxonomy import GENRES, ITEM_KIND_LABELS, TOPICS, VALIDITY_LABELS

DATA_SHEET_TITLE = "目录信息"
HELP_SHEET_TITLE = "填写说明"


def template_headers() -> list[str]:
    """Header cells of the template: required columns carry a trailing 「*」."""
    return [f"{c.name}*" if c.required else c.name for c in COLUMNS]


def write_template(path: Path) -> None:
    """Write an .xlsx import template for county staff.

    Sheet 1 「目录信息」 has the headers (required ones marked 「*」) and drop-down lists for the
    classification columns; sheet 2 「填写说明」 explains each column and lists the allowed values
    (the drop-downs point at those lists). The reader only looks at the first sheet.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET_TITLE
    help_sheet = workbook.create_sheet(HELP_SHEET_TITLE)

    bold = Font(bold=True)
    required_font = Font(bold=True, color="C00000")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    widths = {
        COL_CHANNEL: 30, COL_TITLE: 50, COL_INDEX: 28, COL_DOC_NUMBER: 20, COL_WRITTEN: 12,
        COL_PUBLISHED: 12, COL_PUBLISHER: 24, COL_TOPIC: 22, COL_GENRE: 10, COL_VALIDITY: 10,
        COL_KIND: 10, COL_KEYWORDS: 20, COL_SUMMARY: 40, COL_BODY: 60, COL_SOURCE_URL: 40,
        COL_ATTACHMENTS: 30,
    }  # fmt: skip
    data.append(template_headers())
    for index, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=index)
        cell.font = required_font if column.required else bold
        cell.fill = header_fill
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = widths.get(column.name, 16)
        if column.name in {COL_WRITTEN, COL_PUBLISHED}:
            # Dates typed into these columns stay dates (openpyxl hands them back as datetime).
            data.column_dimensions[letter].number_format = "yyyy-mm-dd"
    data.freeze_panes = "A2"

    # 填写说明: column descriptions on the left, allowed-value lists on the right.
    help_sheet.append(["列名", "是否必填", "别名（也可识别）", "说明"])
    for column in COLUMNS:
        help_sheet.append(
            [
                column.name,
                "必填" if column.required else "选填",
                "、".join(column.aliases),
                column.help,
            ]
        )
    notes = [
        "",
        "注意事项：",
        "1. 只读取第一个工作表；第一行为表头，列的顺序可以调整，不认识的列会被忽略。",
        "2. 带「*」的列必须填写；日期不能晚于今天，成文日期不能晚于发布日期。",
        "3. 填写「原网址」或「索引号」后，重复导入同一文件会跳过已导入的信息，不会重复新建。",
        "4. 有错误的行不会导入，系统会逐行列出错误原因；改正后重新导入同一文件即可。",
        "",
        "示例：",
    ]
    for note in notes:
        help_sheet.append([note])
    help_sheet.append(template_headers())
    help_sheet.append(
        [
            "法定主动公开内容/政策文件",
            "霍邱县人民政府办公室关于印发《霍邱县2024年优化营商环境工作要点》的通知",
            "11341522003118262W/202403-00012",
            "霍政办〔2024〕12号",
            "2024-03-01",
            "2024-03-05",
            "霍邱县人民政府办公室",
            "综合政务",
            "通知",
            "有效",
            "政策文件",
            "营商环境，工作要点",
            "印发2024年优化营商环境工作要点。",
            "<p>各乡镇人民政府，县政府各部门：……</p>",
            "https://www.huoqiu.gov.cn/public/6596091/12345678.html",
            "附件/2024/工作要点.pdf",
        ]
    )

    lists: list[tuple[str, tuple[str, ...]]] = [
        (COL_TOPIC, TOPICS),
        (COL_GENRE, GENRES),
        (COL_VALIDITY, tuple(label for label in VALIDITY_LABELS.values() if label)),
        (COL_KIND, tuple(ITEM_KIND_LABELS.values())),
    ]
    # Lists start in column G; F holds the 主题分类 class numbers (1–19), E is an empty gutter.
    first_list_col = 7
    help_sheet.cell(row=1, column=first_list_col - 1, value="序号").font = bold
    for offset, (name, values) in enumerate(lists):
        col = first_list_col + offset * 2
        header = help_sheet.cell(row=1, column=col, value=f"{name}（可选值）")
        header.font = bold
        for row, value in enumerate(values, start=2):
            help_sheet.cell(row=row, column=col, value=value)
            if name == COL_TOPIC:
                help_sheet.cell(row=row, column=col - 1, value=row - 1)
        letter = get_column_letter(col)
        help_sheet.column_dimensions[letter].width = 26 if name == COL_TOPIC else 12
        # Drop-down on the data sheet; errorStyle「warning」 still lets staff type a class number.
        target = get_column_letter(1 + [c.name for c in COLUMNS].index(name))
        validation = DataValidation(
            type="list",
            formula1=f"'{HELP_SHEET_TITLE}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle=f"{name}",
            error=f"请从「{HELP_SHEET_TITLE}」中的{name}列表选择",
        )
        validation.add(f"{target}2:{target}50000")
        data.add_data_validation(validation)
    for letter, width in (("A", 12), ("B", 10), ("C", 18), ("D", 70)):
        help_sheet.column_dimensions[letter].width = width
    for cell in help_sheet[1][:4]:
        cell.font = bold
    for row in help_sheet.iter_rows(min_row=2, max_row=len(COLUMNS) + 1, max_col=4):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")

    workbook.save(path)
