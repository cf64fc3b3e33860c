"""Models of the proactive-disclosure catalogue (the page tree) and its records."""

from gongkai.catalog.models.pages import (
    ChannelPage,
    DisclosureRootPage,
    ItemAttachment,
    ItemPage,
    PolicyLink,
    RelatedItemLink,
    UnitCatalogPage,
)
from gongkai.catalog.models.records import (
    ChannelFreshness,
    IndexSequence,
    StandardDirectory,
    StandardEntry,
    Withdrawal,
)
from gongkai.catalog.models.review import PreCheckTask, ReviewTask

__all__ = [
    "ChannelFreshness",
    "ChannelPage",
    "DisclosureRootPage",
    "IndexSequence",
    "ItemAttachment",
    "ItemPage",
    "PolicyLink",
    "PreCheckTask",
    "RelatedItemLink",
    "ReviewTask",
    "StandardDirectory",
    "StandardEntry",
    "UnitCatalogPage",
    "Withdrawal",
]
