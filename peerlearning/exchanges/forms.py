from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.models import (
    User,
    country_name,
    language_choices,
    platform_languages,
)
from peerlearning.exchanges.models import (
    ContributionKind,
    Exchange,
    FollowUpStatus,
    Moderation,
    OutcomeKind,
)
from peerlearning.lib import zones
from peerlearning.lib.pickers import PickerMultiple
from peerlearning.lib.translations import TranslationForm
from peerlearning.network.forms import MemberOrEmailForm, OrganisationField, OrganisationsField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TimeZoneField(forms.ChoiceField):
    """Zones named as people know them ("Mexico City, Mexico (UTC−6)"), the likely ones first;
    any zone of the tz database is accepted (an exchange saved with an old alias keeps it)."""

    def valid_value(self, value: Any) -> bool:
        return zones.is_zone(str(value))


def zone_field_choices(likely: list[str], keep: str = "") -> list[Any]:
    return zones.zone_choices(
        likely,
        country_name,
        likely_label=str(_("Likely for this community")),
        others_label=str(_("All time zones")),
        keep=keep,
    )


def report_language_choices(keep: str = "") -> list[tuple[str, str]]:
    """The platform's languages; a report already in another language keeps it."""
    choices = platform_languages()
    if keep and keep not in dict(choices):
        choices.append((keep, dict(language_choices()).get(keep, keep)))
    return choices


