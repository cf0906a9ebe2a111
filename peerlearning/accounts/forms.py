import uuid
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peerlearning.accounts.models import (
    ApiToken,
    User,
    Visibility,
    country_choices,
    country_name,
    language_choices,
    platform_languages,
)
from peerlearning.lib import zones
from peerlearning.lib.pickers import Picker


def country_field(*, picker: bool = False, **kwargs: Any) -> forms.ChoiceField:
    """A country by its name in the reader's language; with `picker`, found by typing part of
    it (lib/pickers.py)."""
    if picker:
        kwargs.setdefault("widget", Picker("countries"))
    return forms.ChoiceField(
        label=_("Country"),
        choices=lambda: [("", _("— not given —")), *country_choices()],
        required=False,
        **kwargs,
    )


class TopicsField(forms.CharField):
    """Comma-separated topics, kept as a list."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        topics: list[str] = []
        # The Arabic comma separates as well as the Latin one.
        for topic in text.replace("،", ",").split(","):
            topic = " ".join(topic.split())
            if topic and topic.lower() not in {t.lower() for t in topics}:
                topics.append(topic[:80])
        return topics

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


class ProfileForm(forms.Form):
    """Plain form: the action, not the form, writes to the person."""

    display_name = forms.CharField(label=_("Name"), max_length=150)
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=80,
        required=False,
        help_text=_("When set, shown everywhere instead of your name."),
    )
    country = country_field(picker=True)
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expertise = TopicsField(
        label=_("Expertise topics"),
        required=False,
        help_text=_("Separate topics with commas, e.g. case management, child protection."),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        required=False,
        help_text=_("Times of exchanges are also shown in it."),
    )
    offers_expertise = forms.BooleanField(
        label=_("I offer my expertise to peers"),
        required=False,
        help_text=_("Lists you in the expert roster, with your topics and languages."),
    )
    availability = forms.CharField(
        label=_("Availability"),
        max_length=200,
        required=False,
        help_text=_("For example: remote advice, two days a month."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see your profile"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The zones of the person's country first, each named as people know it.
        country = str(self.initial.get("country") or "")
        stored = str(self.initial.get("time_zone") or "")
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)  # noqa: S101 - narrows the type
        groups = zones.zone_choices(
            zones.likely_zones([country] if country else [], stored),
            country_name,
            likely_label=str(_("Likely for you")),
            others_label=str(_("All time zones")),
            keep=stored,
        )
        # Left empty, times are shown in UTC only.
        zone.choices = [("", _("— not given (UTC) —")), *groups]

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> "ProfileForm":
        initial = {name: getattr(user, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class AcceptInvitationForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(email=self.email, display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class JoinRequestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    country = country_field()
    reason = forms.CharField(
        label=_("Why would you like to join?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=platform_languages,
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    as_facilitator = forms.BooleanField(label=_("Invite as a facilitator"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the person"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example: the monthly report script."),
    )
    scope = forms.ChoiceField(
        label=_("What the token may do"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only token cannot change anything, whatever your role."),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[
            (7, _("one week")),
            (30, _("30 days")),
            (90, _("90 days")),
            (180, _("180 days")),
            (ApiToken.MAX_VALID_DAYS, _("one year")),
        ],
        initial=ApiToken.DEFAULT_VALID_DAYS,
        help_text=_("After that the token stops working; create a new one."),
    )


ROLE_CHOICES = [
    ("facilitator", _("platform facilitator (coordinator)")),
    ("editor", _("editor")),
    ("administrator", _("administrator")),
]


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    granted = forms.TypedChoiceField(
        label=_("Change"),
        coerce=lambda value: value == "give",
        choices=[("give", _("give")), ("take", _("take away"))],
    )


class AuditLogFilterForm(forms.Form):
    """The audit log's filters (a GET form, kept in the page's links). All of them combine; one
    that is not valid is an error on the form, never a wider list than was asked for."""

    MAX_PEOPLE = 50

    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        help_text=_(
            "Part of a name, pseudonym or e-mail address: what they did and what was done about "
            "them. A closed account keeps no name: find its entries by object instead."
        ),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of object"), required=False)
    object_id = forms.CharField(
        label=_("Object's identifier"),
        required=False,
        max_length=64,
        help_text=_("As recorded: a UUID, a slug or a number."),
    )
    since = forms.DateField(
        # With a context: "From" alone is translated elsewhere as a message's source.
        label=pgettext_lazy("start of a period", "From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("end of a period", "To (included)"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(
        self, *args: Any, actions: list[str], object_types: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        action, object_type = self.fields["action"], self.fields["object_type"]
        assert isinstance(action, forms.ChoiceField)  # noqa: S101 - for the type checker
        assert isinstance(object_type, forms.ChoiceField)  # noqa: S101 - for the type checker
        action.choices = [("", _("Any action")), *((name, name) for name in actions)]
        object_type.choices = [("", _("Any kind")), *object_types]

    def clean_person(self) -> list[User] | None:
        """The people whose entries are asked for (None: anyone). Closed accounts have no name
        or address left to match."""
        text = self.cleaned_data["person"].strip()
        if not text:
            return None
        people = list(
            User.objects.filter(closed_at__isnull=True)
            .filter(
                models.Q(display_name__icontains=text)
                | models.Q(pseudonym__icontains=text)
                | models.Q(email__icontains=text)
            )
            .order_by("pk")[: self.MAX_PEOPLE + 1]
        )
        if len(people) > self.MAX_PEOPLE:
            raise forms.ValidationError(
                _("More than %(count)s people match: write more of the name or address.")
                % {"count": self.MAX_PEOPLE}
            )
        return people

    def clean_object_id(self) -> str:
        text = self.cleaned_data["object_id"].strip()
        try:
            return str(uuid.UUID(text))  # as recorded, whatever the case or the hyphens
        except ValueError:
            return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        return cleaned
