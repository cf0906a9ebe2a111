from collections import Counter
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from peerlearning import access
from peerlearning.accounts.forms import TopicsField, country_field
from peerlearning.accounts.models import (
    User,
    country_choices,
    language_choices,
    platform_languages,
)
from peerlearning.lib.pickers import Picker, PickerMultiple, plain_for_anonymous
from peerlearning.lib.translations import TranslationForm
from peerlearning.lib.web import website_host
from peerlearning.network.geography import ProgrammeRegion, region_choices
from peerlearning.network.models import (
    ORGANISATION_ROLES,
    PERSON_ROLES,
    Community,
    CommunityVisibility,
    Country,
    Level,
    Organisation,
    Role,
    StakeholderType,
)


def choices_with_any(choices: Any, label: Any) -> Any:
    return lambda: [("", label), *(choices() if callable(choices) else choices)]


# Unfiltered filters as drawn, by form, language and whether its pickers suggest: (the
# thesaurus generation they were drawn under, the HTML). One entry for each, replaced when the
# thesaurus changes, so it stays as small as the number of forms times languages.
_DRAWN: dict[tuple[Any, ...], tuple[int, SafeString]] = {}


class FilterForm(forms.Form):
    """Filters of a list page: the valid ones apply, an invalid one is ignored (never an error).

    A form whose choices are the same for everybody (fixed lists, countries, regions, the
    thesaurus's concepts) says so with `drawn_for_everyone`; unfiltered, its fields are then
    drawn once a process for each language, not on every request (the support page spent an
    eighth of its time drawing them). A form with choices of the viewer's keeps the default."""

    drawn_for_everyone = False

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def fields_html(self) -> SafeString:
        """Each field with its label, as the list page's filters show them."""
        if not (self.drawn_for_everyone and self._unfiltered()):
            return self._draw()
        from peerlearning.knowledge import search

        enhanced = tuple(getattr(field.widget, "enhanced", None) for field in self.fields.values())
        key = (type(self), self.prefix, self.auto_id, translation.get_language(), enhanced)
        generation = search.thesaurus_generation()
        kept = _DRAWN.get(key)
        if kept is None or kept[0] != generation:
            kept = _DRAWN[key] = (generation, self._draw())
        return kept[1]

    def _unfiltered(self) -> bool:
        # Nothing chosen in any field: the form is drawn as it is for everybody. Anything else
        # (even a value that is no choice, which a picker shows back) is drawn for this request.
        for name in self.fields:
            key = self.add_prefix(name)
            values = (
                self.data.getlist(key)
                if hasattr(self.data, "getlist")
                else [self.data.get(key, "")]
            )
            if any(value != "" for value in values):
                return False
        return True

    def _draw(self) -> SafeString:
        return format_html_join(
            "", '\n  <div class="filter">{} {}</div>\n  ', ((f.label_tag(), f) for f in self)
        )


class DirectoryFilterForm(FilterForm):
    """Filters of the directory pages; invalid values are ignored, never an error page."""

    drawn_for_everyone = True  # countries, regions and fixed lists

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    country = country_field(picker=True)
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(region_choices, _("Any region")),
    )
    stakeholder_type = forms.ChoiceField(
        label=_("Stakeholder type"),
        required=False,
        choices=choices_with_any(StakeholderType.choices, _("Any type")),
    )
    topic = forms.CharField(label=_("Expertise topic"), required=False, max_length=80)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=choices_with_any(language_choices, _("Any language")),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_for_anonymous(self, user)


class CommunityFilterForm(FilterForm):
    drawn_for_everyone = True  # fixed lists and regions

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=choices_with_any(Level.choices, _("Any level"))
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(region_choices, _("Any region")),
    )
    closed = forms.BooleanField(label=_("Show closed sub-groups"), required=False)


