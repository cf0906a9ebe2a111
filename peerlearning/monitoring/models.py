"""Monitoring and accountability (DESIGN.md §8): places of detention, monitoring visits with
their checklist, incidents and the recommendations tracker.

Who may see and do what is the access package's business (peerlearning/access/monitoring.py):
visit reports are for the country's monitoring team until it publishes a summary; personal
details of people affected by an incident are for that team only, every read audited."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peerlearning.network.models import Country, Organisation


class MonitoringTeamMember(models.Model):
    """A person of the monitoring team of one country: given by an administrator, for people of
    national human rights institutions, NGOs and UN agencies who visit places of detention."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitoring_teams"
    )
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="monitors")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "country"], name="one_team_seat_per_country")
        ]
        verbose_name = _("monitoring team member")
        verbose_name_plural = _("monitoring team members")

    def __str__(self) -> str:
        return f"{self.country_id}"


class PlaceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class MonitorAccess(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


class Place(models.Model):
    """A place where people are deprived of liberty for migration reasons, under its official
    name and type (often a euphemism) with the plain description beside it."""

    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="places")
    official_name = models.CharField(_("official name"), max_length=300)
    official_type = models.CharField(
        _("official type"),
        max_length=200,
        help_text=_("As the authorities call it: “estación migratoria”, “shelter”…"),
    )
    language = models.CharField(_("language of the official name"), max_length=10, default="en")
    plain_type = models.CharField(
        _("what it is, plainly"),
        max_length=200,
        help_text=_("For example: an immigration detention centre."),
    )
    locality = models.CharField(_("region or city"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operated_places",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    monitors_have_access = models.CharField(
        _("independent monitors have access"),
        max_length=10,
        choices=MonitorAccess.choices,
        default=MonitorAccess.UNKNOWN,
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "official_name"]
        verbose_name = _("place of detention")
        verbose_name_plural = _("places of detention")

    def __str__(self) -> str:
        return self.official_name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:place", args=[self.slug])


class ChecklistItem(models.TextChoices):
    """After the established monitoring manuals."""

    OCCUPANCY = "occupancy", _("Occupancy against capacity")
    VENTILATION = "ventilation", _("Ventilation")
    NATURAL_LIGHT = "natural-light", _("Natural light")
    FIRE_SAFETY = "fire-safety", _("Emergency exits and fire protocols")
    INFORMATION = "information", _("Information in a language the person understands")
    LAWYERS = "lawyers", _("Access to lawyers")
    HEALTH_CARE = "health-care", _("Health care")
    CHILDREN_FAMILIES = "children-families", _("Separation and protection of children and families")
    FAMILY_CONTACT = "family-contact", _("Contact with family")
    COMPLAINTS = "complaints", _("Complaints mechanisms")


class Finding(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not-met", _("Not met")
    NOT_OBSERVED = "not-observed", _("Not observed")


class Visit(models.Model):
    """A monitoring visit to a place. Its report is for the monitoring team of the place's
    country (and administrators) until the team publishes a summary: the summary is then public,
    without the team members' names."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date of the visit"))
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="monitoring_visits"
    )
    report = models.TextField(_("report"), blank=True)
    recommendations_made = models.TextField(_("recommendations made"), blank=True)
    summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("Public once published, without the team members' names."),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")

    def __str__(self) -> str:
        return f"{self.place} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:visit", args=[self.uuid])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class VisitFinding(models.Model):
    """One item of the checklist, as the team found it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    item = models.CharField(_("item"), max_length=30, choices=ChecklistItem.choices)
    finding = models.CharField(_("finding"), max_length=15, choices=Finding.choices)
    notes = models.TextField(_("notes"), blank=True)
    unmet_recommendation = models.ForeignKey(
        "monitoring.Recommendation",
        verbose_name=_("recommendation it shows unmet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_findings",
    )

    class Meta:
        ordering = ["visit", "item"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="one_finding_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.finding}"


class IncidentKind(models.TextChoices):
    DEATH = "death", _("Death")
    INJURY = "injury", _("Injury")
    FIRE = "fire", _("Fire")
    ABUSE = "abuse", _("Abuse")
    HUNGER_STRIKE = "hunger-strike", _("Hunger strike")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    REPORTED = "reported", _("Reported")
    CORROBORATED = "corroborated", _("Corroborated by two sources")
    CONFIRMED = "confirmed", _("Officially confirmed")


class IncidentQuerySet(models.QuerySet["Incident"]):
    def published(self) -> "IncidentQuerySet":
        return self.filter(published_at__isnull=False)

    def of_kind(self, kind: str) -> "IncidentQuerySet":
        """Incidents whose kinds include `kind` (one of IncidentKind's values, none of which
        holds another with its quotes): the list's JSON text contains it quoted. SQLite has no
        JSON containment; reading the text is also the fastest on both databases."""
        return self.filter(kinds__icontains=f'"{kind}"')

    def in_year(self, year: int) -> "IncidentQuerySet":
        """A range of dates, which the (country, date) index serves; `date__year` may not."""
        return self.filter(
            date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
        )


class Incident(models.Model):
    """A death, an injury, a fire, abuse, a hunger strike in detention: recorded by monitoring
    teams and editors, public once an editor publishes it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kinds = models.JSONField(_("what happened"), default=list)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary, in your own words"))
    language = models.CharField(_("language of the text"), max_length=10, default="en")
    date = models.DateField(_("date"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="incidents")
    place = models.ForeignKey(
        Place,
        verbose_name=_("place of detention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    place_description = models.CharField(
        _("where, if not a known place"), max_length=300, blank=True
    )
    people_affected = models.PositiveIntegerField(_("people affected"), null=True, blank=True)
    dead = models.PositiveIntegerField(_("dead"), null=True, blank=True)
    injured = models.PositiveIntegerField(_("injured"), null=True, blank=True)
    # [{"country": "GT", "count": 18 | null}]: a count only where a source gives one.
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    # [{"title": …, "url": …, "date": "YYYY-MM-DD"}]: at least one.
    sources = models.JSONField(_("sources"), default=list)
    verification = models.CharField(
        _("verification"),
        max_length=15,
        choices=Verification.choices,
        default=Verification.REPORTED,
    )
    unmet_recommendations = models.ManyToManyField(
        "monitoring.Recommendation",
        verbose_name=_("recommendations it shows unmet"),
        blank=True,
        related_name="incidents",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["country", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(injured__isnull=True)
                | Q(people_affected__isnull=True)
                | Q(injured__lte=models.F("people_affected")),
                name="no_more_injured_than_affected",
            ),
            models.CheckConstraint(
                condition=Q(dead__isnull=True)
                | Q(people_affected__isnull=True)
                | Q(dead__lte=models.F("people_affected")),
                name="no_more_dead_than_affected",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:incident", args=[self.uuid])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def kind_labels(self) -> list[str]:
        labels = dict(IncidentKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.kinds]


class AffectedPerson(models.Model):
    """A person affected by an incident, named by a public source. Hidden by default, shown only
    to the monitoring team of the incident's country; every read is audited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name, as the public source gives it"), max_length=200)
    details = models.TextField(_("details the source gives"), blank=True)
    source_title = models.CharField(_("public source title"), max_length=300)
    source_url = models.URLField(_("public source address"), max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "pk"]
        verbose_name = _("person affected")
        verbose_name_plural = _("people affected")
        constraints = [
            models.CheckConstraint(condition=~Q(source_url=""), name="person_named_by_a_source")
        ]

    def __str__(self) -> str:
        return str(_("person affected"))


class BodyKind(models.TextChoices):
    UN_TREATY_BODY = "un-treaty-body", _("UN treaty body or special procedure")
    REGIONAL = "regional", _("Regional human rights commission or court")
    NHRI = "nhri", _("National human rights institution")
    CIVIL_SOCIETY = "civil-society", _("Civil society organisation")
    COALITION = "coalition", _("The coalition")


class Body(models.Model):
    """Who makes recommendations."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("recommending body")
        verbose_name_plural = _("recommending bodies")

    def __str__(self) -> str:
        return self.name


class Implementation(models.TextChoices):
    NOT_STARTED = "not-started", pgettext_lazy("implementation", "Not started")
    IN_PROGRESS = "in-progress", pgettext_lazy("implementation", "In progress")
    PARTLY = "partly", pgettext_lazy("implementation", "Partly implemented")
    IMPLEMENTED = "implemented", pgettext_lazy("implementation", "Implemented")
    REGRESSED = "regressed", pgettext_lazy("implementation", "Regressed")


class Recommendation(models.Model):
    """What a body recommended to which authority of which country, and how far it has been
    implemented: every change of status is kept with its date, source and note."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="recommendations")
    authority = models.CharField(_("addressed to"), max_length=300)
    text = models.TextField(_("recommendation"))
    language = models.CharField(_("language of the text"), max_length=10, default="en")
    concepts = models.ManyToManyField(
        "knowledge.Concept", verbose_name=_("themes"), blank=True, related_name="recommendations"
    )
    date = models.DateField(_("date"))
    source_title = models.CharField(_("source title"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=1000)
    status = models.CharField(
        _("implementation"),
        max_length=15,
        choices=Implementation.choices,
        default=Implementation.NOT_STARTED,
        db_index=True,
    )
    # The same recommendation made by several bodies: each points to the first one made.
    same_as = models.ForeignKey(
        "self",
        verbose_name=_("the same as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeated_by",
    )
    exchanges = models.ManyToManyField(
        "exchanges.Exchange",
        verbose_name=_("exchanges that help implement it"),
        blank=True,
        related_name="recommendations",
    )
    support_requests = models.ManyToManyField(
        "support.SupportRequest",
        verbose_name=_("support requests that help implement it"),
        blank=True,
        related_name="recommendations",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["country", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_url="") & ~Q(source_title=""),
                name="recommendation_has_a_source",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("monitoring:recommendation", args=[self.uuid])


class StatusChange(models.Model):
    """One step of a recommendation's implementation, with its date, source and note."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("implementation"), max_length=15, choices=Implementation.choices)
    date = models.DateField(_("date"))
    source_title = models.CharField(_("source title"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=1000)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "-date", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_url="") & ~Q(source_title=""),
                name="status_change_has_a_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} {self.date}"


def today() -> datetime.date:
    return timezone.localdate()
