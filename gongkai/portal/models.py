from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The public portal's home page (the catalogue issue adds units, channels and items)."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from gongkai.portal.selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context

    class Meta:
        verbose_name = _("门户首页")
