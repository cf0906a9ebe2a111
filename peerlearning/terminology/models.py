"""The terminology lexicon (DESIGN.md §8, last point): terms that hide deprivation of liberty
behind a kinder word, and terms that name it plainly, each with its inflected forms; context
rules that keep innocent uses from being flagged, with examples they are tested on; the history
of every change; and the checks that signed-in people chose to keep.

Editors change the lexicon (peerlearning/access/terminology.py); the matching itself is in
engine.py, which knows nothing of the database."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerlearning.terminology import engine


class Language(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    ARABIC = "ar", _("Arabic")


class Category(models.TextChoices):
    EUPHEMISM = engine.EUPHEMISM, _("Euphemism for detention")
    PLAIN = engine.PLAIN, _("Plain term for detention")


class RuleKind(models.TextChoices):
    REQUIRES = engine.REQUIRES, _("Flag only near one of these words")
    EXCLUDES = engine.EXCLUDES, _("Never flag near one of these words")


class TermQuerySet(models.QuerySet["Term"]):
    def active(self) -> "TermQuerySet":
        return self.filter(is_active=True)


class Term(models.Model):
    """A term or phrase in one language, with the forms it takes in a text."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    term = models.CharField(_("term"), max_length=200)
    forms = models.JSONField(
        _("inflected forms"),
        default=list,
        blank=True,
        help_text=_(
            "One a line: gender, number, verb forms (“presentado”, “presentadas”, "
            "“presentar”). A word ending in * stands for every word it starts."
        ),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    plain = models.CharField(
        _("plain term to use instead"),
        max_length=200,
        blank=True,
        help_text=_("In the same language."),
    )
    explanation = models.TextField(_("explanation"), max_length=2000)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    needs_context = models.BooleanField(
        _("flag only where the text speaks of migration or custody"),
        default=True,
        help_text=_(
            "Leave ticked for a word that is often innocent; untick for a name that only ever "
            "means detention (“estación migratoria”)."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="one_term_per_language")
        ]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return f"{self.term} ({self.language})"

    def as_entry(self) -> engine.Entry:
        return engine.Entry(
            key=str(self.public_id),
            language=self.language,
            term=self.term,
            forms=tuple(self.forms),
            category=self.category,
            plain=self.plain,
            explanation=self.explanation,
            needs_context=self.needs_context,
        )


class RuleQuerySet(models.QuerySet["ContextRule"]):
    def active(self) -> "RuleQuerySet":
        return self.filter(is_active=True)


class ContextRule(models.Model):
    """Words that must (or must not) be near a term for it to be flagged, with the examples
    the rule must get right."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices)
    cues = models.JSONField(
        _("words and phrases"),
        default=list,
        help_text=_("One a line. A word ending in * stands for every word it starts (“migra*”)."),
    )
    window = models.PositiveSmallIntegerField(
        _("within how many words"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    terms = models.ManyToManyField(
        Term,
        verbose_name=_("terms it applies to"),
        blank=True,
        related_name="rules",
        help_text=_("None chosen: every term of its language."),
    )
    description = models.TextField(_("why"), max_length=2000, blank=True)
    must_match = models.JSONField(
        _("examples that must be flagged"),
        default=list,
        blank=True,
        help_text=_("One a line. Put [brackets] around the words that must be flagged."),
    )
    must_not_match = models.JSONField(
        _("examples that must not be flagged"),
        default=list,
        blank=True,
        help_text=_("One a line. Put [brackets] around the words that must be left alone."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["language", "kind", "name"]
        verbose_name = _("context rule")
        verbose_name_plural = _("context rules")

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """One change to the lexicon: what the term or rule read after it, who made it and why."""

    class Change(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        RETIRED = "retired", _("Taken out of use")
        RESTORED = "restored", _("Put back in use")
        IMPORTED = "imported", _("Imported")

    term = models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    rule = models.ForeignKey(
        ContextRule, null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    change = models.CharField(max_length=10, choices=Change.choices)
    snapshot = models.JSONField(default=dict)
    note = models.CharField(_("why"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term__isnull=False, rule__isnull=True)
                | models.Q(term__isnull=True, rule__isnull=False),
                name="revision_of_one_term_or_rule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.change} {self.at:%Y-%m-%d %H:%M}"


class SavedCheck(models.Model):
    """A check its owner chose to keep (nothing checked is stored otherwise); only its owner
    sees it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terminology_checks"
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(max_length=2, choices=Language.choices)
    text = models.TextField()
    file_name = models.CharField(max_length=255, blank=True)
    spans = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("saved check")
        verbose_name_plural = _("saved checks")

    def __str__(self) -> str:
        # The same for every check: an administrator's deletion preview of a person names none.
        return str(_("saved check"))
