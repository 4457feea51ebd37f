from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wushe.core.text import normalise_query, pinyin_full, pinyin_initials
from wushe.core.validators import mask_phone, validate_phone, validate_uscc


class PlaceLevel(models.IntegerChoices):
    DISTRICT = 1, _("区")
    STREET = 2, _("街道(乡镇)")
    COMMUNITY = 3, _("社区(村)")
    COURTYARD = 4, _("院落(小区)")


class PlaceQuerySet(models.QuerySet["Place"]):
    def search(self, query: str) -> PlaceQuerySet:
        q = normalise_query(query)
        if not q:
            return self
        key = q.lower().replace(" ", "")
        return self.filter(
            Q(name__icontains=q) | Q(full_name__icontains=q) | Q(pinyin__contains=key) | Q(initials__startswith=key)
        )


class Place(models.Model):
    """Where work happens: 区 → 街道/乡镇 → 社区/村 → 院落/小区."""

    name = models.CharField(_("名称"), max_length=60)
    level = models.PositiveSmallIntegerField(_("层级"), choices=PlaceLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    full_name = models.CharField(_("全称"), max_length=200, editable=False, blank=True)
    pinyin = models.CharField(max_length=300, editable=False, blank=True, db_index=True)
    initials = models.CharField(max_length=80, editable=False, blank=True, db_index=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("地点")
        verbose_name_plural = pgettext_lazy("plural", "地点")
        ordering = ["level", "pinyin"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="place_unique_name_under_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="place_unique_top_level_name"
            ),
        ]
        indexes = [models.Index(fields=["parent", "level"], name="place_parent_level")]

    def __str__(self) -> str:
        return self.full_name or self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name = f"{self.parent.full_name}{self.name}" if self.parent_id and self.parent else self.name
        self.pinyin = pinyin_full(self.full_name)
        self.initials = pinyin_initials(self.name)
        super().save(*args, **kwargs)


class FieldOfWork(models.Model):
    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("服务领域")
        verbose_name_plural = pgettext_lazy("plural", "服务领域")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    FUNDER = "funder", _("资助方")
    SUPPORT = "support", _("支持性组织")
    SERVICE = "service", _("社会服务机构")
    COMMUNITY_GROUP = "community_group", _("社区社会组织")
    PARTNER = "partner", _("合作伙伴")
    GOVERNMENT = "government", _("政府指导单位")


# Each kind's name over a number of them (the home page's counts), where English needs the plural.
KIND_PLURAL_LABELS = {
    OrganisationKind.FUNDER: pgettext_lazy("plural", "资助方"),
    OrganisationKind.SUPPORT: pgettext_lazy("plural", "支持性组织"),
    OrganisationKind.SERVICE: pgettext_lazy("plural", "社会服务机构"),
    OrganisationKind.COMMUNITY_GROUP: pgettext_lazy("plural", "社区社会组织"),
    OrganisationKind.PARTNER: pgettext_lazy("plural", "合作伙伴"),
    OrganisationKind.GOVERNMENT: pgettext_lazy("plural", "政府指导单位"),
}


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def search(self, query: str) -> OrganisationQuerySet:
        """Chinese substrings of the name or short name, full pinyin, or pinyin initials."""
        q = normalise_query(query)
        if not q:
            return self
        key = q.lower().replace(" ", "")
        if key.isascii() and key.isalnum():
            # The pinyin key holds every Latin letter and digit of the names, lowercased
            # (A2Z环保先锋 → a2zhuanbaoxianfeng), so it finds whatever matching the names would.
            # Not scanning the names too keeps the search cheap and served by an index.
            cond = Q(search_pinyin__contains=key) | Q(search_initials__contains=key)
        elif q.upper() == q.lower():
            # Nothing to fold (Chinese, digits): a plain substring match is the same, and cheaper.
            cond = Q(name__contains=q) | Q(short_name__contains=q)
        else:
            cond = Q(name__icontains=q) | Q(short_name__icontains=q)
            if key.isascii():
                cond |= Q(search_pinyin__contains=key) | Q(search_initials__contains=key)
        if key.isascii() and len(key) == 18:
            cond |= Q(uscc=key.upper())
        return self.filter(cond)

    def of_kind(self, kind: str) -> OrganisationQuerySet:
        return self.filter(kind=kind) if kind else self

    def serving(self, place: Place | None) -> OrganisationQuerySet:
        """Organisations registered in, or serving, ``place`` or anywhere below it."""
        if place is None:
            return self
        # Subqueries rather than joins: a join through service places repeats organisations,
        # and the DISTINCT plus COUNT over it costs several times more at a city's scale.
        under = Place.objects.filter(full_name__startswith=place.full_name).values("pk")
        served = self.model.service_places.through.objects.filter(place__in=under).values("organisation_id")
        return self.filter(Q(home_place__in=under) | Q(pk__in=served))


class Organisation(models.Model):
    """Every party is an organisation of a kind: funder, support organisation, service
    organisation, community social organisation, partner or government guidance unit."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrganisationKind.choices, db_index=True)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
        help_text=_("18 位,社区社会组织(备案)可不填。"),
    )
    registered_on = models.DateField(_("登记/备案日期"), null=True, blank=True)
    home_place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_organisations",
        verbose_name=_("所在地"),
    )
    service_places = models.ManyToManyField(Place, blank=True, related_name="served_by", verbose_name=_("服务地区"))
    fields_of_work = models.ManyToManyField(FieldOfWork, blank=True, verbose_name=pgettext_lazy("plural", "服务领域"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    description = models.TextField(_("简介"), max_length=2000, blank=True)
    logo = models.ImageField(_("标志"), upload_to="logos/%Y/", blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    search_pinyin = models.CharField(max_length=400, editable=False, blank=True, default="")
    search_initials = models.CharField(max_length=120, editable=False, blank=True, default="")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = pgettext_lazy("plural", "组织")
        ordering = ["search_pinyin"]
        indexes = [
            models.Index(fields=["kind", "is_active"], name="org_kind_active"),
            models.Index(fields=["search_pinyin"], name="org_search_pinyin"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.uscc:
            self.uscc = None
        self.refresh_search_keys()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    def refresh_search_keys(self) -> None:
        names = [n for n in (self.name, self.short_name) if n]
        self.search_pinyin = " ".join(pinyin_full(n) for n in names)
        self.search_initials = " ".join(pinyin_initials(n) for n in names)
