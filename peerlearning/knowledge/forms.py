from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.forms import country_field
from peerlearning.accounts.models import language_choices, platform_languages
from peerlearning.knowledge.models import (
    RESOURCE_FIELDS,
    PracticeType,
    Resource,
    ResourceKind,
    SourceKind,
    Stage,
    TargetGroup,
    UpdateKind,
)
from peerlearning.lib.pickers import Picker, PickerMultiple
from peerlearning.network.forms import (
    CountriesField,
    FilterForm,
    OrganisationsField,
    choices_with_any,
)
from peerlearning.network.geography import ProgrammeRegion, region_choices


class PracticeFilterForm(FilterForm):
    drawn_for_everyone = True  # fixed lists, countries and regions

    q = forms.CharField(label=_("Words in the title or summary"), required=False, max_length=100)
    country = country_field()
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=choices_with_any(region_choices, _("Any region"))
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=choices_with_any(TargetGroup.choices, _("Any group")),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=choices_with_any(SourceKind.choices, _("Any kind"))
    )


FACET_TITLES = {
    "type": _("Type"),
    "country": _("Country"),
    "region": _("Region"),
    "target_group": _("Target group"),
    "practice_type": _("Practice type"),
    "stage": _("Stage"),
    "language": _("Language"),
    "year": _("Year"),
}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("Keep the search under 500 characters.")},
    )
    type = forms.CharField(required=False, max_length=60)
    country = forms.CharField(required=False, max_length=60)
    region = forms.CharField(required=False, max_length=60)
    target_group = forms.CharField(required=False, max_length=60)
    practice_type = forms.CharField(required=False, max_length=60)
    stage = forms.CharField(required=False, max_length=60)
    language = forms.CharField(required=False, max_length=60)
    year = forms.CharField(required=False, max_length=60)


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=language_choices, initial="en", widget=Picker("languages")
    )
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("File (PDF, DOCX or text)"), required=False)
    consent_recorded = forms.CharField(
        label=_("Consent of the person who gave the testimony"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a testimony: who consented, to what, and when."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_consent(data)
        if not data.get("link") and not data.get("file"):
            self.add_error("file", _("Give a file or a link."))
        return data

    def _check_consent(self, data: dict[str, Any]) -> None:
        if (
            data.get("kind") == ResourceKind.TESTIMONY
            and not data.get("consent_recorded", "").strip()
        ):
            self.add_error(
                "consent_recorded", _("A testimony needs the consent of the person who gave it.")
            )


class ResourceEditForm(ResourceForm):
    """The resource's metadata, and a file to replace the one stored (optional)."""

    EDITED = RESOURCE_FIELDS

    def __init__(self, *args: Any, resource: Resource, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(resource, name) for name in self.EDITED})
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.fields["file"].label = _("Replace the file (PDF, DOCX or text)")
        self.fields["file"].help_text = _("Leave empty to keep the file as it is.")
        for name in ("title", "description", "consent_recorded"):
            self.fields[name].widget.attrs["dir"] = "auto"  # the text's own direction

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self) or {}
        self._check_consent(data)
        # A resource that could be reached (a file or a link) stays reachable.
        if (
            not data.get("link")
            and not data.get("file")
            and not self.resource.file
            and self.resource.link
        ):
            self.add_error("link", _("Give a file or a link."))
        return data


NOT_IN_THE_LIST = _("Choose only from the list: one of the choices is not in it.")


