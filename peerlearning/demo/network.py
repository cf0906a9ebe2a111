"""The seed's communities and organisations, and the demo personas placed in them."""

from django.db import transaction
from django.utils.text import slugify

from peerlearning.accounts.models import User
from peerlearning.network.models import (
    Affiliation,
    Community,
    CommunityVisibility,
    Country,
    Level,
    Membership,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    Role,
    StakeholderType,
)

T = StakeholderType

# (name, acronym, type, countries, coalition member, parent acronym or name, website)
ORGANISATIONS = [
    (
        "International Detention Coalition",
        "IDC",
        T.CIVIL_SOCIETY,
        [],
        True,
        None,
        "https://idcoalition.org",
    ),
    (
        "United Nations High Commissioner for Refugees",
        "UNHCR",
        T.UN_AGENCY,
        [],
        False,
        None,
        "https://www.unhcr.org",
    ),
    (
        "United Nations Children's Fund",
        "UNICEF",
        T.UN_AGENCY,
        [],
        False,
        None,
        "https://www.unicef.org",
    ),
    (
        "UNICEF Middle East and North Africa Regional Office",
        "UNICEF MENA",
        T.UN_AGENCY,
        ["JO"],
        False,
        "UNICEF",
        "",
    ),
    (
        "United Nations Network on Migration",
        "",
        T.INTERGOVERNMENTAL,
        [],
        False,
        None,
        "https://migrationnetwork.un.org",
    ),
    ("World Health Organization", "WHO", T.UN_AGENCY, [], False, None, "https://www.who.int"),
    (
        "Centre for Policy Development",
        "CPD",
        T.CIVIL_SOCIETY,
        ["AU"],
        False,
        None,
        "https://cpd.org.au",
    ),
    ("Uppsala University", "", T.ACADEMIC, ["SE"], False, None, "https://www.uu.se"),
    ("HOST International", "", T.CIVIL_SOCIETY, ["AU"], False, None, ""),
    (
        "Fletcher School of Global Affairs, Tufts University",
        "",
        T.ACADEMIC,
        ["US"],
        False,
        None,
        "",
    ),
    ("National Human Rights Commission of Thailand", "", T.NHRI, ["TH"], False, None, ""),
    (
        "Alaide Foppa Legal Clinic for Refugees, Iberoamericana University",
        "",
        T.ACADEMIC,
        ["MX"],
        True,
        None,
        "",
    ),
    ("SOS Children's Villages", "", T.CIVIL_SOCIETY, ["MX"], False, None, ""),
    (
        "World Organisation Against Torture",
        "OMCT",
        T.CIVIL_SOCIETY,
        ["LY"],
        True,
        None,
        "https://www.omct.org",
    ),
    ("Libyan Anti-Torture Network", "LAN", T.CIVIL_SOCIETY, ["LY"], False, "OMCT", ""),
    ("Maghreb Action on Displacement and Rights", "MADAR", T.CIVIL_SOCIETY, [], False, None, ""),
    ("Move Coalition", "", T.CIVIL_SOCIETY, ["BE"], True, None, ""),
    (
        "Mesa de Coordinación Transfronteriza Migraciones y Género",
        "",
        T.CIVIL_SOCIETY,
        ["MX", "GT"],
        False,
        None,
        "",
    ),
]

GOVERNMENTS = {
    "PT": "Government of Portugal",
    "TH": "Government of Thailand",
    "CO": "Government of Colombia",
    "GH": "Government of Ghana",
    "NG": "Government of Nigeria",
    "AU": "Government of Australia",
    "ID": "Government of Indonesia",
    "MY": "Government of Malaysia",
    "NZ": "Government of New Zealand",
    "DJ": "Government of Djibouti",
    "EG": "Government of Egypt",
    "JO": "Government of Jordan",
    "KW": "Government of Kuwait",
    "LY": "Government of Libya",
    "MA": "Government of Morocco",
    "SA": "Government of Saudi Arabia",
    "SD": "Government of Sudan",
}
NAME_TRANSLATIONS = {
    "International Detention Coalition": {
        "es": "Coalición Internacional contra la Detención",
        "fr": "Coalition internationale contre la détention",
        "ar": "التحالف الدولي لمناهضة الاحتجاز",
    },
}

GLOBAL = "un-network-global-peer-learning-exchanges"
ASIA_PACIFIC = "asia-pacific-regional-peer-learning-platform"