class MemberOrEmailForm(forms.Form):
    """A member of the network chosen by the name they are shown by (`people`: those the viewer
    may see), or else an e-mail address; one of the two is needed."""

    missing_choice_field = "email"

    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Member of the network"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("— choose —"),
        widget=Picker("people"),
        help_text=_("Type part of the name they are shown by, and choose them."),
    )
    email = forms.EmailField(label=_("Or an e-mail address"), required=False)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        if people is not None:
            field.queryset = people
        field.label_from_instance = lambda person: person.public_name  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                self.missing_choice_field, _("Choose a member, or give an e-mail address.")
            )
        return data


class InviteMemberForm(MemberOrEmailForm):
    """A member of the network chosen by the name they are shown by, or anyone by their e-mail
    address (a new person gets an invitation to create their account)."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in PERSON_ROLES], initial=Role.MEMBER
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=platform_languages)


class RoleForm(forms.Form):
    """Co-lead is among the choices; only the platform's facilitators may give or take it
    (actions.change_role)."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in [Role.CO_LEAD, *PERSON_ROLES]]
    )


def _directory() -> Any:
    """The organisations one may choose: those of the directory (a proposal, a refused or a
    merged one never), by the access rule."""
    return access.organisations_visible_to(Organisation.objects.all(), AnonymousUser())


def find_organisation(text: str) -> Organisation:
    """The organisation named by its exact name, acronym or address in the directory."""
    matches = list(
        _directory().filter(name__iexact=text)[:2]
        or _directory().filter(acronym__iexact=text)[:2]
        or _directory().filter(slug=text.rstrip("/").rsplit("/", 1)[-1])[:2]
    )
    if not matches:
        raise forms.ValidationError(
            _("No organisation is called “%(name)s”."), params={"name": text}
        )
    if len(matches) > 1:
        raise forms.ValidationError(_("Several organisations match; give the full name."))
    return matches[0]


def organisation_choices() -> list[tuple[str, str]]:
    """Every organisation of the directory (they are public bodies), by name; two of the same
    name are told apart by their website, or else their address name."""
    rows = list(
        _directory().order_by("name", "slug").values_list("slug", "name", "acronym", "website")
    )
    namesakes = Counter(name.casefold() for _slug, name, _acronym, _website in rows)
    choices = []
    for slug, name, acronym, website in rows:
        label = f"{name} ({acronym})" if acronym else name
        if namesakes[name.casefold()] > 1:
            label = f"{label} — {website_host(website) or slug}"
        choices.append((slug, label))
    return choices


def _picked_organisation(value: str) -> Organisation:
    """A picker sends the address name (slug); a script or an old form may send the name."""
    found = _directory().filter(slug=value).first()
    return found or find_organisation(value)


class OrganisationField(forms.ChoiceField):
    """An organisation chosen by its name in a picker (a plain select without JavaScript); its
    exact name, acronym or address is accepted too."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", Picker("organisations"))
        super().__init__(choices=self._choices_with_empty, **kwargs)

    def _choices_with_empty(self) -> list[tuple[str, Any]]:
        return [("", _("— choose —")), *organisation_choices()]

    def valid_value(self, value: Any) -> bool:
        return True  # checked by clean(), which names what it does not find

    def clean(self, value: Any) -> Organisation:
        text = (super().clean(value) or "").strip()
        if not text:
            return None  # type: ignore[return-value]  # not required and left empty
        return _picked_organisation(text)


class OrganisationsField(forms.MultipleChoiceField):
    """Organisations chosen by name in a picker; every unknown one is reported at once. Lines of
    names (the form before the picker) are accepted too."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PickerMultiple("organisations"))
        kwargs.setdefault("required", False)
        super().__init__(choices=organisation_choices, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return True  # checked by clean()

    def clean(self, value: Any) -> list[Organisation]:
        values = super().clean(value) or []
        lines = [line.strip() for item in values for line in str(item).splitlines()]
        found, errors = [], []
        for line in filter(None, lines):
            try:
                found.append(_picked_organisation(line))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(found))