class _LinkField(forms.ModelMultipleChoiceField):
    """Things to link, chosen by their public id among what the editor may see."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset: Any, *, label: Any, to_field_name: str) -> None:
        super().__init__(
            queryset,
            label=label,
            required=False,
            to_field_name=to_field_name,
            error_messages={"invalid_choice": NOT_IN_THE_LIST, "invalid_pk_value": NOT_IN_THE_LIST},
        )


class _RecommendationField(_LinkField):
    def label_from_instance(self, obj: Any) -> str:
        text = " ".join(obj.text.split())
        short = text if len(text) <= 120 else text[:119].rsplit(" ", 1)[0] + "…"
        return f"{obj.body.name} → {obj.country.name}: {short}"


class ResourceLinksForm(forms.Form):
    """What a resource belongs to. The querysets are the lists the editor may see
    (peerlearning/access), given by the view."""

    def __init__(
        self,
        *args: Any,
        exchanges: Any,
        practices: Any,
        updates: Any,
        recommendations: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exchanges"] = _LinkField(exchanges, label=_("Exchanges"), to_field_name="slug")
        self.fields["practices"] = _LinkField(
            practices, label=_("Practices"), to_field_name="external_id"
        )
        self.fields["updates"] = _LinkField(updates, label=_("Updates"), to_field_name="slug")
        self.fields["recommendations"] = _RecommendationField(
            recommendations, label=_("Recommendations"), to_field_name="uuid"
        )


class SourcesField(forms.CharField):
    """One source a line: "Title | https://address"."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        sources = []
        for number, line in enumerate((super().to_python(value) or "").splitlines(), start=1):
            if not line.strip():
                continue
            title, _bar, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            if not title or not url.startswith(("http://", "https://")):
                raise forms.ValidationError(
                    _("Line %(number)s: write “Title | https://address”."),
                    params={"number": number},
                )
            sources.append({"url": url, "title": title})
        if not sources:
            raise forms.ValidationError(_("Give at least one source."))
        return sources

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(f"{s['title']} | {s['url']}" for s in value)
        return value


def concept_choices() -> list[tuple[str, str]]:
    """The thesaurus's concepts by their label in the reader's language (a form asks for them
    twice as it is drawn, and the topics picker holds hundreds: read from the thesaurus that
    the process keeps, search.concept_choices)."""
    from django.utils import translation

    from peerlearning.knowledge import search

    return search.concept_choices(translation.get_language() or "en")