# (slug, name, level, visibility, since, countries, regions, themes, co-leads, organisation members,
#  purpose)
COMMUNITIES = [
    (
        GLOBAL,
        "Global peer learning exchanges on alternatives to detention",
        Level.GLOBAL,
        CommunityVisibility.LISTED,
        "2020",
        ["PT", "TH", "CO", "GH", "NG"],
        [],
        [
            "ending child immigration detention",
            "alternatives in transit settings",
            "preventing pre-entry detention",
        ],
        ["IDC", "UNHCR", "UNICEF"],
        ["PT", "TH", "CO", "GH", "NG", "United Nations Network on Migration"],
        "The UN Network on Migration's Work Stream on Alternatives to Detention, co-led by IDC, "
        "UNHCR and UNICEF, hosts global peer learning exchanges with governments, held under the "
        "Chatham House Rule. Since 2020 three exchanges in collaboration with the governments of "
        "Portugal, Thailand, Colombia, Ghana and Nigeria have been attended by 36 governments "
        "across regions, with representatives of the relevant technical and decision-making "
        "departments.",
    ),
    (
        ASIA_PACIFIC,
        "Asia Pacific Regional Peer Learning Platform",
        Level.REGIONAL,
        CommunityVisibility.LISTED,
        "2022",
        ["AU", "ID", "MY", "NZ", "TH"],
        ["asia-pacific"],
        ["alternatives to detention", "children"],
        ["IDC", "CPD"],
        ["AU", "ID", "MY", "NZ", "TH"],
        "The Regional Peer Learning Platform and Program of Learning and Action, co-led by IDC "
        "and the Centre for Policy Development, was first proposed at the seventh Asian Dialogue "
        "on Forced Migration in Bangkok in November 2018. Policy and implementing agencies of the "
        "governments of Australia, Indonesia, Malaysia, New Zealand and Thailand meet with civil "
        "society and international organisations; it last met in October in Kuala Lumpur.",
    ),
    (
        "mena-peer-learning-network",
        "Middle East and North Africa peer learning network",
        Level.REGIONAL,
        CommunityVisibility.LISTED,
        "2022",
        ["DJ", "EG", "JO", "KW", "LY", "MA", "SA", "SD"],
        ["mena"],
        ["children on the move", "whole of government"],
        ["IDC", "UNICEF MENA"],
        ["DJ", "EG", "JO", "KW", "LY", "MA", "SA", "SD"],
        "Government actors from the technical and decision-making departments of Djibouti, "
        "Egypt, Jordan, Kuwait, Libya, Morocco, Saudi Arabia and Sudan learn from each other on "
        "the protection of refugee and migrant children, with IDC and UNICEF MENA.",
    ),
    (
        "mexico-local-authorities-ending-child-detention",
        "Mexican local authorities ending child immigration detention",
        Level.LOCAL,
        CommunityVisibility.LISTED,
        "2022",
        ["MX"],
        ["americas"],
        ["ending child immigration detention"],
        ["IDC"],
        [
            "Alaide Foppa Legal Clinic for Refugees, Iberoamericana University",
            "SOS Children's Villages",
        ],
        "Local authorities in Mexico working to end child immigration detention exchange what "
        "works; in August 2022 IDC connected local authorities that had not been connected "
        "before.",
    ),
    (
        "europe-mena-horn-of-africa-platform",
        "Europe, Middle East and North Africa and Horn of Africa cross-regional platform",
        Level.CROSS_REGIONAL,
        CommunityVisibility.PRIVATE,
        "in development",
        [],
        ["europe", "mena", "africa"],
        ["shared migration routes", "health"],
        ["IDC", "Uppsala University"],
        ["WHO"],
        "In development with Uppsala University and the support of the World Health "
        "Organization: host, transit and origin countries across Europe, the Middle East and "
        "North Africa and the Horn of Africa/East Africa come together to build cross-regional "
        "trust and cooperation on shared routes, solve problems together and test new approaches.",
    ),
]

# A smaller group of countries with similar interests, inside the Asia Pacific platform.
SUBGROUPS = [
    (
        "asia-pacific-child-detention-working-group",
        "Working group on ending child immigration detention (Asia Pacific)",
        ASIA_PACIFIC,
        ["MY", "TH", "ID"],
        "Countries of the Asia Pacific platform with a shared interest in ending child "
        "immigration detention compare screening, case management and community placement.",
    ),
]