class AddOrganisationForm(forms.Form):
    organisation = OrganisationField(
        label=_("Organisation"), help_text=_("Type part of its name or acronym, and choose it.")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in ORGANISATION_ROLES],
        initial=Role.MEMBER,
    )


class JoinCommunityForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the facilitators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
    reason = forms.CharField(label=_("Reason, sent to the person"), required=False, max_length=2000)


class AffiliationForm(forms.Form):
    organisation = OrganisationField(
        label=_("Organisation"), help_text=_("Type part of its name or acronym, and choose it.")
    )
    title = forms.CharField(label=_("Your title there"), required=False, max_length=200)
    shown_with_pseudonym = forms.BooleanField(
        label=_("Show it even under my pseudonym"),
        required=False,
        help_text=_("Off by default: an organisation can tell who is behind a pseudonym."),
    )


class AffiliationDecisionForm(forms.Form):
    """One claim or several (checked), confirmed or declined together."""

    claims = forms.Field(
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Choose at least one claim.")},
    )
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])

    def clean_claims(self) -> list[str]:
        import uuid

        values = self.cleaned_data["claims"]
        try:
            return [str(uuid.UUID(str(value))) for value in values]
        except ValueError:
            raise forms.ValidationError(_("Choose claims from the list.")) from None


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("E-mail domain"),
        max_length=253,
        help_text=_("The part after @ in the organisation's addresses, such as example.org."),
    )


# Building the network --------------------------------------------------------------------------


def country_codes(value: str) -> list[Country]:
    """Countries named by ISO codes, comma-separated (scripts, the API), each once; an unknown
    code is refused by name."""
    codes = [code.strip().upper() for code in value.replace(";", ",").split(",") if code.strip()]
    found = {country.code: country for country in Country.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise forms.ValidationError(
            _("Unknown country codes: %(codes)s. Use ISO codes such as MX, TH, LY."),
            params={"codes": ", ".join(unknown)},
        )
    return list(dict.fromkeys(found[code] for code in codes))


class CountriesField(forms.MultipleChoiceField):
    """Countries chosen by their names in the reader's language (a picker; a multi-select
    without JavaScript). A comma-separated list of ISO codes (scripts, the form before the
    picker) is accepted too. The one countries field of every form."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Countries"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerMultiple("countries"))
        kwargs.setdefault(
            "help_text", _("Type part of a country's name, and choose it; as many as needed.")
        )
        super().__init__(choices=country_choices, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return True  # clean() names the codes it does not know

    def clean(self, value: Any) -> list[Country]:
        values = super().clean(value) or []
        return country_codes(",".join(str(item) for item in values))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [getattr(item, "code", item) for item in value]
        return value


class ParentField(forms.ChoiceField):
    """The community a new one is a sub-group of, among those the person may see (`parents`).
    A community the person may not see is refused with the same words as one that does not
    exist: the form never tells that it does."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Sub-group of (optional)"))
        kwargs.setdefault("required", False)
        super().__init__(choices=[], **kwargs)
        self.parents: Any = None

    def set_parents(self, parents: Any) -> None:
        self.parents = parents
        self.choices = [
            ("", _("— none: a community of its own —")),
            *parents.order_by("name").values_list("slug", "name"),
        ]

    def valid_value(self, value: Any) -> bool:
        return True  # checked by clean()

    def clean(self, value: Any) -> Community | None:
        slug = (super().clean(value) or "").strip()
        if not slug:
            return None
        parent = self.parents.filter(slug=slug).first() if self.parents is not None else None
        if parent is None:
            raise forms.ValidationError(_("Choose a community from the list."))
        return parent


