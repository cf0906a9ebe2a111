"""The demo's lessons (issue 17): the Thailand webinar's seven key learnings, made into lessons
by the demo facilitator through the same action as the page, and one lesson an editor wrote from
a Thai practice."""

from django.db import transaction

from peerlearning.accounts.models import User
from peerlearning.exchanges.models import Exchange, Outcome, OutcomeKind
from peerlearning.knowledge import actions
from peerlearning.knowledge.models import Concept, Lesson, Practice

THAILAND = "thailand-movement-webinar-2023-02-06"
FACILITATOR = "facilitator@example.org"
EDITOR = "editor@example.org"

# The concepts of each key learning, in the order of THAILAND_LEARNINGS (demo/exchanges.py).
THAILAND_CONCEPTS = [
    ["children", "child-immigration-detention", "alternative-care"],
    ["children", "child-immigration-detention", "peer-learning"],
    ["multi-stakeholder-coordination", "advocacy"],
    ["advocacy", "government-actors", "alternatives-to-detention"],
    ["whole-of-government", "whole-of-society"],
    ["civil-society", "advocacy"],
    ["promising-practices", "peer-learning"],
]

PRACTICE = "th-dcy-host-partnership-2022"
PRACTICE_LESSON = (
    "A written agreement between the child protection department and a civil society partner "
    "gives case workers a mandate to place children released from detention in family-based care."
)
PRACTICE_CONCEPTS = ["children", "alternative-care", "family-based-care", "case-management"]


def _concepts(slugs: list[str]) -> list[Concept]:
    return list(Concept.objects.filter(slug__in=slugs))


@transaction.atomic
def load() -> int:
    """Adds what is missing: the webinar's lessons if it has none yet, the practice's lesson if
    it has none yet (a second run adds nothing)."""
    created = 0
    exchange = Exchange.objects.filter(slug=THAILAND).first()
    facilitator = User.objects.filter(email=FACILITATOR).first()
    if exchange is not None and facilitator is not None:
        learnings = Outcome.objects.filter(exchange=exchange, kind=OutcomeKind.LEARNING).order_by(
            "position", "pk"
        )
        if not Lesson.objects.filter(exchange=exchange).exists():
            for outcome, slugs in zip(learnings, THAILAND_CONCEPTS, strict=False):
                created += len(
                    actions.lessons_from_outcomes(
                        exchange,
                        by=facilitator,
                        outcomes=[str(outcome.uuid)],
                        region="asia-pacific",
                        concepts=_concepts(slugs),
                    )
                )
    practice = Practice.objects.filter(external_id=PRACTICE).first()
    editor = User.objects.filter(email=EDITOR).first()
    if practice is not None and editor is not None and not practice.lessons.exists():
        actions.lesson_from_practice(
            practice,
            by=editor,
            text=PRACTICE_LESSON,
            language="en",
            concepts=_concepts(PRACTICE_CONCEPTS),
        )
        created += 1
    return created
