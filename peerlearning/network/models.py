import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.models import RequestStatus, User, country_name
from peerlearning.lib.web import is_web_address
from peerlearning.network.geography import M49_NAMES, ProgrammeRegion, countries_in

if TYPE_CHECKING:
    pass


class Country(models.Model):
    """An ISO 3166-1 country with its regions. Rows come from data/regions.csv (a migration)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    m49_region = models.CharField(max_length=3, blank=True)
    m49_subregion = models.CharField(max_length=3, blank=True)
    m49_intermediate_region = models.CharField(max_length=3, blank=True)
    programme_region = models.CharField(
        max_length=20, choices=ProgrammeRegion.choices, blank=True, db_index=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return country_name(self.code) or self.code

    @property
    def subregion_name(self) -> str:
        return str(M49_NAMES.get(self.m49_subregion, ""))


class StakeholderType(models.TextChoices):
    GOVERNMENT = "government", _("Government ministry or department")
    LOCAL_AUTHORITY = "local-authority", _("Local authority")
    NHRI = "nhri", _("National human rights institution")
    CIVIL_SOCIETY = "civil-society", _("Civil society")
    GRASSROOTS = "grassroots", _("Grassroots or lived-experience-led group")
    UN_AGENCY = "un-agency", _("UN agency")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    ACADEMIC = "academic", _("Academic")
    DONOR = "donor", _("Donor")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("In the directory")
    PROPOSED = "proposed", _("Proposed, waiting for a facilitator")
    REFUSED = "refused", _("Refused")
    MERGED = "merged", _("Merged into another organisation")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    """Who may see them is decided in peerlearning/access."""


class Organisation(models.Model):
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=250)
    name_translations = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        help_text=_('For example {"es": "…", "fr": "…", "ar": "…"}.'),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=20, choices=StakeholderType.choices, db_index=True
    )
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    website = models.URLField(_("website"), blank=True)
    is_coalition_member = models.BooleanField(_("coalition member"), default=False)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
        db_index=True,
    )
    # A member's proposal: who proposed it, and the facilitator's decision.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    # A duplicate merged into another keeps its address, which leads to the one kept.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation_detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        language = (translation.get_language() or "en").split("-")[0]
        return self.name_translations.get(language) or self.name

    def clean(self) -> None:
        super().clean()
        check_website(self.website)

    @property
    def website_link(self) -> str:
        """The website as a link target: an http(s) address only (a `javascript:` one, stored
        before it was refused, is never made a link)."""
        return self.website if is_web_address(self.website) else ""


def check_website(url: str) -> None:
    """An organisation's website: an http or https address, nothing else."""
    if not url:
        return
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"website": _("Enter a web address starting with http:// or https://.")}
        ) from None


# Mail services anyone can open an address at: an address there proves nothing about where a
# person works, so such a domain is never registered for an organisation. "*" ends a family of
# national variants (gmx.de, gmx.net, yandex.ru, yandex.com, …).
PUBLIC_MAIL_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "outlook.*",
    "hotmail.com",
    "hotmail.*",
    "live.com",
    "live.*",
    "msn.com",
    "yahoo.com",
    "yahoo.*",
    "ymail.com",
    "rocketmail.com",
    "aol.com",
    "aim.com",
    "proton.me",
    "protonmail.com",
    "protonmail.ch",
    "pm.me",
    "icloud.com",
    "me.com",
    "mac.com",
    "gmx.*",
    "web.de",
    "mail.com",
    "email.com",
    "zoho.com",
    "zohomail.com",
    "tutanota.com",
    "tutanota.de",
    "tuta.io",
    "fastmail.com",
    "fastmail.fm",
    "hey.com",
    "mail.ru",
    "bk.ru",
    "inbox.ru",
    "list.ru",
    "yandex.*",
    "ya.ru",
    "rambler.ru",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "naver.com",
    "daum.net",
    "rediffmail.com",
    "laposte.net",
    "orange.fr",
    "free.fr",
    "libero.it",
    "t-online.de",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "interia.pl",
    "mailinator.com",
)


def is_public_mail_domain(domain: str) -> bool:
    domain = domain.strip().lower().rstrip(".")
    for entry in PUBLIC_MAIL_DOMAINS:
        if entry.endswith(".*"):
            # A national variant: gmx.de, yahoo.co.uk, yandex.com.tr.
            prefix = entry[:-1]
            if domain.startswith(prefix) and 1 <= len(domain[len(prefix) :].split(".")) <= 2:
                return True
        elif domain == entry:
            return True
    return False


def email_domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".")


class AffiliationStatus(models.TextChoices):
    CLAIMED = "claimed", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def confirmed(self) -> "AffiliationQuerySet":
        """The only affiliations that give a right: speaking for the organisation."""
        return self.filter(status=AffiliationStatus.CONFIRMED)

    def claimed(self) -> "AffiliationQuerySet":
        """Claims waiting for a decision."""
        return self.filter(status=AffiliationStatus.CLAIMED)