class ExchangeForm(forms.ModelForm):
    """Times are entered in the exchange's own time zone. `countries` (ISO codes, the
    community's) and `profile_zone` (the facilitator's) put the likely zones first and preset
    a new exchange's zone (lib/zones.py)."""

    time_zone = TimeZoneField(label=_("Time zone"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        required=False,
        widget=PickerMultiple("languages"),
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=language_choices,
        required=False,
        widget=PickerMultiple("languages"),
    )
    language = forms.ChoiceField(label=_("Language of the report"))
    hosts = OrganisationsField(
        label=_("Host governments"),
        help_text=_("Type part of a name or acronym, and choose it; as many as needed."),
    )
    co_conveners = OrganisationsField(
        label=_("Co-convening organisations"),
        help_text=_("Type part of a name or acronym, and choose it; as many as needed."),
    )

    def __init__(
        self,
        *args: Any,
        countries: list[str] | None = None,
        profile_zone: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        stored = self.instance.time_zone if self.instance.pk else ""
        likely = zones.likely_zones(countries or [], profile_zone, stored)
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)  # noqa: S101 - narrows the type
        zone.choices = zone_field_choices(likely, keep=stored)
        if not self.instance.pk:
            self.initial.setdefault("time_zone", zones.preset_zone(countries or [], profile_zone))
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)  # noqa: S101 - narrows the type
        stored_language = self.instance.language if self.instance.pk else ""
        language.choices = report_language_choices(stored_language)

    class Meta:
        model = Exchange
        fields = [
            "title",
            "description",
            "theme",
            "format",
            "mode",
            "place",
            "time_zone",
            "starts_at",
            "ends_at",
            "when_text",
            "languages",
            "interpretation",
            "language",
            "rule",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "visibility",
            "participation_note",
        ]
        widgets = dict.fromkeys(
            ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"], DATETIME
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        if not starts and not data.get("when_text"):
            self.add_error("starts_at", _("Give the start, or say roughly when."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        return data


class RegistrationForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Your delegation"),
        queryset=None,
        empty_label=None,
        help_text=_("The department or organisation you represent."),
    )
    interpretation_needs = forms.CharField(
        label=_("Interpretation needs"), required=False, max_length=500
    )
    access_needs = forms.CharField(label=_("Access needs"), required=False, max_length=500)
    accept_rule = forms.BooleanField(
        label=_("I accept the rule of this exchange"),
        required=True,
        error_messages={"required": _("You must accept the rule to take part.")},
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = organisations


class InvitePersonForm(MemberOrEmailForm):
    """A member chosen by the name the network sees (never by an address); a member the
    facilitator cannot see (a hidden profile) by their e-mail address."""

    missing_choice_field = "person"

    email = forms.EmailField(
        label=_("Or their e-mail address, if they are not listed"), required=False
    )
    organisation = OrganisationField(label=_("In the delegation of (optional)"), required=False)


class InviteDelegationForm(forms.Form):
    organisation = OrganisationField(label=_("Organisation or government department"))


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    speakers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Speakers (optional)"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=PickerMultiple("people"),
        help_text=_(
            "Type part of the name they are shown by, and choose them. Under the rule, only "
            "participants see them."
        ),
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        """`people`: those the facilitator may see (never chosen by an e-mail address, which
        would tell whether it has an account and whose it is)."""
        super().__init__(*args, **kwargs)
        field = self.fields["speakers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - narrows the type
        if people is not None:
            field.queryset = people
        field.label_from_instance = lambda person: person.public_name  # type: ignore[method-assign,assignment]


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContributionKind.choices)
    text = forms.CharField(
        label=_("Your contribution"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    text = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Chosen by their random uuid: a sequential id, in the order written, paired with one
    # contribution of one's own, would tell who wrote the others.
    contributions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("From these contributions"),
        queryset=None,
        required=False,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
    )
    owner = OrganisationField(label=_("Owner organisation (follow-up actions)"), required=False)
    due_on = forms.DateField(
        label=_("Due (follow-up actions)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, contributions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contributions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - narrows the type
        field.queryset = contributions
        field.label_from_instance = contribution_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == OutcomeKind.FOLLOW_UP and not data.get("owner"):
            self.add_error("owner", _("A follow-up action needs an owner organisation."))
        return data


def contribution_label(contribution: Any) -> str:
    return f"{contribution.get_kind_display()}: {contribution.shown_text[:120]}"


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


RATING = [(n, str(n)) for n in range(1, 6)]


class SurveyForm(forms.Form):
    overall = forms.TypedChoiceField(
        label=_("Overall, how useful was the exchange? (1 to 5)"),
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("Will you use what you learnt in your work? (1 to 5)"),
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    trust = forms.TypedChoiceField(
        label=_("Did you feel free to speak? (1 to 5)"),
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Report"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Paragraphs separated by a blank line; lines starting with • make a list."),
    )


class JoiningDetailsForm(forms.Form):
    """How to join, for registered participants only."""

    joining_link = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        # A text field with the phone's address keyboard: styled like every other field.
        widget=forms.TextInput(attrs={"inputmode": "url", "dir": "ltr", "spellcheck": "false"}),
        help_text=_("The address to join online, for example https://meet.example.org/abc."),
    )
    joining_venue = forms.CharField(
        label=_("Venue and address"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where to go in person: the building, the room, the street address."),
    )
    joining_notes = forms.CharField(
        label=_("Logistics"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Access and security checks, interpretation channels, whom to call on the day."
        ),
    )


class AuthorReadForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to know who wrote this"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ContributionReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the facilitators should review it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: it names or identifies a participant. Only the facilitators see who "
            "reported it."
        ),
    )


AS_WRITTEN = "as-written"  # Moderation.NONE is empty, which a required choice cannot be


class ModerationForm(forms.Form):
    moderation = forms.ChoiceField(
        label=_("What everyone else sees"),
        choices=[
            (Moderation.REDACTED, _("The redacted text below")),
            (Moderation.HIDDEN, _("Nothing: the contribution is hidden")),
            (AS_WRITTEN, _("The contribution as written")),
        ],
        widget=forms.RadioSelect,
    )
    redacted_text = forms.CharField(
        label=_("Redacted text"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Remove what identifies anyone; it replaces the text everywhere."),
    )
    reason = forms.CharField(
        label=_("Reason (recorded in the audit log)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_moderation(self) -> str:
        value = self.cleaned_data["moderation"]
        return Moderation.NONE if value == AS_WRITTEN else value


class ExchangeTranslationForm(TranslationForm):
    """An exchange's title and description, and each agenda session's, in another language.
    An empty title takes the exchange's translation into that language away (its sessions'
    too); an empty session title, that session's."""

    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Leave it empty to remove the translation into this language."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )

    def __init__(self, *args: Any, sessions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = list(sessions)
        for number, session in enumerate(self.sessions, start=1):
            self.fields[f"session_{session.uuid}_title"] = forms.CharField(
                label=_("Session %(number)s: title") % {"number": number},
                required=False,
                max_length=250,
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )
            self.fields[f"session_{session.uuid}_description"] = forms.CharField(
                label=_("Session %(number)s: description") % {"number": number},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            )

    def session_fields(self) -> list[tuple[Any, Any, Any]]:
        """(session, its title field, its description field), in the agenda's order."""
        return [
            (
                session,
                self[f"session_{session.uuid}_title"],
                self[f"session_{session.uuid}_description"],
            )
            for session in self.sessions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for session in self.sessions:
            title = (data.get(f"session_{session.uuid}_title") or "").strip()
            if not title and (data.get(f"session_{session.uuid}_description") or "").strip():
                self.add_error(
                    f"session_{session.uuid}_title",
                    _("Give the session's title too, or empty both to remove its translation."),
                )
        if not (data.get("title") or "").strip():
            others = [name for name in self.fields if name not in ("language", "title")]
            if any((data.get(name) or "").strip() for name in others):
                self.add_error(
                    "title",
                    _(
                        "Give the title too: without it the translation is removed, "
                        "with its sessions."
                    ),
                )
        return data

    def translation_data(self) -> dict[str, Any]:
        """For the action: the exchange's texts and, by session, the session's."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "sessions": {
                session: {
                    "title": data.get(f"session_{session.uuid}_title", ""),
                    "description": data.get(f"session_{session.uuid}_description", ""),
                }
                for session in self.sessions
            },
        }


class ReportTranslationForm(TranslationForm):
    """A report's summary and text in another language: the report's words only, nothing about
    who took part. An empty text takes the translation into that language away."""

    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    body = forms.CharField(
        label=_("Report"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto"}),
        help_text=_(
            "Paragraphs separated by a blank line; lines starting with • make a list. "
            "Leave the report empty to remove the translation into this language."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and (data.get("summary") or "").strip():
            self.add_error(
                "body",
                _("Give the report's text too, or empty both to remove the translation."),
            )
        return data
