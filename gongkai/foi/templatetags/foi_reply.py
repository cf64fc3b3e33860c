"""``{% foi_reply_summary request_obj user as reply %}`` for the case page's reply section."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def foi_reply_summary(request_obj, user):
    from gongkai.foi.admin_replies import reply_summary

    return reply_summary(request_obj, user)
