"""The catalogue page tree: portal home → 政府信息公开 → unit → channel (栏目) → item.

Items are Wagtail pages so that revisions, scheduling, locking and the 三审 workflow come from
Wagtail; the fields the portal lists and filters on (unit, channel, publication state) are
denormalised onto the item row so that a channel listing is one indexed query even with
hundreds of thousands of items (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PagePermissionTester

from gongkai.catalog.domain.index_numbers import DEFAULT_PATTERN, IndexPattern, IndexPatternError
from gongkai.catalog.domain.sniffing import AttachmentRejected, safe_download_name, sniff
from gongkai.catalog.domain.taxonomy import (
    CHANNEL_TYPE_LABELS,
    DEFAULT_UPDATE_PERIOD_DAYS,
    GENRES,
    INTERPRETATION_FORM_LABELS,
    ITEM_KIND_LABELS,
    TOPICS,
    VALIDITY_LABELS,
    ChannelType,
    ItemKind,
    Validity,
)
from gongkai.catalog.forms import ItemPageForm
from gongkai.units.models import Unit

ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
NORMATIVE_CHANNEL_SLUG = "xzgfxwj"  # 行政规范性文件, see catalog/domain/structure.py


def _choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(str(k), v or "—") for k, v in labels.items()]


def validate_index_pattern(value: str) -> None:
    try:
        IndexPattern.parse(value)
    except IndexPatternError as exc:
        raise ValidationError(str(exc)) from exc


class DisclosureRootPage(Page):
    """政府信息公开: the county's unified disclosure platform (条例 Art. 24)."""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link", "ol", "ul"])

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["catalog.UnitCatalogPage"]
    max_count = 1
    template = "portal/catalog_root.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("政府信息公开平台")

    def get_context(self, request, *args, **kwargs):
        from gongkai.portal.selectors import catalogue_groups

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = catalogue_groups(self)
        return context