# (persona e-mail, community slug, role, organisation, title)
PLACEMENTS = [
    ("facilitator@example.org", ASIA_PACIFIC, Role.FACILITATOR, "IDC", "Programme facilitator"),
    ("facilitator@example.org", GLOBAL, Role.FACILITATOR, None, ""),
    ("member@example.org", ASIA_PACIFIC, Role.MEMBER, "TH", "Government official"),
    ("lived@example.org", GLOBAL, Role.MEMBER, "Move Coalition", "Expert by experience"),
    ("member@example.org", GLOBAL, Role.MEMBER, None, ""),
]


# A duplicate a facilitator merges in the demo walk: the Centre for Policy Development entered a
# second time under its name and acronym, with a community seat (one the original holds too, as
# co-lead) and an e-mail domain. (slug, name, type, countries, website, domain, communities)
DUPLICATES = [
    (
        "centre-for-policy-development-cpd",
        "Centre for Policy Development (CPD)",
        T.CIVIL_SOCIETY,
        ["AU"],
        "http://cpd.org.au",
        "cpd.org.au",
        [ASIA_PACIFIC, GLOBAL],
    ),
]


def _organisation(key: str) -> Organisation:
    if key in GOVERNMENTS:
        return Organisation.objects.get(slug=slugify(GOVERNMENTS[key]))
    return Organisation.objects.filter(acronym=key).first() or Organisation.objects.get(name=key)


@transaction.atomic
def load() -> int:
    """Create what is missing; never overwrite what a user changed."""
    created = 0
    for name, acronym, kind, countries, member, parent, website in ORGANISATIONS:
        organisation, made = Organisation.objects.get_or_create(
            slug=slugify(acronym or name)[:120],
            defaults={
                "name": name,
                "acronym": acronym,
                "stakeholder_type": kind,
                "is_coalition_member": member,
                "website": website,
                "name_translations": NAME_TRANSLATIONS.get(name, {}),
                "parent": _organisation(parent) if parent else None,
            },
        )
        if made:
            organisation.countries.set(Country.objects.filter(code__in=countries))
            created += 1
    for code, name in GOVERNMENTS.items():
        organisation, made = Organisation.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "stakeholder_type": T.GOVERNMENT}
        )
        if made:
            organisation.countries.set(Country.objects.filter(code=code))
            created += 1
    for (
        slug,
        name,
        level,
        visibility,
        since,
        countries,
        regions,
        themes,
        leads,
        members,
        purpose,
    ) in COMMUNITIES:
        community, made = Community.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "level": level,
                "visibility": visibility,
                "since": since,
                "regions": regions,
                "themes": themes,
                "purpose": purpose,
            },
        )
        if made:
            created += 1
            community.countries.set(Country.objects.filter(code__in=countries))
            for key in leads:
                OrganisationMembership.objects.create(
                    community=community, organisation=_organisation(key), role=Role.CO_LEAD
                )
            for key in members:
                OrganisationMembership.objects.create(
                    community=community, organisation=_organisation(key), role=Role.MEMBER
                )
    for slug, name, parent, countries, purpose in SUBGROUPS:
        community, made = Community.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "level": Level.REGIONAL,
                "purpose": purpose,
                "parent": Community.objects.get(slug=parent),
                "regions": ["asia-pacific"],
            },
        )
        if made:
            created += 1
            community.countries.set(Country.objects.filter(code__in=countries))
    for slug, name, kind, countries, website, domain, communities in DUPLICATES:
        organisation, made = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "stakeholder_type": kind, "website": website}
        )
        if made:
            created += 1
            organisation.countries.set(Country.objects.filter(code__in=countries))
            OrganisationDomain.objects.get_or_create(
                domain=domain, defaults={"organisation": organisation}
            )
            for community_slug in communities:
                OrganisationMembership.objects.get_or_create(
                    community=Community.objects.get(slug=community_slug),
                    organisation=organisation,
                    defaults={"role": Role.MEMBER},
                )
    for email, slug, role, organisation_key, title in PLACEMENTS:
        person = User.objects.filter(email=email).first()
        if person is None:
            continue
        Membership.objects.get_or_create(
            community=Community.objects.get(slug=slug), person=person, defaults={"role": role}
        )
        if organisation_key:
            # The demo's people are who they say they are: their affiliations are confirmed.
            Affiliation.objects.get_or_create(
                person=person,
                organisation=_organisation(organisation_key),
                defaults={"title": title, "status": Affiliation.Status.CONFIRMED},
            )
    return created
