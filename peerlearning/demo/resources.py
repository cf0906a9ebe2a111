"""The resources the seed names, as records with what the seed says of them (no invented files)."""

from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Resource, ResourceKind

RESOURCES = [
    (
        "best-interest-of-the-child-thailand",
        "Best Interest of the Child: Ending Immigration Detention of Children in Thailand",
        ResourceKind.REPORT,
        "en",
        "",
        "Report of the Fletcher School of Global Affairs International Law Practicum (Tufts University), completed in May 2022 and submitted to the UN Special Representative of the Secretary-General on Violence Against Children: how stakeholders in Thailand and globally built a movement to end immigration detention of children.",
        "",
    ),
    (
        "policy-brief-whole-of-government-whole-of-society",
        "Whole-of-Government and Whole-of-Society Approaches for children on the move",
        ResourceKind.POLICY_BRIEF,
        "en",
        "",
        "Policy brief introduced at the IDC–UNICEF MENA workshop in Amman (November 2022): the critical role of whole-of-government and whole-of-society approaches in supporting children on the move, with promising practices from the region.",
        "",
    ),
    (
        "policy-brief-community-family-based-alternative-care",
        "Community and Family Based Alternative Care Initiatives",
        ResourceKind.POLICY_BRIEF,
        "en",
        "",
        "Policy brief introduced at the IDC–UNICEF MENA workshop in Amman (November 2022): the benefits of policies and programmes that let refugee and migrant children live in community settings while their migration status is resolved.",
        "",
    ),
    (
        "amicus-curiae-grupo-de-accion-por-la-no-detencion",
        "Amicus Curiae of the Grupo de Acción por la No Detención de Personas Refugiadas",
        ResourceKind.AMICUS_BRIEF,
        "es",
        "",
        "Presented to the Mexican Supreme Court by the network jointly headed by IDC and Asylum Access Mexico, on detention and alternatives to detention.",
        "",
    ),
    (
        "amicus-curiae-consejo-global-de-litigio",
        "Amicus Curiae of IDC and the Consejo Global de Litigio Estratégico para los Derechos de los Refugiados",
        ResourceKind.AMICUS_BRIEF,
        "es",
        "",
        "Written by IDC with a group of law specialists, defenders and academics, for the cases awaiting resolution by the Mexican Supreme Court.",
        "",
    ),
    (
        "migrant-youth-leadership-curriculum",
        "Migrant Youth Leadership Curriculum",
        ResourceKind.CURRICULUM,
        "es",
        "",
        "Implemented by SOS Children's Villages in Comitán, Mexico, in August–September 2022 with eleven adolescents: sessions on human rights, healing and wellbeing.",
        "",
    ),
    (
        "move-coalition-testimonies-fr",
        "Témoignages de la détention (Move Coalition)",
        ResourceKind.TESTIMONY,
        "fr",
        "",
        "Testimonies of people with lived experience of immigration detention in Belgium, and conversations with people who visit detention centres, produced by the Move Coalition (Caritas International, CIRE, JRS Belgium, Vluchtelingenwerk Vlaanderen).",
        "Published by the Move Coalition with the consent of the people interviewed; recorded here from the coalition's public release.",
    ),
    (
        "move-coalition-testimonies-nl",
        "Getuigenissen over detentie (Move Coalition)",
        ResourceKind.TESTIMONY,
        "nl",
        "",
        "The Dutch-language series of the Move Coalition's testimonies of immigration detention in Belgium.",
        "Published by the Move Coalition with the consent of the people interviewed; recorded here from the coalition's public release.",
    ),
    (
        "documentary-belgium-return-model",
        "Documentary on Belgium Return Model",
        ResourceKind.VIDEO,
        "en",
        "https://vimeo.com/134675860",
        "Follows three families with failed asylum cases whom Belgium assists to leave the country without immigration detention, and shows the model's strong and challenging aspects.",
        "",
    ),
]


# What each resource belongs to, as the seed tells it: the Fletcher School report behind the
# Thailand webinar, the two policy briefs introduced at the Amman workshop.
EXCHANGES = {
    "best-interest-of-the-child-thailand": ["thailand-movement-webinar-2023-02-06"],
    "policy-brief-whole-of-government-whole-of-society": [
        "mena-children-on-the-move-workshop-amman-2022"
    ],
    "policy-brief-community-family-based-alternative-care": [
        "mena-children-on-the-move-workshop-amman-2022"
    ],
}


def load() -> int:
    created = 0
    for slug, title, kind, language, link, description, consent in RESOURCES:
        resource, made = Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "language": language,
                "link": link,
                "description": description,
                "consent_recorded": consent,
            },
        )
        if made:  # a link an editor removed later is not put back by another load
            resource.exchanges.add(*Exchange.objects.filter(slug__in=EXCHANGES.get(slug, [])))
        created += made
    return created