class UnitCatalogPage(Page):
    """One unit's catalogue (目录). Its subtree is what the unit's staff may edit."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="catalog_page"
    )
    intro = models.TextField(_("简介"), blank=True)
    index_pattern = models.CharField(
        _("索引号格式"),
        max_length=60,
        default=DEFAULT_PATTERN,
        validators=[validate_index_pattern],
        help_text=_(
            "可用占位符：{code} 单位编码、{uscc} 统一社会信用代码、{org} 组织机构代码、"
            "{YYYY} 年、{YYYYMM} 年月、{MM} 月、{seq:05} 序号（5 位）"
        ),
    )

    parent_page_types = ["catalog.DisclosureRootPage"]
    subpage_types = ["catalog.ChannelPage"]
    template = "portal/unit_catalog.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("unit", permission="catalog.manage_catalogue"),
        FieldPanel("intro"),
        FieldPanel("index_pattern", permission="catalog.manage_catalogue"),
    ]

    class Meta:
        verbose_name = _("单位目录")

    def get_context(self, request, *args, **kwargs):
        from gongkai.portal.selectors import unit_catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(unit_catalogue(self))
        return context


class ChannelPage(Page):
    """A channel (栏目) of a unit's catalogue, with an owner and an update period."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="channels",
        editable=False,
    )
    channel_type = models.CharField(
        _("栏目类型"),
        max_length=20,
        choices=_choices(CHANNEL_TYPE_LABELS),
        default=ChannelType.OTHER,
    )
    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任编辑"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_channels",
        help_text=_("负责本栏目按期更新；人员调整时随工作交接转给接任者"),
    )
    update_period_days = models.PositiveIntegerField(
        _("更新周期（天）"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3660)],
        help_text=_(
            "超过该天数未发布新信息即为“栏目不更新”；留空表示不监测。"
            "动态类 14 天，通知公告与政策文件 183 天，人事、规划计划 365 天"
        ),
    )
    description = models.TextField(_("栏目说明"), blank=True)
    is_standard = models.BooleanField(_("两化标准目录栏目"), default=False, editable=False)

    parent_page_types = ["catalog.UnitCatalogPage", "catalog.ChannelPage"]
    subpage_types = ["catalog.ChannelPage", "catalog.ItemPage"]
    template = "portal/channel_page.html"
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("channel_type"), FieldPanel("update_period_days")]),
        FieldPanel("responsible_editor"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("栏目")

    def save(self, *args, **kwargs):
        # The owner unit is the unit of the catalogue the channel sits in; denormalised so that
        # boards and scoping never walk the tree.
        if not self.unit_id:
            ancestor = self.get_parent() if self.path else None
            catalog = _catalog_of(ancestor)
            if catalog is None:
                raise ValidationError(_("栏目必须建在单位目录之下"))
            self.unit_id = catalog.unit_id
        if self.update_period_days is None and not self.pk:
            self.update_period_days = DEFAULT_UPDATE_PERIOD_DAYS.get(self.channel_type)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from gongkai.portal.selectors import channel_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(channel_listing(self, page_number=request.GET.get("page")))
        return context


def _catalog_of(page: Page | None) -> UnitCatalogPage | None:
    """The unit catalogue a page belongs to (itself or its nearest UnitCatalogPage ancestor)."""
    if page is None:
        return None
    specific = page.specific
    if isinstance(specific, UnitCatalogPage):
        return specific
    if isinstance(specific, ChannelPage | ItemPage):
        return UnitCatalogPage.objects.filter(unit_id=specific.unit_id).first()
    return (
        UnitCatalogPage.objects.ancestor_of(page).order_by("-depth").first()
        if page.depth > 1
        else None
    )


class ItemPermissionTester(PagePermissionTester):
    """Wagtail's tester, without a tree query where an item makes the answer obvious.

    An item never has children (``subpage_types = []``). Wagtail asks whether "any live page
    below" exists before letting a user without publish permission delete a page; for an item
    that is just "is it live". Asked once per row of every admin listing, the tree query was
    the slowest part of a 50-row listing on a large channel.
    """

    def can_delete(self, ignore_bulk=False):
        if (
            self.user.is_active
            and not self.user.is_superuser
            and self.page.is_leaf()
            and "change" in self.permissions
            and "publish" not in self.permissions
        ):
            return not self.page.live
        return super().can_delete(ignore_bulk)


def new_item_slug() -> str:
    # Items get short opaque ASCII slugs: Chinese titles would make long, unstable URLs, and the
    # title may change in later revisions while links on other sites must keep working.
    return uuid.uuid4().hex[:12]


class ItemPage(Page):
    """An item of government information (政府信息) in a channel."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="items", editable=False
    )
    channel = models.ForeignKey(
        ChannelPage,
        verbose_name=_("栏目"),
        on_delete=models.PROTECT,
        related_name="channel_items",
        editable=False,
    )
    # Mirrors Page.live (in another table) so the portal's listing index covers it.
    is_public = models.BooleanField(default=False, editable=False)
    kind = models.CharField(
        _("信息类型"), max_length=20, choices=_choices(ITEM_KIND_LABELS), default=ItemKind.GENERAL
    )
    index_number = models.CharField(
        _("索引号"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("首次发布时自动编制，全县唯一，永不复用"),
    )
    publisher = models.CharField(
        _("发布机构"), max_length=100, blank=True, help_text=_("使用全称；留空则为本单位全称")
    )
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(
        _("发布日期"), null=True, blank=True, help_text=_("首次发布时自动填写")
    )
    topic = models.CharField(
        _("主题分类"), max_length=20, blank=True, choices=[(t, t) for t in TOPICS]
    )
    genre = models.CharField(
        _("体裁分类"), max_length=10, blank=True, choices=[(g, g) for g in GENRES]
    )
    validity = models.CharField(
        _("有效性"),
        max_length=10,
        choices=_choices(VALIDITY_LABELS),
        default=Validity.NOT_APPLICABLE,
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), blank=True, max_length=1500)
    body = RichTextField(_("正文"), blank=True)
    needs_interpretation = models.BooleanField(
        _("需配发政策解读"),
        default=False,
        help_text=_("规章、行政规范性文件及涉及群众切身利益的政策文件须同步解读（谁起草、谁解读）"),
    )
    interpretation_form = models.CharField(
        _("解读形式"), max_length=20, blank=True, choices=_choices(INTERPRETATION_FORM_LABELS)
    )
    standard_entries = ParentalManyToManyField(
        "catalog.StandardEntry",
        verbose_name=_("对应标准目录事项"),
        blank=True,
        related_name="items",
    )
    # Idempotency key of items migrated from an old site (import_items).
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    withdrawn_reason = models.CharField(_("撤稿原因"), max_length=200, blank=True, editable=False)

    parent_page_types = ["catalog.ChannelPage"]
    subpage_types: list[str] = []
    template = "portal/item_page.html"
    base_form_class = ItemPageForm

    content_panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("publisher")]),
                FieldRowPanel([FieldPanel("doc_number"), FieldPanel("validity")]),
                FieldRowPanel([FieldPanel("written_on"), FieldPanel("published_on")]),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("genre")]),
                FieldPanel("keywords"),
            ],
            heading=_("目录元数据"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("附件"), label=_("附件")),
    ]
    links_panels = [
        MultiFieldPanel(
            [FieldPanel("needs_interpretation"), FieldPanel("interpretation_form")],
            heading=_("政策解读"),
        ),
        MultipleChooserPanel(
            "policy_links",
            chooser_field_name="policy",
            heading=_("本解读所解读的政策文件"),
            label=_("政策文件"),
        ),
        MultipleChooserPanel(
            "related_links",
            chooser_field_name="related",
            heading=_("相关信息"),
            label=_("相关信息"),
        ),
        FieldPanel("standard_entries"),
    ]
    settings_panels = Page.settings_panels
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("内容")),
            ObjectList(links_panels, heading=_("关联")),
            ObjectList(settings_panels, heading=_("定时发布")),
        ]
    )

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        indexes = [
            models.Index(
                fields=["channel", "is_public", "-published_on", "-page_ptr"],
                name="item_channel_listing",
            ),
            # The editors' listing of a channel (catalog/admin_listing.py), drafts included.
            models.Index(
                fields=["channel", "-published_on", "-page_ptr"], name="item_channel_admin"
            ),
            models.Index(fields=["unit", "is_public", "-published_on"], name="item_unit_listing"),
            models.Index(fields=["is_public", "-published_on"], name="item_latest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"], condition=~Q(index_number=""), name="item_index_unique"
            ),
            models.UniqueConstraint(
                fields=["unit", "import_key"],
                condition=~Q(import_key=""),
                name="item_import_key_unique",
            ),
        ]
        permissions = [
            ("withdraw_item", "可以撤稿"),
            ("manage_catalogue", "可以管理目录与栏目"),
        ]

    # ------------------------------------------------------------------ tree-derived fields

    def full_clean(self, *args, **kwargs):
        if not self.slug:
            self.slug = new_item_slug()
        self._attach_to_channel()
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        from gongkai.catalog.metadata import clean_item_metadata

        clean_item_metadata(self)
        # Every 行政规范性文件 is interpreted (statutes.md §5.1, 「谁起草、谁解读」).
        if self.kind == ItemKind.POLICY and self.channel_id:
            channel = ChannelPage.objects.filter(pk=self.channel_id).only("slug").first()
            if channel is not None and channel.slug == NORMATIVE_CHANNEL_SLUG:
                self.needs_interpretation = True

    def _attach_to_channel(self) -> None:
        if self.channel_id or not self.path:
            return
        parent = self.get_parent().specific
        if not isinstance(parent, ChannelPage):
            raise ValidationError(_("公开信息必须发布在栏目之下"))
        self.channel_id = parent.pk
        self.unit_id = parent.unit_id

    def with_content_json(self, content):
        # A revision is a snapshot of editable content. The 索引号, the publication date
        # and the tree-derived fields belong to the item, not to a revision: an older draft
        # must never bring back an empty 索引号 (which would allocate a second one).
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        obj.unit_id = self.unit_id
        obj.channel_id = self.channel_id
        obj.import_key = self.import_key
        if self.published_on and self.live:
            obj.published_on = self.published_on
        return obj

    def save_revision(self, user=None, *args, **kwargs):
        from gongkai.catalog.revisions import same_content

        latest = self.get_latest_revision() if self.pk else None
        if (
            latest is not None
            and not kwargs.get("overwrite_revision")
            and not kwargs.get("approved_go_live_at")
            and same_content(self.serializable_data(), latest.content)
        ):
            return latest  # nothing a reviewer would see has changed (see catalog/revisions.py)
        return super().save_revision(user, *args, **kwargs)

    def permissions_for_user(self, user):
        return ItemPermissionTester(user, self)

    def save(self, *args, **kwargs):
        from gongkai.catalog.publishing import before_item_save

        if not self.slug:
            self.slug = new_item_slug()
        self._attach_to_channel()
        before_item_save(self)
        return super().save(*args, **kwargs)

    # ------------------------------------------------------------------ display helpers

    @property
    def publisher_name(self) -> str:
        return self.publisher or self.unit.name

    @property
    def validity_label(self) -> str:
        return VALIDITY_LABELS.get(self.validity, "")

    @property
    def kind_label(self) -> str:
        return ITEM_KIND_LABELS.get(self.kind, "")

    def interpretation_due(self, calendar) -> dt.date | None:
        from gongkai.catalog.domain.taxonomy import INTERPRETATION_GRACE_WORKING_DAYS

        if not (self.needs_interpretation and self.published_on):
            return None
        return calendar.add_workdays(self.published_on, INTERPRETATION_GRACE_WORKING_DAYS)

    def get_context(self, request, *args, **kwargs):
        from gongkai.portal.selectors import item_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(item_detail(self))
        return context


class PolicyLink(Orderable):
    """An interpretation (政策解读) explains a policy document; shown on both (statutes.md §5.3)."""

    interpretation = ParentalKey(ItemPage, on_delete=models.CASCADE, related_name="policy_links")
    policy = models.ForeignKey(
        ItemPage,
        verbose_name=_("政策文件"),
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )

    panels = [FieldPanel("policy")]

    class Meta(Orderable.Meta):
        verbose_name = _("解读关联")
        constraints = [
            models.UniqueConstraint(fields=["interpretation", "policy"], name="policy_link_unique")
        ]


class RelatedItemLink(Orderable):
    item = ParentalKey(ItemPage, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        ItemPage, verbose_name=_("相关信息"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("related")]

    class Meta(Orderable.Meta):
        verbose_name = _("相关信息")


def attachment_path(instance: ItemAttachment, filename: str) -> str:
    # Stored under an opaque name: the original name is kept in the row and only used in the
    # Content-Disposition header of the download view.
    return f"attachments/{uuid.uuid4().hex}{instance.extension}"


class ItemAttachment(Orderable):
    """A file attached to an item; its type is sniffed from the bytes, never trusted."""

    item = ParentalKey(ItemPage, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("附件名称"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    kind = models.CharField(max_length=10, blank=True, editable=False)
    mime = models.CharField(max_length=100, blank=True, editable=False)
    extension = models.CharField(max_length=10, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)

    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def display_name(self) -> str:
        return self.title or self.original_name or _("附件")

    def clean(self) -> None:
        super().clean()
        upload = self.file.file if self.file and not self.file._committed else None
        if upload is None:
            return
        try:
            sniffed = sniff(upload, filename=upload.name, max_bytes=ATTACHMENT_MAX_BYTES)
        except AttachmentRejected as exc:
            raise ValidationError({"file": str(exc)}) from exc
        upload.seek(0, 2)
        self.size = upload.tell()
        upload.seek(0)
        self.kind = sniffed.kind.value
        self.mime = sniffed.mime
        self.extension = sniffed.extension
        self.original_name = safe_download_name(upload.name, sniffed)[:200]
        if not self.title:
            self.title = self.original_name.rsplit(".", 1)[0][:200]