class ConceptsField(forms.MultipleChoiceField):
    """Thesaurus concepts, chosen by their label in the reader's language (a picker; a
    multi-select without JavaScript); cleaned into the concepts. The one concepts field of
    every form (practices, updates, lessons, support)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerMultiple("topics"))
        super().__init__(choices=concept_choices, **kwargs)

    def clean(self, value: Any) -> list[Any]:
        from peerlearning.knowledge.models import Concept

        slugs = super().clean(value)
        return list(Concept.objects.filter(slug__in=slugs))


# The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (2018), by
# their official titles: a person ticks a named objective, not a bare number.
GCM_OBJECTIVES = [
    _("Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"),
    _(
        "Minimize the adverse drivers and structural factors that compel people to leave their "
        "country of origin"
    ),
    _("Provide accurate and timely information at all stages of migration"),
    _("Ensure that all migrants have proof of legal identity and adequate documentation"),
    _("Enhance availability and flexibility of pathways for regular migration"),
    _("Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work"),
    _("Address and reduce vulnerabilities in migration"),
    _("Save lives and establish coordinated international efforts on missing migrants"),
    _("Strengthen the transnational response to smuggling of migrants"),
    _(
        "Prevent, combat and eradicate trafficking in persons in the context of international "
        "migration"
    ),
    _("Manage borders in an integrated, secure and coordinated manner"),
    _(
        "Strengthen certainty and predictability in migration procedures for appropriate "
        "screening, assessment and referral"
    ),
    _("Use migration detention only as a measure of last resort and work towards alternatives"),
    _("Enhance consular protection, assistance and cooperation throughout the migration cycle"),
    _("Provide access to basic services for migrants"),
    _("Empower migrants and societies to realize full inclusion and social cohesion"),
    _(
        "Eliminate all forms of discrimination and promote evidence-based public discourse to "
        "shape perceptions of migration"
    ),
    _(
        "Invest in skills development and facilitate mutual recognition of skills, qualifications "
        "and competences"
    ),
    _(
        "Create conditions for migrants and diasporas to fully contribute to sustainable "
        "development in all countries"
    ),
    _(
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion "
        "of migrants"
    ),
    _(
        "Cooperate in facilitating safe and dignified return and readmission, as well as "
        "sustainable reintegration"
    ),
    _(
        "Establish mechanisms for the portability of social security entitlements and earned "
        "benefits"
    ),
    _(
        "Strengthen international cooperation and global partnerships for safe, orderly and "
        "regular migration"
    ),
]


def gcm_choices() -> list[tuple[int, str]]:
    return [(number, f"{number}. {title}") for number, title in enumerate(GCM_OBJECTIVES, start=1)]


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    description = forms.CharField(
        label=_("Full description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    country = country_field(picker=True)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=choices_with_any(ProgrammeRegion.choices, _("—"))
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(label=_("Place within the country"), required=False, max_length=200)
    practice_types = forms.MultipleChoiceField(
        label=_("Practice types"),
        required=False,
        choices=PracticeType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=choices_with_any(Stage.choices, _("—"))
    )
    years = forms.CharField(label=_("Years"), required=False, max_length=60)
    outcomes = forms.CharField(
        label=_("Outcomes and evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    people_reached = forms.IntegerField(label=_("People reached"), required=False, min_value=0)
    compliance_rate = forms.DecimalField(
        label=_("Compliance rate (%)"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    cost_per_day = forms.CharField(
        label=_("Cost per person-day, compared with detention"), required=False, max_length=200
    )
    gcm_objectives = forms.TypedMultipleChoiceField(
        label=_("Global Compact objectives"),
        required=False,
        coerce=int,
        choices=gcm_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The objectives of the Global Compact for Migration the practice serves."),
    )
    organisations = OrganisationsField(
        label=_("Implementing organisations"),
        required=False,
        help_text=_("Type part of a name or acronym, and choose it; as many as needed."),
    )
    sources = SourcesField(label=_("Sources"), help_text=_("One a line: Title | https://address"))
    language = forms.ChoiceField(
        label=_("Language"), choices=language_choices, initial="en", widget=Picker("languages")
    )
    concepts = ConceptsField(
        help_text=_(
            "Concepts of the thesaurus: search finds the practice by them in every language."
        ),
    )


class PracticeTranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=platform_languages)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))


class ItemTranslationForm(forms.Form):
    """A translation of an update or a resource, into a language other than its original."""

    language = forms.ChoiceField(label=_("Language"), choices=platform_languages)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=50000
    )

    def __init__(self, *args: Any, original: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.original = original.split("-")[0]

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        if language == self.original:
            raise forms.ValidationError(_("This is the language it was written in."))
        return language


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("submit", "submit"), ("approve", "approve"), ("return", "return")]
    )
    comment = forms.CharField(
        label=_("Comment to the author"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


THESAURUS_LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]


class ConceptForm(forms.Form):
    """A concept's labels, synonyms and broader concept; plain form, the action writes.

    The fields are made per language: `label_<code>` (the preferred label) and `synonyms_<code>`
    (alternative labels, one per line)."""

    slug = forms.SlugField(
        label=_("Address name"),
        max_length=90,
        required=False,
        help_text=_(
            "Lower-case letters, digits and hyphens; left empty, it is made from the English "
            "label. It cannot be changed later."
        ),
    )
    broader = forms.ChoiceField(label=_("Broader concept"), required=False)

    def __init__(self, *args: Any, creating: bool, language: str, **kwargs: Any) -> None:
        from peerlearning.knowledge.models import Concept

        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["slug"]
        concepts = sorted(
            ((c.slug, c.label(language)) for c in Concept.objects.all()),
            key=lambda pair: pair[1].casefold(),
        )
        broader = self.fields["broader"]
        assert isinstance(broader, forms.ChoiceField)  # noqa: S101
        broader.choices = [("", _("None (a top concept)")), *concepts]
        for code, name in THESAURUS_LANGUAGES:
            direction = {"dir": "rtl" if code == "ar" else "ltr"}
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Preferred label in %(language)s") % {"language": name},
                max_length=200,
                required=code == "en",
                widget=forms.TextInput(attrs={"lang": code, **direction}),
            )
            self.fields[f"synonyms_{code}"] = forms.CharField(
                label=_("Alternative labels in %(language)s") % {"language": name},
                max_length=5000,
                required=False,
                help_text=_("One per line."),
                widget=forms.Textarea(attrs={"rows": 3, "lang": code, **direction}),
            )
        self.order_fields(
            [
                "slug",
                *(
                    f"{kind}_{code}"
                    for code, _name in THESAURUS_LANGUAGES
                    for kind in ("label", "synonyms")
                ),
                "broader",
            ]
        )

    @staticmethod
    def initial_for(concept: Any) -> dict[str, str]:
        initial = {"broader": concept.broader.slug if concept.broader else ""}
        for code, _name in THESAURUS_LANGUAGES:
            initial[f"label_{code}"] = concept.labels.get(code, "")
            initial[f"synonyms_{code}"] = "\n".join(concept.synonyms.get(code, []))
        return initial

    def labels(self) -> dict[str, str]:
        return {
            code: " ".join(self.cleaned_data[f"label_{code}"].split())
            for code, _name in THESAURUS_LANGUAGES
        }

    def synonyms(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for code, _name in THESAURUS_LANGUAGES:
            texts: list[str] = []
            for line in self.cleaned_data[f"synonyms_{code}"].splitlines():
                text = " ".join(line.split())
                if text and text.casefold() not in {t.casefold() for t in texts}:
                    texts.append(text[:200])
            found[code] = texts
        return found


class UpdateForm(forms.Form):
    """An update as its writer gives it: for a community they may write for (the whole network
    for editors), news or a statement with the organisations that signed it."""

    community = forms.ChoiceField(
        label=_("Community"),
        help_text=_(
            "Who the update is from. An update of a private community is seen by its members only."
        ),
        error_messages={
            "invalid_choice": _("You may write updates only for the communities you facilitate."),
            "required": _("Choose the community the update is for."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=UpdateKind.choices,
        initial=UpdateKind.NEWS,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=250)
    body = forms.CharField(
        label=_("Text"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Paragraphs are separated by an empty line."),
    )
    signatories = OrganisationsField(
        label=_("Signed by"),
        help_text=_(
            "For a statement only: the organisations that signed it (at least one). Type part "
            "of a name or acronym, and choose it."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=language_choices, widget=Picker("languages")
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=ProgrammeRegion.choices, initial=ProgrammeRegion.GLOBAL
    )
    countries = CountriesField()
    concepts = ConceptsField(
        help_text=_(
            "Concepts of the thesaurus: search finds the update by them in every language."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=250,
        help_text=_("Where it was first published, if elsewhere: a name or an address."),
    )
    published_on = forms.DateField(
        label=_("Date of publication"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Left empty, the day it is published."),
    )

    def __init__(self, *args: Any, user: Any, language: str, **kwargs: Any) -> None:
        from peerlearning import access

        super().__init__(*args, **kwargs)
        self.communities = {
            c.slug: c
            for c in access.update_communities(user)
            .order_by("name")
            .only("slug", "name", "regions")
        }
        choices: list[tuple[str, Any]] = [(slug, c.name) for slug, c in self.communities.items()]
        if access.can_edit_knowledge(user):
            choices.insert(0, ("", _("The whole network")))
        community = self.fields["community"]
        assert isinstance(community, forms.ChoiceField)  # noqa: S101
        community.choices = choices
        # An editor may leave it on the whole network; a facilitator must choose.
        community.required = not access.can_edit_knowledge(user)
        if len(choices) == 1:
            community.initial = choices[0][0]
        self.fields["language"].initial = language
        # A community of one programme region: its updates are of that region.
        chosen = self.communities.get(self.initial.get("community") or community.initial or "")
        regions = [r for r in (chosen.regions if chosen else []) if r in ProgrammeRegion.values]
        if len(regions) == 1 and "region" not in self.initial:
            self.fields["region"].initial = regions[0]

    def clean_community(self) -> Any:
        return self.communities.get(self.cleaned_data["community"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signatories = data.get("signatories") or []
        if data.get("kind") == UpdateKind.STATEMENT and not signatories and "signatories" in data:
            self.add_error(
                "signatories", _("A statement needs at least one organisation that signed it.")
            )
        if data.get("kind") == UpdateKind.NEWS and signatories:
            self.add_error(
                "signatories",
                _("Only a statement is signed: choose “Statement”, or remove the organisations."),
            )
        return data

    @staticmethod
    def initial_for(update: Any) -> dict[str, Any]:
        return {
            "community": update.community.slug if update.community else "",
            "kind": update.kind,
            "title": update.title,
            "body": update.body,
            "signatories": [o.slug for o in update.signatories.all()],
            "language": update.language,
            "region": update.region,
            "countries": [c.code for c in update.countries.all()],
            "concepts": [c.slug for c in update.concepts.all()],
            "source": update.source,
            "published_on": update.published_on,
        }
