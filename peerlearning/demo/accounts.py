"""Demo accounts: one for each role, all with the same published password."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from peerlearning.accounts.models import User, Visibility

DEMO_PASSWORD = "peerlearning-demo"  # noqa: S105 - printed by `make run`, for the demo only


@dataclass(frozen=True)
class Persona:
    email: str
    display_name: str
    role: str
    pseudonym: str = ""
    country: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])
    expertise: list[str] = field(default_factory=list)
    visibility: str = Visibility.NETWORK
    facilitator: bool = False
    editor: bool = False
    administrator: bool = False
    # Base32, published: anyone can add it to an authenticator app to try the demo.
    totp_secret: str = ""


PERSONAS = [
    Persona(
        "admin@example.org",
        "Demo Administrator",
        "administrator",
        administrator=True,
        totp_secret="PEERLEARNINGDEMOADMIN234",
    ),
    Persona(
        "facilitator@example.org",
        "Demo Facilitator",
        "facilitator",
        languages=["en", "es", "fr"],
        expertise=["peer learning", "alternatives to detention"],
        facilitator=True,
        editor=True,
        totp_secret="PEERLEARNINGDEMOFACILITA",
    ),
    Persona(
        "editor@example.org",
        "Demo Editor",
        "editor only: reviews and publishes the knowledge base",
        languages=["en", "fr"],
        editor=True,
        totp_secret="PEERLEARNINGDEMOEDITORXY",
    ),
    Persona(
        "member@example.org",
        "Demo Government Official",
        "member: a government official",
        country="TH",
        languages=["en", "th"],
        expertise=["child protection", "case management"],
    ),
    Persona(
        "lived@example.org",
        "Demo Person With Lived Experience",
        "member with lived experience, under a pseudonym",
        pseudonym="Amal",
        languages=["ar", "en"],
        expertise=["lived experience of detention"],
    ),
    Persona(
        "monitor@example.org",
        "Lucía Arellano (demo monitor)",
        "monitoring team, Mexico",
        country="MX",
        languages=["es", "en"],
        expertise=["monitoring places of detention"],
        totp_secret="PEERLEARNINGDEMOMONITORX",
    ),
    Persona(
        "outsider@example.org",
        "Demo Outsider",
        "signed-in member of no community",
        country="MX",
        languages=["es"],
        visibility=Visibility.HIDDEN,
    ),
]


@transaction.atomic
def load() -> list[tuple[Persona, bool]]:
    """Create the demo accounts that do not exist yet; never touch ones that do."""
    results = []
    for persona in PERSONAS:
        user = User.objects.filter(email=persona.email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(
                persona.email,
                DEMO_PASSWORD,
                display_name=persona.display_name,
                pseudonym=persona.pseudonym,
                country=persona.country,
                languages=persona.languages,
                expertise=persona.expertise,
                visibility=persona.visibility,
                is_facilitator=persona.facilitator,
                is_editor=persona.editor,
                is_staff=persona.administrator,
                is_superuser=persona.administrator,
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if (
            persona.totp_secret
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, persona.totp_secret)
            RecoveryCodes.activate(user)
        results.append((persona, created))
    return results
