"""Lists in words read as each language writes them, and one can tell where each item ends."""

from django.utils import translation

from peerlearning.lib.translations import in_words


def test_it_joins_a_list_with_the_comma_of_the_language():
    with translation.override("ar"):
        assert (
            in_words(["إدارة الحالات", "الأطفال", "الإيواء"]) == "إدارة الحالات، الأطفال والإيواء"
        )
    # Control: English keeps its own comma.
    with translation.override("en"):
        assert in_words(["case management", "children", "shelter"]) == (
            "case management, children and shelter"
        )


def test_it_sets_apart_items_that_hold_commas_with_semicolons():
    topics = ["gestión de casos", "niñas, niños y adolescentes no acompañados", "albergue"]
    with translation.override("es"):
        assert in_words(topics) == (
            "gestión de casos; niñas, niños y adolescentes no acompañados y albergue"
        )
    with translation.override("ar"):
        assert in_words(["أ، ب", "ج", "د"]) == "أ، ب؛ ج ود"
    # Control: one or two plain items need no separator but the last one.
    with translation.override("es"):
        assert in_words(["gestión de casos"]) == "gestión de casos"
        assert in_words(["gestión de casos", "albergue"]) == "gestión de casos y albergue"
