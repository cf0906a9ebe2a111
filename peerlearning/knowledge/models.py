import uuid
from collections.abc import Mapping

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerlearning.network.geography import ProgrammeRegion, countries_in


class UpdateQuerySet(models.QuerySet["Update"]):
    def published(self) -> "UpdateQuerySet":
        return self.filter(is_published=True)


class UpdateKind(models.TextChoices):
    NEWS = "news", _("News")
    STATEMENT = "statement", _("Statement")


class Update(models.Model):
    """A news post or statement, as the coalition publishes them."""

    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    byline = models.CharField(_("by"), max_length=250, blank=True)
    region = models.CharField(
        _("region"), max_length=20, choices=ProgrammeRegion.choices, default=ProgrammeRegion.GLOBAL
    )
    published_on = models.DateField(_("published"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    body = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=250, blank=True)
    community = models.ForeignKey(
        "network.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="updates",
        help_text=_("The community this update comes from, if any."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language: {"es": {"title": "…", "text": "…"}}.'),
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order within the same date.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=UpdateKind.choices, default=UpdateKind.NEWS
    )
    concepts: "models.ManyToManyField[Concept, models.Model]" = models.ManyToManyField(
        "Concept", verbose_name=_("concepts"), blank=True, related_name="updates"
    )
    countries = models.ManyToManyField(
        "network.Country", verbose_name=_("countries"), blank=True, related_name="+"
    )
    signatories = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("signed by"),
        blank=True,
        related_name="statements_signed",
        help_text=_("For a statement: the organisations that signed it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "position"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:update_detail", args=[self.slug])

    @property
    def summary(self) -> str:
        for paragraph in self.body.split("\n\n"):
            text = " ".join(paragraph.split())
            if len(text) > 80:
                return text if len(text) <= 280 else text[:277].rsplit(" ", 1)[0] + "…"
        return " ".join(self.body.split())[:280]


class TargetGroup(models.TextChoices):
    UNACCOMPANIED_CHILDREN = "unaccompanied-children", _("Unaccompanied children")
    CHILDREN = "children", _("Children")
    FAMILIES = "families", _("Families")
    PREGNANT_WOMEN = "pregnant-women", _("Pregnant women")
    OLDER_PERSONS = "older-persons", _("Older persons")
    DISABILITIES = "persons-with-disabilities", _("Persons with disabilities")
    LGBTQI = "lgbtqi", _("LGBTQI+ persons")
    STATELESS = "stateless", _("Stateless persons")
    ASYLUM_SEEKERS = "asylum-seekers", _("Asylum seekers")
    SURVIVORS = "survivors", _("Survivors of trafficking or torture")
    ALL_MIGRANTS = "all-migrants", _("All migrants")
    WOMEN_GIRLS = "women-and-girls", _("Women and girls")
    ADOLESCENTS_YOUTH = "adolescents-and-young-people", _("Adolescents and young people")
    REFUGEES = "refugees", _("Refugees")
    FACING_REMOVAL = "facing-removal", _("People facing removal or deportation")


class PracticeType(models.TextChoices):
    LEGAL_POLICY_REFORM = "legal-policy-reform", _("Legal or policy reform")
    SCREENING = "screening", _("Screening and assessment")
    CASE_MANAGEMENT = "case-management", _("Case management")
    COMMUNITY_PLACEMENT = "community-placement", _("Community placement or housing")
    FAMILY_BASED_CARE = "family-based-care", _("Family-based alternative care for children")
    LEGAL_AID = "legal-aid", _("Legal aid")
    RELEASE = "release", _("Release programme")
    REPORTING = "reporting", _("Reporting conditions")
    REGULARISATION = "regularisation", _("Regularisation")
    RETURN_SUPPORT = "return-support", _("Return support")
    MONITORING = "monitoring", _("Independent monitoring")
    COORDINATION = "coordination", _("Multi-stakeholder coordination")


class SourceKind(models.TextChoices):
    """The kind of record, as the exchange format names it."""

    PROGRAMME = "programme", _("Programme")
    PILOT = "pilot", _("Pilot")
    LEGAL_REFORM = "legal_reform", _("Legal reform")
    LEGAL_FRAMEWORK = "legal_framework", _("Legal framework")
    POLICY = "policy", _("Policy")
    POLICY_REFORM = "policy_reform", _("Policy reform")
    PRACTICE = "practice", _("Practice")
    COURT_RULING = "court_ruling", _("Court ruling")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    SCALED = "scaled", _("Scaled")
    INSTITUTIONALISED = "institutionalised", _("Institutionalised")
    DISCONTINUED = "discontinued", _("Discontinued")


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in-review", _("In review")
    PUBLISHED = "published", _("Published")


def concept_label(slug: str, labels: dict[str, str], language: str) -> str:
    """A concept's label in a language, else in English, else its slug."""
    return labels.get(language.split("-")[0]) or labels.get("en") or slug


class Concept(models.Model):
    """A concept of the thesaurus, with labels and synonyms in every language of the platform."""

    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    broader = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="narrower"
    )
    labels = models.JSONField(_("labels"), default=dict)
    synonyms = models.JSONField(_("synonyms"), default=dict, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("concept")
        verbose_name_plural = _("thesaurus")

    def __str__(self) -> str:
        return self.slug

    def label(self, language: str) -> str:
        return concept_label(self.slug, self.labels, language)

    @property
    def token(self) -> str:
        """The word that stands for the concept in the search index, whatever the language."""
        return "concept" + self.slug.replace("-", "")


class PracticeQuerySet(models.QuerySet["Practice"]):
    """Who may see them is decided in peerlearning/access."""

    def in_review(self) -> "PracticeQuerySet":
        """Submitted and waiting for an editor's decision, the longest waiting first."""
        return self.filter(status=EditorialStatus.IN_REVIEW).order_by("updated_at", "pk")

    def filtered(self, filters: Mapping[str, str]) -> "PracticeQuerySet":
        """The list's filters, for the page and the API: q (title or summary), country (an ISO
        code), region, target_group, kind; empty values filter nothing."""
        practices = self
        if filters.get("q"):
            practices = practices.filter(
                Q(title__icontains=filters["q"]) | Q(summary__icontains=filters["q"])
            )
        if filters.get("country"):
            practices = practices.filter(countries=filters["country"])
        if filters.get("region"):
            practices = practices.filter(countries__in=countries_in(filters["region"])).distinct()
        if filters.get("target_group"):
            practices = practices.filter(target_groups__icontains=f'"{filters["target_group"]}"')
        if filters.get("kind"):
            practices = practices.filter(kind=filters["kind"])
        return practices


class Practice(models.Model):
    """A promising or good practice (DESIGN.md §5), with its sources always shown."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.SlugField(_("identifier"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("full description"), blank=True)
    countries = models.ManyToManyField("network.Country", verbose_name=_("countries"), blank=True)
    place = models.CharField(_("place within the country"), max_length=200, blank=True)
    region = models.CharField(
        _("region"), max_length=20, choices=ProgrammeRegion.choices, blank=True, db_index=True
    )
    level = models.CharField(_("level"), max_length=20, blank=True)
    organisations = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("implementing organisations"),
        blank=True,
        related_name="practices",
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    target_groups_as_given = models.JSONField(
        _("target groups as the source names them"), default=list, blank=True
    )
    practice_types = models.JSONField(_("practice types"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    years = models.CharField(_("years"), max_length=60, blank=True)
    outcomes = models.TextField(_("outcomes and evidence"), blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    compliance_rate = models.DecimalField(
        _("compliance rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cost_per_day = models.CharField(
        _("cost per person-day, compared with detention"), max_length=200, blank=True
    )
    gcm_objectives = models.JSONField(_("Global Compact objectives"), default=list, blank=True)
    sources = models.JSONField(_("sources"), default=list)
    language = models.CharField(_("language"), max_length=20, default="en")
    status = models.CharField(
        _("editorial status"),
        max_length=20,
        choices=EditorialStatus.choices,
        default=EditorialStatus.DRAFT,
        db_index=True,
    )
    concepts = models.ManyToManyField(
        Concept, verbose_name=_("concepts"), blank=True, related_name="practices"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:practice_detail", args=[self.external_id])

    def target_group_labels(self) -> list[str]:
        return [
            str(TargetGroup(code).label)
            for code in self.target_groups
            if code in TargetGroup.values
        ]

    def practice_type_labels(self) -> list[str]:
        return [
            str(PracticeType(code).label)
            for code in self.practice_types
            if code in PracticeType.values
        ]


class SearchDocument(models.Model):
    """One searchable item (practice, update, …), denormalised for the search index."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=150)
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300)
    language = models.CharField(max_length=20, default="en")
    # Who may find it: "public", "editors", or "community:<id>" (see access/knowledge.py).
    audience = models.CharField(max_length=40, db_index=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    search_text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_document_each")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class SearchFacet(models.Model):
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["name", "value"])]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SearchTerm(models.Model):
    """Every indexed word once: the vocabulary typo correction chooses from."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.term


class LessonQuerySet(models.QuerySet["Lesson"]):
    """Who may see them is decided in peerlearning/access."""


class Lesson(models.Model):
    """A short learning, linked to the exchange or practice it came from."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.TextField(_("lesson"), max_length=2000)
    exchange = models.ForeignKey(
        "exchanges.Exchange",
        verbose_name=_("from the exchange"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    practice = models.ForeignKey(
        Practice,
        verbose_name=_("from the practice"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    outcome = models.OneToOneField(
        "exchanges.Outcome",
        verbose_name=_("from the key learning"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lesson",
    )
    language = models.CharField(_("language"), max_length=20, default="en")
    position = models.PositiveIntegerField(_("position"), default=0)
    concepts = models.ManyToManyField(
        Concept, verbose_name=_("concepts"), blank=True, related_name="lessons"
    )
    # A practice's lesson carries the practice's countries; an exchange's lesson the region only
    # (never who said it, nor from which country).
    countries = models.ManyToManyField(
        "network.Country", verbose_name=_("countries"), blank=True, related_name="+"
    )
    region = models.CharField(
        _("region"), max_length=20, choices=ProgrammeRegion.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["exchange_id", "practice_id", "position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def source(self) -> models.Model | None:
        return self.exchange or self.practice


class ResourceKind(models.TextChoices):
    REPORT = "report", _("Report")
    POLICY_BRIEF = "policy-brief", _("Policy brief")
    TOOLKIT = "toolkit", _("Toolkit")
    CURRICULUM = "curriculum", _("Curriculum")
    AMICUS_BRIEF = "amicus-brief", _("Amicus brief")
    LEGAL_OPINION = "legal-opinion", _("Legal opinion")
    STATEMENT = "statement", _("Statement")
    VIDEO = "video", _("Video")
    TESTIMONY = "testimony", _("Testimony")
    WEBINAR_RECORDING = "webinar-recording", _("Webinar recording")


class ResourceQuerySet(models.QuerySet["Resource"]):
    """Who may see them is decided in peerlearning/access."""


# The folder of the stored resource files (swept of files no resource names: files.py).
RESOURCE_FILES = "resources"


def resource_upload_to(resource: "Resource", filename: str) -> str:
    # The stored name never reveals the original one; files are served through a view.
    return f"{RESOURCE_FILES}/{resource.uuid}"


class Resource(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=ResourceKind.choices)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=20, default="en")
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=resource_upload_to, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    text = models.TextField(_("text extracted for search"), blank=True)
    status = models.CharField(
        _("editorial status"),
        max_length=20,
        choices=EditorialStatus.choices,
        default=EditorialStatus.PUBLISHED,
    )
    consent_recorded = models.TextField(
        _("consent of the person who gave the testimony"), blank=True
    )
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language: {"es": {"title": "…", "text": "…"}}.'),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # What the resource belongs to: shown on each of their pages, and on the resource's.
    exchanges = models.ManyToManyField(
        "exchanges.Exchange", verbose_name=_("exchanges"), blank=True, related_name="resources"
    )
    practices = models.ManyToManyField(
        Practice, verbose_name=_("practices"), blank=True, related_name="resources"
    )
    updates = models.ManyToManyField(
        Update, verbose_name=_("updates"), blank=True, related_name="resources"
    )
    recommendations = models.ManyToManyField(
        "monitoring.Recommendation",
        verbose_name=_("recommendations"),
        blank=True,
        related_name="resources",
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:resource_detail", args=[self.slug])


class EditorialEvent(models.Model):
    """A step of an item's editorial history: who took it, when, and what they said."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


# What an editor changes of a resource on its edit page (the file aside).
RESOURCE_FIELDS = ("title", "kind", "description", "language", "link", "consent_recorded")


class PracticeEvent(EditorialEvent):
    """The editorial history of a practice: who moved it, when, and what they told the author."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("submitted for review")
        APPROVED = "approved", _("approved and published")
        RETURNED = "returned", _("returned to the author")
        TRANSLATED = "translated", _("translated")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    class Meta(EditorialEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.practice_id} {self.action}"


class UpdateEvent(EditorialEvent):
    """The editorial history of an update: who wrote, edited, published or translated it."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        TRANSLATED = "translated", _("translated")

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)

    class Meta(EditorialEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.update_id} {self.action}"


class PracticeTranslation(models.Model):
    """A practice in another language, made by an editor."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "language"], name="one_translation_each")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} [{self.language}]"


def in_language(title: str, text: str, original: str, translations: dict, wanted: str) -> dict:
    """The version of an item a reader sees: their language if an editor translated it, else
    the original, saying so, with the other languages it exists in (`lib.translations`)."""
    from peerlearning.lib.translations import version_of

    return version_of({"title": title, "text": text}, original, translations, wanted, "title")
