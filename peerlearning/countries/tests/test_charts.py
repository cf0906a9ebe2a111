"""The country charts and the world map, as a reader and a screen reader meet them: no database."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from peerlearning.countries.charts import ChartPoint, numeric_bins, series_chart, world_map

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


def year(value: int, number: str, *, approximate: bool = False, source: str = "") -> ChartPoint:
    return ChartPoint(
        label=str(value),
        start=datetime.date(value, 1, 1),
        end=datetime.date(value, 12, 31),
        value=Decimal(number),
        approximate=approximate,
        source=source,
    )


DETENTIONS = [
    year(2005, "240269", source="MPI"),
    year(2005, "240000", approximate=True, source="EFE"),
    year(2012, "88501", source="Global Detention Project"),
    ChartPoint(
        "Jan–Apr 2019", datetime.date(2019, 1, 1), datetime.date(2019, 4, 30), Decimal("52195")
    ),
    year(2022, "444439", source="INM"),
]


def chart(points: list[ChartPoint] = DETENTIONS, *, rtl: bool = False, chart_id: str = "c1") -> str:
    return series_chart(
        title="Foreign nationals detained per year",
        unit="persons (events)",
        points=points,
        source_line="Sources: INM bulletins; EFE",
        rtl=rtl,
        chart_id=chart_id,
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  # our own output


def texts(root: ET.Element, group_class: str) -> list[ET.Element]:
    """The <text>s inside groups whose class list holds every word of group_class."""
    wanted = set(group_class.split())
    found: list[ET.Element] = []
    for group in root.iter(f"{SVG}g"):
        if wanted <= set(group.get("class", "").split()):
            found.extend(group.iter(f"{SVG}text"))
    return found


def dots(root: ET.Element) -> list[ET.Element]:
    return [c for c in root.iter(f"{SVG}circle") if "dot" in c.get("class", "").split()]


def test_it_names_itself_for_a_screen_reader() -> None:
    root = parse(chart())

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"svg:title[@id='{root.get('aria-labelledby')}']", NS)
    assert title is not None and title.text == "Foreign nationals detained per year"
    desc = root.find(f"svg:desc[@id='{root.get('aria-describedby')}']", NS)
    assert desc is not None
    assert "Sources: INM bulletins; EFE" in (desc.text or "")
    assert "table" in (desc.text or "")


def test_it_shows_title_unit_axis_and_source_as_text() -> None:
    shown = [text.text for text in parse(chart()).iter(f"{SVG}text")]

    assert "Foreign nationals detained per year" in shown
    assert "persons (events)" in shown  # the value axis's title
    assert "Period" in shown  # the time axis's title
    assert "Sources: INM bulletins; EFE" in shown
    assert "2005" in shown and "2022" in shown


def test_it_marks_every_point_even_two_of_one_period() -> None:
    root = parse(chart())

    marks = dots(root)
    assert len(marks) == len(DETENTIONS)
    titles = [
        title.text or ""
        for group in root.iter(f"{SVG}g")
        if "dots" in group.get("class", "").split()
        for title in group.findall("svg:title", NS)
    ]
    in_2005 = [title for title in titles if title.startswith("2005:")]
    assert len(in_2005) == 2
    assert any("MPI" in title for title in in_2005) and any("EFE" in title for title in in_2005)
    # Side by side: not drawn on top of each other.
    assert len({mark.get("cx") for mark in marks}) == len(DETENTIONS)


def test_it_marks_approximate_values() -> None:
    root = parse(chart())

    hollow = [mark for mark in dots(root) if "approximate" in mark.get("class", "")]
    assert len(hollow) == 1
    assert "≈" in [text.text for text in texts(root, "text-overlay")]
    assert "≈ 240,000" in ET.tostring(root, encoding="unicode")
    # Positive control: a series without approximate values has neither.
    exact = parse(chart([point for point in DETENTIONS if not point.approximate]))
    assert not [mark for mark in dots(exact) if "approximate" in mark.get("class", "")]
    assert "≈" not in ET.tostring(exact, encoding="unicode")


def test_it_has_no_script_and_names_no_other_host() -> None:
    for svg in (chart(), chart(rtl=True), a_map()):
        assert "<script" not in svg
        assert "<svg" in svg  # positive control: the search runs on SVG
        hosts = set(re.findall(r"https?://[^\"'\s<]*", svg))
        assert hosts <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_it_escapes_what_editors_typed() -> None:
    svg = series_chart(
        title="<script>alert(1)</script>",
        unit="a & b",
        points=DETENTIONS,
        source_line="<b>x</b>",
        chart_id="c1",
    )

    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "a &amp; b" in svg


def test_it_runs_time_right_to_left_in_arabic() -> None:
    def label_x(root: ET.Element, label: str) -> float:
        return next(float(t.get("x", 0)) for t in texts(root, "axis x") if t.text == label)

    left_to_right = parse(chart())
    assert label_x(left_to_right, "2005") < label_x(left_to_right, "2022")
    right_to_left = parse(chart(rtl=True))
    assert label_x(right_to_left, "2005") > label_x(right_to_left, "2022")
    assert right_to_left.get("direction") == "rtl"


def test_it_puts_the_value_axis_on_the_right_in_arabic() -> None:
    def value_label_x(root: ET.Element) -> list[float]:
        return [float(t.get("x", 0)) for t in texts(root, "axis y")]

    assert all(x < 0 for x in value_label_x(parse(chart())))  # left of the plot
    assert all(x > 300 for x in value_label_x(parse(chart(rtl=True))))  # right of it


def test_it_formats_numbers_for_the_reader() -> None:
    with translation.override("ar"):
        arabic = chart(rtl=True)
    assert "444٬439" in arabic  # the Arabic thousands separator
    assert "444,439" not in arabic
    # Positive control: in English, the comma.
    with translation.override("en"):
        english = chart()
    assert "444,439" in english
    assert "٬" not in english


def test_two_charts_on_one_page_share_no_id() -> None:
    first, second = parse(chart(chart_id="first")), parse(chart(chart_id="second"))

    first_ids = {element.get("id", "") for element in first.iter()} - {""}
    second_ids = {element.get("id", "") for element in second.iter()} - {""}
    assert first_ids and second_ids
    assert not first_ids & second_ids
    assert all(name.startswith("first") for name in first_ids)
    # No stylesheet of its own: the page's Content-Security-Policy would refuse it (a chart
    # drawn with one came out black). Its look is in presentation attributes.
    assert first.find("svg:style", NS) is None
    assert not any(element.get("style") for element in first.iter())
    assert any(element.get("fill") for element in first.iter())


def test_it_refuses_an_id_that_would_break_its_stylesheet() -> None:
    with pytest.raises(ValueError, match="chart_id"):
        chart(chart_id="2 charts")
    assert 'id="chart-2"' in chart(chart_id="chart-2")  # positive control


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_its_text_reads_against_the_background() -> None:
    for svg in (chart(), a_map()):
        root = parse(svg)
        background = next(
            e.get("fill", "") for e in root.iter() if "background" in e.get("class", "").split()
        )
        text_fills = {text.get("fill", "") for text in root.iter(f"{SVG}text")}
        assert background.startswith("#") and text_fills and "" not in text_fills
        for fill in text_fills:
            assert contrast(fill, background) >= 4.5, fill
    assert contrast("#767676", "#ffffff") >= 4.5 > contrast("#777777", "#ffffff")  # the check


def test_it_says_when_there_is_nothing_to_draw() -> None:
    root = parse(chart([]))

    assert "No data" in [text.text for text in root.iter(f"{SVG}text")]
    assert not dots(root)


# --- the map ----------------------------------------------------------------------------------

LEGEND = [("yes", "Yes"), ("partial", "Partial"), ("no", "No"), ("", "No information")]


def a_map(*, rtl: bool = False) -> str:
    return world_map(
        title="Child immigration detention prohibited in law",
        values={"MX": "yes", "EC": "partial", "US": "no"},
        legend=LEGEND,
        links={"MX": "/countries/MX/", "EC": "/countries/EC/", "US": "/countries/US/"},
        rtl=rtl,
        chart_id="map1",
        names={"MX": "Mexico", "EC": "Ecuador", "US": "United States"},
    )


def country(root: ET.Element, code: str) -> ET.Element:
    return next(
        g for g in root.iter(f"{SVG}g") if {code, "country"} <= set(g.get("class", "").split())
    )


def test_the_map_links_each_valued_country_to_its_profile() -> None:
    root = parse(a_map())

    links = {a.get("href"): a for a in root.iter(f"{SVG}a")}
    assert set(links) == {"/countries/MX/", "/countries/EC/", "/countries/US/"}
    mexico = links["/countries/MX/"]
    assert country(mexico, "mx") is not None
    assert [title.text for title in mexico.iter(f"{SVG}title")] == ["Mexico: Yes"]
    assert links["/countries/EC/"].find("svg:title", NS).text == "Ecuador: Partial"  # type: ignore[union-attr]


def test_the_map_links_only_to_this_site() -> None:
    for url in ("javascript:alert(1)", "https://example.org/mx", "//example.org/mx"):
        with pytest.raises(ValueError, match="path on this site"):
            world_map(
                title="t", values={"MX": "yes"}, legend=LEGEND, links={"MX": url}, chart_id="m"
            )
    assert 'href="/countries/MX/"' in a_map()  # positive control


def test_the_map_names_its_source() -> None:
    root = parse(
        world_map(
            title="t",
            values={"MX": "yes"},
            legend=LEGEND,
            links={},
            chart_id="m",
            source_line="Source: national laws, 2026",
        )
    )

    assert "Source: national laws, 2026" in [text.text for text in root.iter(f"{SVG}text")]
    desc = root.find("svg:desc", NS)
    assert desc is not None and "Source: national laws, 2026" in (desc.text or "")
    assert not list(root.iter(f"{SVG}a"))  # no link given, none drawn


def test_the_map_leaves_countries_without_a_value_unlinked() -> None:
    root = parse(a_map())

    linked = {
        code
        for a in root.iter(f"{SVG}a")
        for g in a.iter(f"{SVG}g")
        for code in g.get("class", "").split()
        if len(code) == 2
    }
    assert "mx" in linked  # positive control
    assert "fr" not in linked
    france = country(root, "fr")
    assert not [name for name in france.get("class", "").split() if name.startswith("color-")]


def test_the_map_colours_each_legend_key() -> None:
    root = parse(a_map())

    def colour(code: str) -> str:
        return country(root, code).get("fill", "")

    assert len({colour("mx"), colour("ec"), colour("us")}) == 3
    legend = [text.text for text in texts(root, "legends")]
    assert legend == ["Yes", "Partial", "No", "No information"]
    boxes = {
        rect.get("fill")
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "legends"
        for rect in g.iter(f"{SVG}rect")
    }
    assert len(boxes) == 4  # "No information" has its own, the grey
    assert {colour("mx"), colour("ec"), colour("us")} < boxes
    # A country without a value is drawn in that grey, not linked.
    assert colour("fr") in boxes - {colour("mx"), colour("ec"), colour("us")}


def test_the_map_legend_moves_right_in_arabic() -> None:
    def legend_x(root: ET.Element) -> float:
        group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legends")
        match = re.match(r"translate\(([-\d.]+)", group.get("transform", ""))
        assert match
        return float(match.group(1))

    assert legend_x(parse(a_map())) < 100
    assert legend_x(parse(a_map(rtl=True))) > 800


def test_numeric_bins_label_numbers_for_the_reader() -> None:
    values = {code: Decimal(number) for code, number in (("MX", "57"), ("US", "1200"))}
    values |= {"EC": Decimal("3"), "GT": Decimal("3"), "FR": Decimal("25000")}

    with translation.override("en"):
        bins, legend = numeric_bins(values, bins=3)
    assert [label for _key, label in legend] == ["3", "57–1,200", "25,000"]
    assert bins["EC"] == bins["GT"] == legend[0][0]
    assert bins["MX"] == bins["US"] == legend[1][0]
    assert bins["FR"] == legend[2][0]
    with translation.override("ar"):
        _bins, arabic = numeric_bins(values, bins=3)
    assert [label for _key, label in arabic] == ["3", "57–1٬200", "25٬000"]
