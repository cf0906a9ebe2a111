"""Where the thesaurus misses the field's common phrasings: frequent phrases no concept covers.

    .venv/bin/python bench/thesaurus_gaps.py [FILE ...] [--top 25] [--min-count 2] [--language es]

Reads the field's texts kept in the repository — the demo practices (practices.jsonl), the
update posts (updates.json), the monitoring records (monitoring.json), the countries' notes and
events (countries.json), and the texts the demo loader writes from the seed (the string literals
of the demo modules for requests, offers, exchanges, lessons, resources) — plus any FILE given
(plain text, .json or .jsonl), and splits them into clauses, each in the language it is written
in (the record's own language when it says, else guessed from its function words).

Each clause is read the way the platform reads text into concepts (peerlearning.knowledge.text:
case, accents and Arabic letter forms folded, the commonest function words dropped, Snowball
stems). Every phrase of 1 to 4 words that does not start or end with a function word, and is not
part of a concept's mention in its clause, is counted; a phrase is covered when it is part of a
label or synonym of the thesaurus or holds one (in its language or in English, as
`search.concept_counts` reads). The report gives, per language, the
most frequent phrases of two words or more that are not covered, then the same with single
words, each with its count and one clause it comes from;
a phrase is left out when a longer one holding it is as frequent; phrases made only of proper
names (capitalised words) are left out too. Then, per language, the concepts that have no
synonym at all.

Needs no database: the thesaurus is read from peerlearning/knowledge/data/thesaurus.json.
"""

import argparse
import ast
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peerlearning.knowledge.text import ARABIC_DIACRITICS, STOPWORDS, fold, stem  # noqa: E402

THESAURUS = ROOT / "peerlearning" / "knowledge" / "data" / "thesaurus.json"
DEMO = ROOT / "peerlearning" / "demo"
DATA = DEMO / "data"
LANGUAGES = ["en", "es", "fr", "ar", "pt"]
MAX_WORDS = 4
# The demo modules that write the seed's texts (the others write accounts, follows, checks).
DEMO_MODULES = ["exchanges", "lessons", "network", "resources", "support", "today"]

# Function words a phrase may hold inside ("right of the child") but not start or end with; the
# platform drops the commonest ones (text.STOPWORDS) before anything else. Folded forms.
EDGE_WORDS = {
    "en": """a about above after again against all also although among an and any are as at be
        because been before being below between both but by can could did do does done each
        either et etc even ever every few first for from further had has have having he her here
        hers him his how however if in into is it its itself just last least less many may might
        more most much must my near neither new no nor not now of off often on once one only or
        other others our out over own per rather same several shall she should since so some
        such than that the their them then there these they this those though three through
        thus to too two under until up upon us very via was we well were what when where
        whether which while who whom whose why will with within without would yet you your
        s t""",
    "es": """a al algo algunos algunas ante antes aquel aquella aquellos bajo cada como con
        contra cual cuales cuando cuyo de del desde donde dos durante e el ella ellas ellos en
        entre era eran es esa esas ese eso esos esta estas este esto estos fue fueron ha han
        hasta hay la las le les lo los mas mediante menos mismo muy ni no nos o otra otras otro
        otros para pero poco por porque que quien quienes se segun ser si sin sino sobre son su
        sus tal tambien tan tanto todas todo todos tras tres u un una unas uno unos y ya""",
    "fr": """a afin ainsi alors au aucun aussi autre autres aux avant avec c ce ceci cela celle
        celles celui ces cet cette ceux chaque comme d dans de depuis des deux dont du elle
        elles en entre est et etaient etait ete etre eux il ils l la le les leur leurs lors
        lui m mais meme n ne ni non nos notre nous on ont ou par parmi pas peu plus pour
        qu que quel quelle quelles quels qui s sa sans se selon ses si son sont sous sur
        tous tout toute toutes tres un une vers y""",
    "ar": """ان او اي الذي التي الذين اللذين هذا هذه ذلك تلك هو هي هم هن كان كانت كما لا لم لن
        ما مع من منذ عن على الى في ثم بعد قبل بين حتى كل بعض غير عند اذا قد لقد ايضا حيث""",
    "pt": """a ao aos as ate com como contra da das de dela dele deles depois do dos e ela elas
        ele eles em entre era essa esse esta este isso isto ja mais mas mesmo muito na nas nao
        nem no nos o os ou para pela pelas pelo pelos por qual quando que quem se sem seu seus
        sob sobre sua suas tambem um uma umas uns""",
}
EDGE = {language: {fold(w) for w in text.split()} for language, text in EDGE_WORDS.items()}

# Function words that tell the languages written in Latin letters apart (folded).
MARKERS = {
    "en": {"the", "and", "of", "to", "in", "is", "for", "with", "that", "are", "by", "from"},
    "es": {"el", "los", "las", "del", "y", "que", "para", "con", "por", "una", "es", "se"},
    "fr": {"le", "les", "des", "et", "du", "une", "pour", "dans", "est", "sur", "au", "aux"},
    "pt": {"os", "das", "dos", "em", "uma", "com", "nao", "ao", "pela", "pelo", "sao", "na"},
}
ARABIC = re.compile("[\u0600-\u06ff]")
CLAUSE = re.compile(r"(?<=[.!?؟])\s+|[\n;:()\[\]«»“”\"،,؛•]+|\s+[-–—]\s+")
TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Text:
    language: str  # the record's own language; "" when it does not say
    text: str
    source: str