class PeopleField(forms.ModelMultipleChoiceField):
    """People chosen by the name they are shown by, among those the person may see."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerMultiple("people"))
        super().__init__(queryset=User.objects.none(), to_field_name="uuid", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.public_name)


class CommunityTextsForm(forms.Form):
    """What a community says of itself: its facilitators edit it."""

    name = forms.CharField(
        label=_("Name"), max_length=250, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        max_length=10000,
        help_text=_("What the community is for, and who takes part; shown on its page."),
    )
    # Not required: a form posted without it (a script) keeps what the form shows, the
    # interface language for a new community and its own for one edited (`clean_language`).
    language = forms.ChoiceField(
        label=_("Language of the name and purpose"),
        choices=language_choices,
        required=False,
        widget=Picker("languages"),
        help_text=_(
            "The language they are written in. Readers of other languages are told so until "
            "a translation into theirs is made."
        ),
    )
    themes = TopicsField(
        label=_("Themes"),
        required=False,
        help_text=_("Separate themes with commas, e.g. alternatives to detention, children."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Programme regions"),
        required=False,
        choices=ProgrammeRegion.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = CountriesField()

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, PeopleField) and people is not None:
                field.queryset = people

    def clean_language(self) -> str:
        return written_in(self)


def written_in(form: forms.Form) -> str:
    """The language chosen, or when none was posted the one the form showed."""
    return form.cleaned_data.get("language") or form.initial.get("language") or "en"


CO_LEADS_HELP = _(
    "Type part of the name they are shown by, and choose them. A co-lead facilitates the "
    "community too; only the platform's facilitators appoint co-leads."
)


class CommunityEditForm(CommunityTextsForm):
    """The texts, and for the platform's facilitators (`platform=True`) its co-leads and the
    community it is a sub-group of."""

    co_leads = PeopleField(label=_("Co-leads (people)"), help_text=CO_LEADS_HELP)
    parent = ParentField()

    def __init__(
        self, *args: Any, platform: bool = False, parents: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not platform:
            del self.fields["co_leads"]
            del self.fields["parent"]
        else:
            parent = self.fields["parent"]
            assert isinstance(parent, ParentField)  # noqa: S101 - narrows the type
            parent.set_parents(parents)


class CommunityCreateForm(CommunityTextsForm):
    """A new community, by a platform facilitator: at any level, with its co-leads and its
    facilitators."""

    field_order = [
        "name",
        "purpose",
        "language",
        "level",
        "parent",
        "visibility",
        "regions",
        "countries",
        "themes",
        "co_leads",
        "facilitators",
    ]

    level = forms.ChoiceField(
        label=_("Level"),
        choices=choices_with_any(Level.choices, _("— choose —")),
        error_messages={"required": _("Choose the community's level.")},
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=CommunityVisibility.choices,
        initial=CommunityVisibility.LISTED,
        widget=forms.RadioSelect,
    )
    parent = ParentField()
    co_leads = PeopleField(label=_("Co-leads (people)"), help_text=CO_LEADS_HELP)
    facilitators = PeopleField(
        label=_("Facilitators"),
        help_text=_(
            "Type part of the name they are shown by, and choose them. They manage its members "
            "and exchanges. A community needs at least one facilitator or co-lead."
        ),
    )

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, ParentField)  # noqa: S101 - narrows the type
        parent.set_parents(parents)


class SubgroupForm(forms.Form):
    """A sub-group of a community: its level is the community's; its creator facilitates it."""

    name = CommunityTextsForm.base_fields["name"]
    purpose = CommunityTextsForm.base_fields["purpose"]
    language = CommunityTextsForm.base_fields["language"]
    themes = CommunityTextsForm.base_fields["themes"]
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=CommunityVisibility.choices,
        initial=CommunityVisibility.LISTED,
        widget=forms.RadioSelect,
    )

    def clean_language(self) -> str:
        return written_in(self)


class CommunityTranslationForm(TranslationForm):
    """A community's name and purpose in another language. An empty name takes the
    translation into that language away."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Leave it empty to remove the translation into this language."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = (data.get("name") or "").strip()
        purpose = (data.get("purpose") or "").strip()
        if name and not purpose:
            self.add_error("purpose", _("Translate the purpose too."))
        if purpose and not name:
            self.add_error("name", _("Give the name too, or empty both to remove the translation."))
        return data
