from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProgrammeRegion(models.TextChoices):
    """The coalition's programme regions."""

    GLOBAL = "global", _("Global")
    ASIA_PACIFIC = "asia-pacific", _("Asia Pacific")
    AMERICAS = "americas", _("Americas")
    MENA = "mena", _("Middle East and North Africa")
    EUROPE = "europe", _("Europe")
    AFRICA = "africa", _("Africa")


class UpdateQuerySet(models.QuerySet["Update"]):
    def published(self) -> "UpdateQuerySet":
        return self.filter(is_published=True)


class Update(models.Model):
    """A news post or statement, as the coalition publishes them."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    byline = models.CharField(_("by"), max_length=250, blank=True)
    region = models.CharField(
        _("region"), max_length=20, choices=ProgrammeRegion.choices, default=ProgrammeRegion.GLOBAL
    )
    published_on = models.DateField(_("published"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    body = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=250, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Order within the same date."))

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
