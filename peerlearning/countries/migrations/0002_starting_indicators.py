"""The starting set of legal-framework indicators (issue 14), in the platform's four languages.
Editors may reword them; an installation that already has a slug keeps its own."""

from django.db import migrations

STARTING_SET = [
    {
        "slug": "child-detention-prohibited",
        "kind": "answer",
        "unit": "",
        "position": 10,
        "name_en": "Child immigration detention prohibited in law",
        "name_es": "Detención migratoria de niñas, niños y adolescentes prohibida por ley",
        "name_fr": "Rétention administrative des enfants migrants interdite par la loi",
        "name_ar": "حظر احتجاز الأطفال المهاجرين بموجب القانون",
        "definition_en": (
            "The law forbids holding children in immigration detention, whether alone or with "
            "their families. “Since” gives the date the prohibition took effect."
        ),
        "definition_es": (
            "La ley prohíbe privar de libertad por motivos migratorios a niñas, niños y "
            "adolescentes, solos o con sus familias. «Desde» indica la fecha en que la "
            "prohibición entró en vigor."
        ),
        "definition_fr": (
            "La loi interdit de placer des enfants en rétention administrative, seuls ou avec "
            "leur famille. « Depuis » donne la date d’entrée en vigueur de l’interdiction."
        ),
        "definition_ar": (
            "يحظر القانون احتجاز الأطفال لأسباب تتعلق بالهجرة، سواء كانوا بمفردهم أو مع أسرهم. "
            "ويبيّن حقل «منذ» تاريخ بدء سريان الحظر."
        ),
    },
    {
        "slug": "maximum-detention-period",
        "kind": "number",
        "unit": "days",
        "position": 20,
        "name_en": "Maximum period of administrative immigration detention",
        "name_es": "Plazo máximo de detención migratoria administrativa",
        "name_fr": "Durée maximale de la rétention administrative des étrangers",
        "name_ar": "المدة القصوى للاحتجاز الإداري المتعلق بالهجرة",
        "definition_en": (
            "The longest time a person may be held in administrative immigration detention, "
            "with its unit and the instrument that sets it: a law, a regulation or a court "
            "ruling."
        ),
        "definition_es": (
            "El tiempo más largo que una persona puede permanecer en detención migratoria "
            "administrativa, con su unidad y el instrumento que lo fija: una ley, un reglamento "
            "o una sentencia."
        ),
        "definition_fr": (
            "La durée la plus longue pendant laquelle une personne peut être placée en "
            "rétention administrative, avec son unité et l’instrument qui la fixe : une loi, un "
            "règlement ou une décision de justice."
        ),
        "definition_ar": (
            "أطول مدة يجوز أن يُحتجز فيها شخص احتجازاً إدارياً لأسباب تتعلق بالهجرة، مع وحدتها "
            "والصك الذي يحددها: قانون أو لائحة أو حكم قضائي."
        ),
    },
    {
        "slug": "presumption-of-liberty",
        "kind": "answer",
        "unit": "",
        "position": 30,
        "name_en": "Presumption of liberty in law",
        "name_es": "Presunción de libertad en la ley",
        "name_fr": "Présomption de liberté dans la loi",
        "name_ar": "افتراض الحرية في القانون",
        "definition_en": (
            "The law presumes that a person remains at liberty during immigration procedures: "
            "detention is an exception that the authority must justify in each case."
        ),
        "definition_es": (
            "La ley presume que la persona permanece en libertad durante los procedimientos "
            "migratorios: la detención es una excepción que la autoridad debe justificar en "
            "cada caso."
        ),
        "definition_fr": (
            "La loi présume que la personne reste libre pendant les procédures migratoires : la "
            "rétention est une exception que l’autorité doit justifier au cas par cas."
        ),
        "definition_ar": (
            "يفترض القانون أن يبقى الشخص حراً أثناء إجراءات الهجرة: فالاحتجاز استثناء يجب على "
            "السلطة تبريره في كل حالة على حدة."
        ),
    },
    {
        "slug": "alternatives-in-law",
        "kind": "answer",
        "unit": "",
        "position": 40,
        "name_en": "Alternatives to detention provided in law",
        "name_es": "Alternativas a la detención previstas en la ley",
        "name_fr": "Alternatives à la rétention prévues par la loi",
        "name_ar": "بدائل الاحتجاز المنصوص عليها في القانون",
        "definition_en": (
            "The law provides alternatives to immigration detention, such as community-based "
            "case management, registration or reporting, that the authority must consider."
        ),
        "definition_es": (
            "La ley prevé alternativas a la detención migratoria, como la gestión de casos en "
            "la comunidad, el registro o la presentación periódica, que la autoridad debe "
            "considerar."
        ),
        "definition_fr": (
            "La loi prévoit des alternatives à la rétention, comme l’accompagnement individuel "
            "dans la communauté, l’enregistrement ou le pointage, que l’autorité doit envisager."
        ),
        "definition_ar": (
            "ينص القانون على بدائل للاحتجاز المتعلق بالهجرة، مثل إدارة الحالات داخل المجتمع أو "
            "التسجيل أو المثول الدوري، ويجب على السلطة النظر فيها."
        ),
    },
    {
        "slug": "independent-monitoring-access",
        "kind": "answer",
        "unit": "",
        "position": 50,
        "name_en": "Independent monitoring bodies have access to places of detention",
        "name_es": "Los órganos de supervisión independientes tienen acceso a los lugares de detención",
        "name_fr": "Les organes de contrôle indépendants ont accès aux lieux de rétention",
        "name_ar": "تتمتع هيئات الرقابة المستقلة بإمكانية الوصول إلى أماكن الاحتجاز",
        "definition_en": (
            "Independent bodies, such as a national preventive mechanism or a national human "
            "rights institution, may visit places of immigration detention without notice."
        ),
        "definition_es": (
            "Órganos independientes, como un mecanismo nacional de prevención o una institución "
            "nacional de derechos humanos, pueden visitar sin aviso los lugares de detención "
            "migratoria."
        ),
        "definition_fr": (
            "Des organes indépendants, comme un mécanisme national de prévention ou une "
            "institution nationale des droits de l’homme, peuvent visiter sans préavis les lieux "
            "de rétention."
        ),
        "definition_ar": (
            "يجوز لهيئات مستقلة، مثل الآلية الوطنية للوقاية أو المؤسسة الوطنية لحقوق الإنسان، "
            "زيارة أماكن الاحتجاز المتعلق بالهجرة دون إشعار مسبق."
        ),
    },
    {
        "slug": "official-places-of-detention",
        "kind": "number",
        "unit": "places",
        "position": 60,
        "name_en": "Number of official places of immigration detention",
        "name_es": "Número de lugares oficiales de detención migratoria",
        "name_fr": "Nombre de lieux officiels de rétention administrative",
        "name_ar": "عدد أماكن الاحتجاز الرسمية المتعلقة بالهجرة",
        "definition_en": (
            "How many places the authorities officially designate for immigration detention, "
            "as the source counts them on its date."
        ),
        "definition_es": (
            "Cuántos lugares designan oficialmente las autoridades para la detención migratoria, "
            "según los cuenta la fuente en su fecha."
        ),
        "definition_fr": (
            "Combien de lieux les autorités désignent officiellement pour la rétention "
            "administrative, tels que la source les compte à sa date."
        ),
        "definition_ar": (
            "عدد الأماكن التي تخصصها السلطات رسمياً للاحتجاز المتعلق بالهجرة، كما يحصيها المصدر "
            "في تاريخه."
        ),
    },
]


def add_starting_set(apps, schema_editor):
    Indicator = apps.get_model("countries", "Indicator")
    for fields in STARTING_SET:
        Indicator.objects.get_or_create(slug=fields["slug"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_initial")]

    operations = [migrations.RunPython(add_starting_set, migrations.RunPython.noop)]