def guess_language(text: str, default: str = "") -> str:
    """Arabic script, else the Latin language whose function words it uses most (the record's
    own language when it says and the words do not clearly say otherwise)."""
    if len(ARABIC.findall(text)) > len(text) / 4:
        return "ar"
    folded = TOKEN.findall(fold(text))
    scores = {language: sum(w in markers for w in folded) for language, markers in MARKERS.items()}
    best = max(scores, key=lambda language: scores[language])
    if default and default != "ar" and scores[best] < scores.get(default, 0) + 2:
        return default
    return best if scores[best] else (default or "en")


# The corpus ------------------------------------------------------------------------------------

TEXT_FIELDS = {
    "title", "summary", "outcomes", "target_groups", "text", "note", "report", "findings",
    "official_name", "plain_type", "official_type", "name",
}  # fmt: skip


def _strings(value: Any, name: str = "") -> Iterator[str]:
    """The free text of a record: the named fields, however deep (sources' titles too)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, name)
    elif isinstance(value, str) and name in TEXT_FIELDS and " " in value.strip():
        yield value


def _records(value: Any) -> Iterator[dict[str, Any]]:
    """The records of a JSON file: a list of them, or lists of them under keys."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                yield item
    elif isinstance(value, dict):
        if any(isinstance(item, str) for item in value.values()):
            yield value
        else:
            for item in value.values():
                yield from _records(item)


def json_texts(path: Path) -> Iterator[Text]:
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        records: Iterable[dict[str, Any]] = [json.loads(line) for line in lines if line.strip()]
    else:
        records = _records(json.loads(path.read_text(encoding="utf-8")))
    for record in records:
        language = str(record.get("language") or "")
        for text in _strings(record):
            yield Text(language, text, path.name)


