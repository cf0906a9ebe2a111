import functools
import gettext
import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pycountry
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Languages a person may say they work in: those Django knows by a translated name.
LANGUAGE_CODES = [
    "en", "es", "fr", "ar", "pt", "ru", "zh-hans", "fa", "tr", "ur", "hi", "bn", "th", "id",
    "ms", "vi", "my", "sw", "am", "ti", "so", "ha", "de", "it", "nl", "el", "uk", "ku",
]  # fmt: skip


def language_choices() -> list[tuple[str, Any]]:
    return [(code, _(LANG_INFO[code]["name"])) for code in LANGUAGE_CODES if code in LANG_INFO]


def platform_languages() -> list[tuple[str, str]]:
    """The platform's languages (settings.LANGUAGES), each named in itself: whoever chooses the
    language of an e-mail or a translation reads its own name."""
    local = (LANG_INFO[code]["name_local"] for code, _name in settings.LANGUAGES)
    return [
        (code, name[:1].upper() + name[1:])
        for (code, _name), name in zip(settings.LANGUAGES, local, strict=True)
    ]


@functools.cache
def _country_names(language: str) -> list[tuple[str, str]]:
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        translate: Callable[[str], str] = catalogue.gettext
    except OSError:
        translate = str
    names = ((country.alpha_2, translate(country.name)) for country in pycountry.countries)
    return sorted(names, key=lambda pair: pair[1].casefold())


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 countries, named and sorted in the active language."""
    return _country_names(translation.get_language() or "en")


@functools.cache
def _country_names_by_code(language: str) -> dict[str, str]:
    return dict(_country_names(language))


def country_name(code: str) -> str:
    return _country_names_by_code(translation.get_language() or "en").get(code, "")


class Visibility(models.TextChoices):
    HIDDEN = "hidden", _("Hidden: listed nowhere; only administrators see it")
    NETWORK = "network", _("Network: signed-in members")
    PUBLIC = "public", _("Public: anyone")


class UserQuerySet(models.QuerySet["User"]):
    """Who may see whom is decided in peerlearning/access (people_visible_to)."""


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The profile lives here: one row a person."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150)
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=80,
        blank=True,
        help_text=_("When set, shown everywhere instead of your name."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interface_language = models.CharField(
        _("interface language"),
        max_length=10,
        blank=True,
        help_text=_("The language last chosen with the language switch: pages and e-mails use it."),
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    expertise = models.JSONField(_("expertise topics"), default=list, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("Times of exchanges are also shown in it."),
    )
    visibility = models.CharField(
        _("profile visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    offers_expertise = models.BooleanField(
        _("I offer my expertise to peers"),
        default=False,
        help_text=_("Lists you in the expert roster, with your topics and languages."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=200,
        blank=True,
        help_text=_("For example: remote advice, two days a month."),
    )
    is_facilitator = models.BooleanField(
        _("facilitator"),
        default=False,
        help_text=_(
            "Platform facilitator (coordinator): builds the network and coordinates support. "
            "Requires two-factor sign-in."
        ),
    )
    is_editor = models.BooleanField(
        _("editor"),
        default=False,
        help_text=_(
            "Reviews and publishes practices, resources, updates and lessons. "
            "Requires two-factor sign-in."
        ),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name others see: the pseudonym whenever there is one."""
        return self.pseudonym or self.display_name or str(pgettext_lazy("person", "Member"))

    @property
    def preferred_language(self) -> str:
        """The language pages and e-mails to this person are written in: the one they chose
        with the language switch, else the first they work in."""
        if self.interface_language:
            return self.interface_language
        return self.languages[0] if self.languages else "en"

    @property
    def country_name(self) -> str:
        return country_name(self.country)


def has_two_factor(user: "User | AnonymousUser") -> bool:
    """An authenticator app (TOTP) is set up; recovery codes alone are not a second factor."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed, single-use link to create an account. Only a hash of the token is kept."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    as_facilitator = models.BooleanField(_("as a facilitator"), default=False)
    # False when the sender chose a member by the name they show: the sender never typed the
    # address, and may not read it (it could be the one behind a pseudonym).
    address_typed = models.BooleanField(_("address typed by the sender"), default=True)
    message = models.TextField(_("personal message"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("expires"),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @classmethod
    def default_expiry(cls) -> Any:
        return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)


class RequestStatus(models.TextChoices):
    """Where a request to join (the network, a community) stands."""

    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class JoinRequest(models.Model):
    """A visitor asks to join the network; an administrator approves or declines."""

    Status = RequestStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    reason = models.TextField(_("why you would like to join"))
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class AuditEntry(models.Model):
    """Who changed what, when. Written by actions, read by administrators."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The audit log's filter by action, newest first, and its list of the actions in use.
            models.Index(fields=["action", "-created_at"], name="audit_action_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )


class ApiToken(models.Model):
    """A personal token for scripts using the API. Only its hash is kept; it acts as its owner."""

    PREFIX = "pl_"
    DEFAULT_VALID_DAYS = 90
    MAX_VALID_DAYS = 365

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        READ_WRITE = "read-write", _("read and write")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def new_token(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
