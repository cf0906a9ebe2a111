from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peerlearning.network.geography import ProgrammeRegion


class UpdateQuerySet(models.QuerySet["Update"]):
    def published(self) -> "UpdateQuerySet":
        return self.filter(is_published=True)

    def visible_to(self, user: object) -> "UpdateQuerySet":
        """Published updates, minus those of communities the viewer may not know about."""
        from peerlearning.network.models import Community

        visible = Community.objects.visible_to(user)  # type: ignore[arg-type]
        return self.published().filter(
            models.Q(community__isnull=True) | models.Q(community__in=visible)
        )


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
