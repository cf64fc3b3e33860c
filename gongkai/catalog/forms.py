"""The item editing form: choices limited to what belongs to the item's unit."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


class ItemPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("standard_entries")
        if field is None:
            return
        from gongkai.catalog.models import ChannelPage, StandardEntry

        unit_id = self.instance.unit_id
        if not unit_id and self.parent_page is not None:
            parent = self.parent_page.specific
            unit_id = parent.unit_id if isinstance(parent, ChannelPage) else None
        # Only this unit's 两化 entries (the scoped manager would also allow a township's
        # villages; an item answers to its own unit's directory).
        field.queryset = StandardEntry.unscoped.filter(unit_id=unit_id).select_related("directory")
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices
        field.help_text = "勾选本信息对应的基层政务公开标准目录事项，用于标准目录达标检查"