def python_texts(path: Path) -> Iterator[Text]:
    """The sentences a demo module writes into the platform: its string literals of a few words
    (docstrings, slugs and single words left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and len(node.value.split()) >= 3
            and "{" not in node.value  # format strings, templates
        ):
            yield Text("", node.value, path.name)


def plain_texts(path: Path) -> Iterator[Text]:
    for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        if paragraph.strip():
            yield Text("", paragraph, path.name)


def repository_corpus() -> list[Text]:
    texts: list[Text] = []
    for name in ("practices.jsonl", "updates.json", "monitoring.json", "countries.json"):
        if (DATA / name).exists():
            texts += json_texts(DATA / name)
    for name in DEMO_MODULES:
        texts += python_texts(DEMO / f"{name}.py")
    return texts


def file_corpus(path: Path) -> list[Text]:
    if path.suffix in {".json", ".jsonl"}:
        return list(json_texts(path))
    return list(plain_texts(path))


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    folded: str
    stem: str
    start: int
    end: int
    named: bool  # written with a capital and not at the start of its clause (a proper name)


def read(clause: str, language: str) -> list[Word]:
    """The words of a clause as the platform reads them (text.words, then text.stem), with
    where they are in the clause."""
    found = []
    for n, match in enumerate(TOKEN.finditer(clause)):
        folded = fold(match.group())
        if folded in STOPWORDS or len(folded) < 2 or "_" in folded:
            continue
        written = match.group()
        named = n > 0 and written[:1].isupper() and not written.isupper()
        found.append(Word(folded, stem(folded, language), match.start(), match.end(), named))
    return found


def clauses(text: str) -> Iterator[str]:
    text = unicodedata.normalize("NFC", ARABIC_DIACRITICS.sub("", text))
    for clause in CLAUSE.split(text):
        if clause and clause.strip():
            yield clause.strip()


def thesaurus_forms(thesaurus: dict[str, Any]) -> dict[str, set[tuple[str, ...]]]:
    """Language → the stemmed words of every label and synonym in it."""
    forms: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for concept in thesaurus["concepts"]:
        for language in LANGUAGES:
            texts = [concept["labels"].get(language, "")]
            texts += concept.get("synonyms", {}).get(language, [])
            for text in texts:
                stems = tuple(w.stem for c in clauses(text) for w in read(c, language))
                if stems:
                    forms[language].add(stems)
    return forms


def _parts(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for size in range(1, len(words) + 1):
        for start in range(len(words) - size + 1):
            yield words[start : start + size]


class Coverage:
    """Whether a stemmed phrase is part of a form of the thesaurus, or holds one."""

    def __init__(self, forms: dict[str, set[tuple[str, ...]]]) -> None:
        self.forms = forms
        self.parts: dict[str, set[tuple[str, ...]]] = {
            language: {part for form in language_forms for part in _parts(form)}
            for language, language_forms in forms.items()
        }

    def mentioned(self, clause: str, words: list[Word], language: str) -> set[int]:
        """The positions of the clause's words that are part of a concept's mention."""
        found: set[int] = set()
        for reading in {language, "en"}:
            stems = (
                [w.stem for w in words]
                if reading == language
                else [w.stem for w in read(clause, reading)]
            )
            for form in self.forms.get(reading, set()):
                size = len(form)
                for start in range(len(stems) - size + 1):
                    if tuple(stems[start : start + size]) == form:
                        found.update(range(start, start + size))
        return found

    def covers(self, phrase: tuple[str, ...], language: str) -> bool:
        for reading in {language, "en"}:
            if phrase in self.parts.get(reading, set()):
                return True
            if any(part in self.forms.get(reading, set()) for part in _parts(phrase)):
                return True
        return False


@dataclass
class Gap:
    phrase: tuple[str, ...]
    count: int
    shown: str  # the words as first written
    context: str  # the clause they come from


def gaps(
    texts: Iterable[Text],
    thesaurus: dict[str, Any],
    *,
    top: int = 25,
    min_count: int = 2,
    min_words: int = 1,
) -> dict[str, list[Gap]]:
    """Language → its most frequent phrases (of min_words words or more) that no label or
    synonym covers."""
    coverage = Coverage(thesaurus_forms(thesaurus))
    counts: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    first: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
    for item in texts:
        language = guess_language(item.text, item.language.split("-")[0])
        edge = EDGE.get(language, set())
        for clause in clauses(item.text):
            words = read(clause, language)
            mentioned = coverage.mentioned(clause, words, language)
            for start in range(len(words)):
                for size in range(1, MAX_WORDS + 1):
                    span = words[start : start + size]
                    if len(span) < size or mentioned & set(range(start, start + size)):
                        break
                    if span[0].folded in edge or span[-1].folded in edge:
                        continue
                    if span[0].folded.isdigit() or span[-1].folded.isdigit():
                        continue
                    if all(w.named for w in span):
                        continue
                    phrase = tuple(w.stem for w in span)
                    counts[language][phrase] += 1
                    key = (language, phrase)
                    if key not in first:
                        shown = clause[span[0].start : span[-1].end].casefold()
                        first[key] = (shown, clause)
    report: dict[str, list[Gap]] = {}
    for language, counter in counts.items():
        # The count of the most frequent longer phrase holding each phrase.
        within: Counter[tuple[str, ...]] = Counter()
        for phrase, count in counter.items():
            if count >= min_count and len(phrase) > 1:
                for part in _parts(phrase):
                    if part != phrase and within[part] < count:
                        within[part] = count
        found: list[Gap] = []
        for phrase, count in counter.most_common():
            if count < min_count:
                break
            if len(phrase) < min_words or within[phrase] >= count:
                continue
            if coverage.covers(phrase, language):
                continue
            shown, context = first[(language, phrase)]
            found.append(Gap(phrase, count, shown, context))
            if len(found) >= top:
                break
        report[language] = found
    return report


def without_synonyms(thesaurus: dict[str, Any]) -> dict[str, list[str]]:
    """Language → the concepts with no synonym in it."""
    return {
        language: [
            concept["id"]
            for concept in thesaurus["concepts"]
            if not concept.get("synonyms", {}).get(language)
        ]
        for language in LANGUAGES
    }


def _shorten(context: str, shown: str, width: int = 110) -> str:
    at = context.casefold().find(shown)
    if len(context) <= width or at < 0:
        return context[:width]
    start = max(0, min(at - width // 3, len(context) - width))
    return ("…" if start else "") + context[start : start + width] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="more texts: .txt, .json, .jsonl")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--language", choices=LANGUAGES, action="append")
    parser.add_argument("--no-repository", action="store_true", help="read the FILEs only")
    args = parser.parse_args()

    thesaurus = json.loads(THESAURUS.read_text(encoding="utf-8"))
    texts = [] if args.no_repository else repository_corpus()
    for path in args.files:
        texts += file_corpus(path)
    languages = Counter(guess_language(t.text, t.language.split("-")[0]) for t in texts)
    print(f"{len(texts)} texts: " + ", ".join(f"{n} {lang}" for lang, n in languages.items()))
    print(f"{len(thesaurus['concepts'])} concepts\n")
    phrases = gaps(texts, thesaurus, top=args.top, min_count=args.min_count, min_words=2)
    single = gaps(texts, thesaurus, top=args.top, min_count=args.min_count)
    for language in args.language or LANGUAGES:
        for title, report in (("phrases", phrases), ("words and phrases", single)):
            found = report.get(language, [])
            print(f"== {language}: {len(found)} frequent {title} no concept covers")
            for gap in found:
                print(f"{gap.count:5}  {gap.shown:<40}  {_shorten(gap.context, gap.shown)}")
            print()
    for language, concepts in without_synonyms(thesaurus).items():
        if args.language and language not in args.language:
            continue
        print(f"== {language}: {len(concepts)} concepts without synonyms")
        if concepts:
            print("   " + ", ".join(concepts))


if __name__ == "__main__":
    main()
