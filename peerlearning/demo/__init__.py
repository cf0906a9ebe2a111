"""The demo: accounts, communities, exchanges, updates, practices, countries, resources and support
requests.

Everything the demo loads is in this package: the loaders (one module per part) and their data
files under data/. `manage.py loaddemo` calls `load`; it reads nothing outside the repository.
"""

import datetime
import time
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PRACTICES_JSONL = DATA / "practices.jsonl"
STATISTICS_JSONL = DATA / "statistics.jsonl"


def load(write: Callable[[str], object] = print, today: datetime.date | None = None) -> None:
    """Load every part of the demo (adding only what is missing) and write what was done.
    The things to do are dated from `today` (the day of the load by default)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from peerlearning.countries.statistics_io import import_statistics
    from peerlearning.demo import (
        accounts,
        exchanges,
        follows,
        network,
        resources,
        support,
        updates,
    )
    from peerlearning.demo import countries as country_facts
    from peerlearning.demo import lessons as demo_lessons
    from peerlearning.demo import monitoring as monitoring_demo
    from peerlearning.demo import today as things_to_do
    from peerlearning.knowledge.practices_io import import_practices
    from peerlearning.knowledge.search import reindex_all
    from peerlearning.knowledge.thesaurus import THESAURUS_JSON
    from peerlearning.knowledge.thesaurus import load as load_thesaurus
    from peerlearning.terminology import lexicon_io

    personas = accounts.load()
    organisations = network.load()
    # The thesaurus before what is tagged with its concepts (the updates).
    if THESAURUS_JSON.exists():
        write(f"Thesaurus: {load_thesaurus()} concept(s).")
    posts = updates.load()
    sessions = exchanges.load()
    lexicon = lexicon_io.load_file()  # as `manage.py loadlexicon` does
    write(
        f"Terminology lexicon: {lexicon.created} term(s) and rule(s) added, "
        f"{lexicon.changed} changed, {lexicon.unchanged} unchanged."
    )
    with PRACTICES_JSONL.open(encoding="utf-8") as handle:
        created, _updated = import_practices(handle, update_existing=False)
    write(f"Practices: {created} added from {PRACTICES_JSONL.name}.")
    write(f"Lessons: {demo_lessons.load()} added.")  # issue 17: after the thesaurus and practices
    write(f"Countries: {country_facts.load()} indicator value(s) and timeline event(s) added.")
    with STATISTICS_JSONL.open(encoding="utf-8") as handle:
        created, _updated = import_statistics(handle, update_existing=False)
    write(
        f"Statistics: {created} series added from {STATISTICS_JSONL.name}, "
        f"{country_facts.add_seed_points()} figure(s) of the seed added to them."
    )
    new_accounts = {persona.email for persona, created in personas if created}
    write(
        f"Monitoring: {monitoring_demo.load(new_accounts=new_accounts)} place(s), incident(s), "
        "recommendation(s), team seat(s) and visit(s) added."
    )
    write(f"Resources: {resources.load()} added.")
    write(f"Search: {reindex_all()} document(s) indexed.")
    write(f"Support: {support.load()} request(s) added.")
    write(f"Follows: {follows.load()} notification(s) of what the demo's people follow.")
    waiting = things_to_do.load(today)
    if waiting.exchange is not None and waiting.exchange.starts_at is not None:
        write(
            f"Things to do: registration open for “{waiting.exchange.title}” "
            f"({waiting.exchange.local(waiting.exchange.starts_at):%Y-%m-%d %H:%M} "
            f"{waiting.exchange.time_zone}), each persona's home at /home/ lists the rest."
        )
    write(
        f"Demo content: {organisations} organisation(s) and communities, "
        f"{sessions} exchange(s), {posts} update post(s) added."
    )
    write("")
    write(f"Demo accounts (password for all: {accounts.DEMO_PASSWORD}):")
    for persona, _created in personas:
        write(f"  {persona.email:<26} {persona.role}")
        if persona.totp_secret:
            code = format_hotp_value(hotp_value(persona.totp_secret, int(time.time()) // 30))
            write(
                f"  {'':<26} two-factor secret {persona.totp_secret} "
                f"(add it to an authenticator app; code now: {code})"
            )