class Affiliation(models.Model):
    """A person works at an organisation. Hidden behind a pseudonym unless the person chooses.

    A claim until a confirmed member of the organisation or a coordinator confirms it (or the
    person's verified address is on one of the organisation's domains); only a confirmed
    affiliation lets a person speak for the organisation."""

    Status = AffiliationStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    shown_with_pseudonym = models.BooleanField(
        _("show even under my pseudonym"),
        default=False,
        help_text=_("Off by default: an organisation can tell who is behind a pseudonym."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AffiliationStatus.choices,
        default=AffiliationStatus.CLAIMED,
        db_index=True,
    )
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by_domain = models.CharField(
        _("confirmed by the e-mail domain"), max_length=253, blank=True
    )

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="one_affiliation_each")
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.organisation}" if self.title else str(self.organisation)

    @property
    def is_confirmed(self) -> bool:
        return self.status == AffiliationStatus.CONFIRMED


class OrganisationDomain(models.Model):
    """An e-mail domain of one organisation (never of its parent or its departments): a person
    whose verified address is on it is confirmed at once when they claim the organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self) -> str:
        return self.domain


class Level(models.TextChoices):
    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    CROSS_REGIONAL = "cross-regional", _("Cross-regional")
    GLOBAL = "global", _("Global")


class CommunityVisibility(models.TextChoices):
    LISTED = "listed", _("Listed: anyone can see it exists and what it publishes")
    PRIVATE = "private", _("Private: invisible to anyone who is not a member")


class CommunityQuerySet(models.QuerySet["Community"]):
    """Who may see them is decided in peerlearning/access."""

    def filtered(self, filters: Mapping[str, Any]) -> "CommunityQuerySet":
        """The list's filters, for the page and the API: q (in the name), level, region (a
        country of the community in it), closed (closed sub-groups too: left out unless
        asked); empty values filter nothing."""
        communities = self if filters.get("closed") else self.filter(closed_at__isnull=True)
        if filters.get("q"):
            communities = communities.filter(name__icontains=filters["q"])
        if filters.get("level"):
            communities = communities.filter(level=filters["level"])
        if filters.get("region"):
            communities = communities.filter(
                countries__in=countries_in(filters["region"])
            ).distinct()
        return communities


class Community(models.Model):
    """A community of practice (the seed's "peer learning platform")."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=250)
    purpose = models.TextField(_("purpose"))
    # The language its name and purpose are written in; `translations` holds the others.
    language = models.CharField(_("language"), max_length=10, default="en")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, db_index=True)
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True)
    regions = models.JSONField(_("programme regions"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=CommunityVisibility.choices,
        default=CommunityVisibility.LISTED,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-group of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subgroups",
    )
    since = models.CharField(_("active since"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # A closed sub-group keeps its history; it takes no new members nor exchanges.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language: {"es": {"name": "…", "purpose": "…"}}.'),
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:community_detail", args=[self.slug])

    @property
    def is_private(self) -> bool:
        return self.visibility == CommunityVisibility.PRIVATE

    def region_labels(self) -> list[str]:
        return [
            str(ProgrammeRegion(code).label)
            for code in self.regions
            if code in ProgrammeRegion.values
        ]


class Role(models.TextChoices):
    CO_LEAD = "co-lead", _("Co-lead")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


PERSON_ROLES = [Role.FACILITATOR, Role.MEMBER, Role.OBSERVER]
ORGANISATION_ROLES = [Role.CO_LEAD, Role.MEMBER, Role.OBSERVER]


class Membership(models.Model):
    """A person in a community, with a role."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "person"], name="one_membership_each")
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.community} ({self.role})"


class OrganisationMembership(models.Model):
    """An organisation in a community: a co-lead, a member or an observer."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organisation"], name="one_organisation_membership_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.community} ({self.role})"


class CommunityJoinRequestQuerySet(models.QuerySet["CommunityJoinRequest"]):
    def pending(self) -> "CommunityJoinRequestQuerySet":
        """Waiting for a facilitator's decision, the longest waiting first."""
        return self.filter(status=RequestStatus.PENDING).order_by("created_at", "pk")


class CommunityJoinRequest(models.Model):
    Status = RequestStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="community_requests")
    message = models.TextField(_("message to the facilitators"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = CommunityJoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to join a community")
        verbose_name_plural = _("requests to join a community")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                condition=models.Q(status="pending"),
                name="one_pending_request_each",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.community}"


class CommunityInvitation(models.Model):
    """A seat in a community waiting for an invited person to create their account."""

    invitation = models.ForeignKey(
        "accounts.Invitation", on_delete=models.CASCADE, related_name="community_seats"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    def __str__(self) -> str:
        return f"{self.invitation} → {self.community}"
