"""Charts and the world map of the country pages: SVG drawn on the server by pygal, for HTML pages.

Readable without JavaScript and without any other host: pygal's script, its tooltips, its
stylesheet and its comments (which name pygal's site) are taken out, and a small stylesheet scoped
to the chart's own id goes in. Each chart names itself (``<title>``, ``<desc>`` with the source
line), formats its numbers for the active language, and mirrors right-to-left: time runs from
right to left, the value axis and the legend move to the right, text is moved, never mirrored.

The world's shapes are pygal_maps_world's, simplified once per process (curves to lines within
one unit of its 2754-unit-wide drawing, integer coordinates, about 0.2 s): its drawing goes from
1.1 MB to 90 KB, and a map of 200 valued countries weighs about 125 KB, 36 KB gzipped.

    svg = series_chart(title=…, unit=…, points=[ChartPoint(…), …], source_line=…,
                       rtl=get_language_bidi(), chart_id="detentions")
    svg = world_map(title=…, values={"MX": "yes"}, legend=[("yes", _("Yes")), ("", _("No data"))],
                    links={"MX": "/countries/MX/"}, rtl=get_language_bidi(), chart_id="map")

Both return markup for ``{{ svg }}`` in a template; the data table comes after it.
"""

import datetime
import functools
import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.etree import etree as pygal_etree
from pygal.style import Style
from pygal.util import split_title, text_len
from pygal_maps_world.maps import World

from peerlearning.countries.models import amount

SVG_NS = "http://www.w3.org/2000/svg"

# This module works on xml.etree's trees; pygal would build lxml's if lxml were installed.
pygal_etree.to_etree()

# Okabe and Ito's palette, told apart with every common colour-vision deficiency, in an order
# where neighbours differ in lightness too; the pale yellow is left out (too close to white).
CATEGORY_COLOURS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#D55E00",  # vermilion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",
)
# Light to dark, one hue (blues, as ColorBrewer's): ordered bins read as more or less.
# The palest step is darker than the grey of "no value", so the two are not confused.
SEQUENTIAL_COLOURS = ("#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
NO_VALUE_COLOUR = "#e3e3e3"
LINE_COLOUR = "#0b5cad"  # 6.6:1 on white
BACKGROUND_COLOUR = "#ffffff"
TEXT_COLOUR = "#1a1a1a"  # 17:1 on white
MUTED_TEXT_COLOUR = "#4d4d4d"  # 8.5:1 on white

FONT_SIZE = 14
LEGEND_BOX = 14
TITLE_FONT_SIZE = 18
SPACING = 10


# The most characters of free text a drawing takes (two lines of title, three of sources).
MAX_TITLE, MAX_UNIT, MAX_SOURCE_LINE = 110, 40, 220


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space where one is near, marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class ChartPoint:
    label: str  # the period as the reader reads it, formatted by the caller ("2019", "FY 2016")
    start: datetime.date  # first day of the period
    end: datetime.date  # last day of the period
    value: Decimal
    approximate: bool = False
    source: str = ""  # short source name or host, shown in the point's title


# --- the line chart ---------------------------------------------------------------------------


def series_chart(
    *,
    title: str,
    unit: str,
    points: Sequence[ChartPoint],
    source_line: str,
    rtl: bool = False,
    chart_id: str,
    x_title: str | None = None,
    width: int = 640,
    height: int = 380,
) -> SafeString:
    """A line chart over time, as an inline ``<svg>``: each point placed at the middle of its
    period; two points of one period (two sources) side by side; approximate ones hollow and
    marked "≈"; the source line at the bottom. A data table must follow it on the page."""
    x_title = _("Period") if x_title is None else x_title
    # Free text sized for the drawing: pygal wraps it into the room left, and with no room left
    # it never stops wrapping (a long title hung the page).
    title, unit = shortened(title, MAX_TITLE), shortened(unit, MAX_UNIT)
    source_line = shortened(source_line, MAX_SOURCE_LINE)
    placed = _place_points(points, rtl=rtl, plot_width=width - 140)
    x_labels = _x_labels(placed, plot_width=width - 140)
    # Room beside the plot for half of the time label at its edge (the left one after mirroring).
    edge_label = max(
        (_half_width(label["label"]) for label in x_labels[:1] + x_labels[-1:]), default=0
    )
    xs = [x for _point, x in placed]
    # One period alone sits in the middle, not against the value axis.
    xrange = (xs[0] - 365, xs[0] + 365) if xs and xs[0] == xs[-1] else None
    footer = []
    if any(point.approximate for point, _x in placed):
        footer.append(_("○ ≈ approximate value"))
    footer.extend(split_title(source_line, width - 2 * SPACING, FONT_SIZE))

    chart = pygal.XY(
        **_config(width=width, height=height, title=title, footer_lines=len(footer)),
        x_title=x_title,
        y_title=unit,
        show_legend=False,
        include_x_axis=True,
        show_x_guides=False,
        show_y_guides=True,
        print_labels=True,
        dots_size=4,
        stroke_style={"width": 2},
        value_formatter=amount,
        x_labels=x_labels,
        xrange=xrange,
        margin_right=max(SPACING, round(edge_label)),
        no_data_text=_("No data"),
    )
    chart.add(
        unit,
        [
            {
                "value": (x, float(point.value)),
                "label": "≈" if point.approximate else "",
                "tooltip": _point_title(point, unit),
                "node": {"class": "dot approximate" if point.approximate else "dot"},
            }
            for point, x in placed
        ],
    )
    css = (
        f"{{id}} .color-0{{stroke:{LINE_COLOUR};fill:{LINE_COLOUR}}}"
        f"{{id}} .line{{fill:none;stroke-width:2}}"
        f"{{id}} .dot.approximate{{fill:#fff;stroke-width:2}}"
        f"{{id}} .text-overlay text{{fill:{TEXT_COLOUR};font-size:{FONT_SIZE}px}}"
    )
    chart.add_xml_filter(
        _finisher(
            chart,
            chart_id=chart_id,
            title=title,
            desc=source_line,
            footer=footer,
            rtl=rtl,
            css=css,
            role="img",
        )
    )
    return _render(chart)


def _place_points(
    points: Sequence[ChartPoint], *, rtl: bool, plot_width: int
) -> list[tuple[ChartPoint, float]]:
    """Each point with its x: the middle of its period in days, negated right-to-left (so that
    time runs leftwards); the points of one period spread a few pixels apart."""

    def middle(point: ChartPoint) -> float:
        return (point.start.toordinal() + point.end.toordinal()) / 2

    ordered = sorted(points, key=lambda point: (middle(point), point.end, point.value))
    if not ordered:
        return []
    days = (middle(ordered[-1]) - middle(ordered[0])) or 365
    gap = days * 9 / max(plot_width, 1)  # about nine pixels
    periods: dict[tuple[datetime.date, datetime.date], list[ChartPoint]] = {}
    for point in ordered:
        periods.setdefault((point.start, point.end), []).append(point)
    placed = []
    for point in ordered:
        same = periods[(point.start, point.end)]
        offset = (same.index(point) - (len(same) - 1) / 2) * gap
        x = middle(point) + offset
        placed.append((point, -x if rtl else x))
    return sorted(placed, key=lambda pair: pair[1])


def _x_labels(placed: list[tuple[ChartPoint, float]], *, plot_width: int) -> list[dict[str, Any]]:
    """One label per period, at its middle, as many as fit without overlapping (the first and
    the last always)."""
    periods: dict[tuple[datetime.date, datetime.date], tuple[str, float]] = {}
    for point, x in placed:
        label, xs = periods.get((point.start, point.end), (point.label, 0.0))
        periods[(point.start, point.end)] = (label, xs + x)
    counts: dict[tuple[datetime.date, datetime.date], int] = {}
    for point, _x in placed:
        counts[(point.start, point.end)] = counts.get((point.start, point.end), 0) + 1
    labels = sorted(
        ((label, total / counts[key]) for key, (label, total) in periods.items()),
        key=lambda pair: pair[1],
    )
    if len(labels) <= 1:
        return [{"value": x, "label": label} for label, x in labels]
    low, high = labels[0][1], labels[-1][1]
    scale = plot_width / ((high - low) or 1)

    def fits(kept: list[tuple[str, float]], candidate: tuple[str, float]) -> bool:
        last = kept[-1]
        distance = (candidate[1] - last[1]) * scale
        return distance >= _half_width(last[0]) + _half_width(candidate[0])

    kept = [labels[0]]
    for candidate in labels[1:-1]:
        if fits(kept, candidate):
            kept.append(candidate)
    while len(kept) > 1 and not fits(kept, labels[-1]):
        kept.pop()
    if fits(kept, labels[-1]):
        kept.append(labels[-1])
    return [{"value": x, "label": label} for label, x in kept]


def _half_width(label: str) -> float:
    """Half the width of a time label and a gap (pygal's own estimate of a text's width)."""
    return text_len(len(label), FONT_SIZE) / 2 + 6


def _point_title(point: ChartPoint, unit: str) -> str:
    value = amount(point.value)
    if point.approximate:
        value = _("≈ %(value)s") % {"value": value}
    if point.source:
        return _("%(period)s: %(value)s %(unit)s (source: %(source)s)") % {
            "period": point.label,
            "value": value,
            "unit": unit,
            "source": point.source,
        }
    return _("%(period)s: %(value)s %(unit)s") % {
        "period": point.label,
        "value": value,
        "unit": unit,
    }


# --- the world map ----------------------------------------------------------------------------


def world_map(
    *,
    title: str,
    values: Mapping[str, str],
    legend: Sequence[tuple[str, str]],
    links: Mapping[str, str],
    rtl: bool = False,
    chart_id: str,
    names: Mapping[str, str] | None = None,
    sequential: bool = False,
    source_line: str = "",
    width: int = 960,
    height: int | None = None,
) -> SafeString:
    """A choropleth of the world, as an inline ``<svg>``: each country with a value in the colour
    of its legend key, a link to ``links[country]`` titled with its name and value; countries
    without a value grey, unlinked, under the legend entry for "" when there is one.

    ``values`` maps ISO 3166-1 alpha-2 codes to legend keys; ``names`` the codes to the
    country names in the reader's language (the ISO names translated by pycountry when absent);
    ``sequential`` colours ordered keys (numeric bins) light to dark instead of by category;
    ``source_line``, when given, is written under the map. Links must be paths on this site."""
    for url in links.values():
        if not url.startswith("/") or url.startswith("//"):
            raise ValueError(f"a country's link must be a path on this site, not {url!r}")
    title, source_line = shortened(title, MAX_TITLE), shortened(source_line, MAX_SOURCE_LINE)
    footer = split_title(source_line, width - 2 * SPACING, FONT_SIZE) if source_line else []
    if names is None:
        names = _country_names()
    palette = SEQUENTIAL_COLOURS if sequential else CATEGORY_COLOURS
    labels = dict(legend)
    keyed = [key for key, _label in legend if key]
    colours = {
        key: _pick(palette, index, len(keyed), sequential=sequential)
        for index, key in enumerate(keyed)
    }
    if height is None:
        height = _map_height(width, title, [label for _key, label in legend], len(footer))
    chart = _World(
        **_config(width=width, height=height, title=title, footer_lines=len(footer)),
        truncate_legend=-1,
        legend_box_size=LEGEND_BOX,
    )
    css_colours = []
    for index, key in enumerate(keyed):
        areas = []
        for code, value_key in sorted(values.items()):
            if value_key != key:
                continue
            name = names.get(code.upper(), code.upper())
            area: dict[str, Any] = {
                "value": (code.lower(), 1),
                "tooltip": _("%(country)s: %(value)s") % {"country": name, "value": labels[key]},
            }
            if code.upper() in links:
                area["xlink"] = {"href": links[code.upper()]}
            areas.append(area)
        chart.add(labels[key], areas)
        css_colours.append(f"{{id}} .color-{index}{{fill:{colours[key]}}}")
    if "" in labels:
        chart.add(labels[""], [])
        css_colours.append(f"{{id}} .color-{len(keyed)}{{fill:{NO_VALUE_COLOUR}}}")
    css = (
        # Before the colours, which override it (same specificity, later rule).
        f"{{id}} .country{{fill:{NO_VALUE_COLOUR};stroke:#fff;stroke-width:.6}}"
        + "".join(css_colours)
        + f"{{id}} .legends rect{{stroke:{MUTED_TEXT_COLOUR};stroke-width:.5}}"
        f"{{id}} a:focus .country,{{id}} a:hover .country{{stroke:{TEXT_COLOUR};stroke-width:2}}"
    )
    chart.add_xml_filter(
        _finisher(
            chart,
            chart_id=chart_id,
            title=title,
            desc=source_line,
            footer=footer,
            rtl=rtl,
            css=css,
            # Not "img": its children would be presentational, and the country links with them.
            role="group",
        )
    )
    return _render(chart)


def _map_height(width: int, title: str, labels: list[str], footer_lines: int) -> int:
    """The height at which the map fills the width left beside the legend (as pygal lays it
    out), under the title: no band of white below it."""
    legend = SPACING + text_len(max(map(len, labels), default=0), FONT_SIZE) + LEGEND_BOX
    plot_width = width - 2 * SPACING - legend - SPACING
    lines = len(split_title(title, width, TITLE_FONT_SIZE))
    top = SPACING + lines * (SPACING + TITLE_FONT_SIZE)
    bottom = SPACING + footer_lines * (FONT_SIZE + 5)
    return round(top + plot_width * _world_aspect() + bottom)


@functools.cache
def _world_aspect() -> float:
    """Height over width of pygal_maps_world's drawing."""
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', World.svg_map)
    return float(match.group(2)) / float(match.group(1)) if match else 0.5


def _pick(palette: Sequence[str], index: int, count: int, *, sequential: bool) -> str:
    if sequential and count > 1:
        # Spread over the palette: two bins get its ends, not its two palest colours.
        return palette[round(index * (len(palette) - 1) / (count - 1))]
    return palette[index % len(palette)]


def numeric_bins(
    values: Mapping[str, Decimal], *, bins: int = 5
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Country -> bin key, and the legend (key, label) of each bin in ascending order.

    The bins hold about as many countries each (quantiles of the distinct values, a value never
    split between two bins); each is labelled with the lowest and highest values it holds,
    formatted for the active language, so labels never overlap and never claim a number that
    no country has."""
    distinct = sorted(set(values.values()))
    if not distinct:
        return {}, []
    count = min(bins, len(distinct))
    per_value = Counter(values.values())
    groups: list[list[Decimal]] = [[]]
    seen = 0
    for number in distinct:
        if len(groups) < count and seen >= len(groups) * len(values) / count:
            groups.append([])
        groups[-1].append(number)
        seen += per_value[number]
    bin_of: dict[Decimal, str] = {}
    legend = []
    for group in groups:
        low, high = group[0], group[-1]
        key = f"{low.normalize():f}-{high.normalize():f}"
        if low == high:
            label = amount(low)
        else:
            label = _("%(low)s–%(high)s") % {
                "low": amount(low),
                "high": amount(high),
            }
        legend.append((key, label))
        for number in group:
            bin_of[number] = key
    return {code: bin_of[number] for code, number in values.items()}, legend


def _country_names() -> dict[str, str]:
    from peerlearning.accounts.models import country_choices

    return dict(country_choices())


class _World(World):
    """pygal's world map with its shapes simplified (see the module's docstring)."""

    @property
    def svg_map(self) -> str:
        return _simplified_world()

    def _plot(self) -> None:
        """pygal's BaseMap._plot, finding each country in a table instead of searching the
        whole drawing once per country (three quarters of the time with 200 countries), and
        without what the finishing pass would take out again (opacity by value, tooltip data).
        """
        drawing = ET.fromstring(self.svg_map)  # noqa: S314  # pygal_maps_world's, simplified
        drawing.set("width", str(self.view.width))
        drawing.set("height", str(self.view.height))
        countries = {
            area.get("class", "").split()[0]: (parent, area)
            for parent in drawing.iter()
            for area in parent
            if "country" in area.get("class", "").split()
        }
        for index, serie in enumerate(self.series):
            for position, (code, value) in enumerate(serie.values):
                found = countries.get(self.adapt_code(code))
                if found is None or value is None:
                    continue
                parent, area = found
                area.set("class", f"{area.get('class')} color-{index}")
                metadata = serie.metadata.get(position) or {}
                holder = area
                if metadata.get("xlink"):
                    holder = ET.Element("a", href=metadata["xlink"]["href"])
                    parent.insert(list(parent).index(area), holder)
                    parent.remove(area)
                    holder.append(area)
                if metadata.get("tooltip"):
                    title = ET.Element("title")
                    title.text = metadata["tooltip"]
                    holder.insert(0, title)
        self.nodes["plot"].append(drawing)


_PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE]-?\d+)?")
_PATH_ARGUMENTS = {"m": 2, "l": 2, "c": 6, "s": 4, "q": 4, "t": 2, "h": 1, "v": 1, "z": 0}


@functools.cache
def _simplified_world() -> str:
    source = World.svg_map
    root = ET.fromstring(source)  # noqa: S314  # pygal_maps_world's own file, not input
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]
        element.attrib.pop("id", None)
        element.attrib.pop("style", None)
        element.text = element.text.strip() if element.text else None
        element.tail = None
        if element.tag == "path":
            element.set("d", _simplify_path(element.get("d", "")))
        elif element.tag == "circle":
            for name in ("cx", "cy", "r"):
                element.set(name, str(round(float(element.get(name, "0")))))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in ("metadata", "title") or (child.tag == "path" and not child.get("d")):
                parent.remove(child)
    for name in list(root.attrib):
        if name not in ("viewBox",):
            del root.attrib[name]
    return ET.tostring(root, encoding="unicode")


def _simplify_path(data: str, tolerance: float = 1.0) -> str:
    """The path's outline as closed polygons (curves replaced by their end points), points
    within ``tolerance`` of the line dropped (Douglas-Peucker), coordinates rounded."""
    out: list[str] = []
    previous: tuple[int, int] | None = None
    for ring in _rings(data):
        points = [(round(x), round(y)) for x, y in _douglas_peucker(ring, tolerance)]
        kept = [points[0]]
        for point in points[1:]:
            if point != kept[-1]:
                kept.append(point)
        if len(kept) < 3:
            continue
        x0, y0 = kept[0]
        # The first ring placed absolutely, each next one from the start of the one before.
        part = f"M{x0} {y0}" if previous is None else f"m{x0 - previous[0]} {y0 - previous[1]}"
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(kept))
        out.append(f"{part}l{steps}z")
        previous = kept[0]
    return "".join(out).replace(" -", "-")


def _rings(data: str) -> list[list[tuple[float, float]]]:
    tokens = _PATH_TOKEN.findall(data)
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    x = y = start_x = start_y = 0.0
    command = "M"
    index = 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
        lower = command.lower()
        if lower == "z":
            if ring:
                rings.append(ring)
            ring = []
            x, y = start_x, start_y
            continue
        count = _PATH_ARGUMENTS[lower]
        arguments = [float(token) for token in tokens[index : index + count]]
        index += count
        relative = command.islower()
        if lower == "h":
            x = x + arguments[0] if relative else arguments[0]
        elif lower == "v":
            y = y + arguments[0] if relative else arguments[0]
        else:
            end_x, end_y = arguments[-2], arguments[-1]
            x, y = (x + end_x, y + end_y) if relative else (end_x, end_y)
        if lower == "m":
            if ring:
                rings.append(ring)
            ring = []
            start_x, start_y = x, y
            command = "l" if relative else "L"  # further pairs after a move are lines
        ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def _douglas_peucker(
    points: list[tuple[float, float]], tolerance: float
) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = -1, -1.0
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                gap = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                gap = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if gap > distance:
                farthest, distance = index, gap
        if distance > tolerance:
            keep[farthest] = True
            stack.extend(((first, farthest), (farthest, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


# --- shared: configuration, the finishing pass, rendering -------------------------------------


def _config(*, width: int, height: int, title: str, footer_lines: int) -> dict[str, Any]:
    return {
        "width": width,
        "height": height,
        "title": title,
        "js": [],  # pygal's default script is on another host
        "css": [],  # its stylesheets are replaced by _finisher's
        "disable_xml_declaration": True,
        "explicit_size": False,
        "truncate_label": -1,
        "spacing": SPACING,
        "margin": SPACING,
        "margin_bottom": SPACING + footer_lines * (FONT_SIZE + 5),
        "style": Style(
            font_family="inherit",
            label_font_size=FONT_SIZE,
            major_label_font_size=FONT_SIZE,
            value_font_size=FONT_SIZE,
            value_label_font_size=FONT_SIZE,
            legend_font_size=FONT_SIZE,
            title_font_size=TITLE_FONT_SIZE,
        ),
    }


# pygal's <desc> children feed its tooltip script; without it they are noise for screen readers.
_SCRIPT_DESCS = {"value", "x", "y", "x_label", "xlink", "label"}
_DROPPED_CLASSES = {
    "reactive",
    "tooltip-trigger",
    "activate-serie",
    "map-area",
    "map-element",
    "series",
}
_SERIE_CLASS = re.compile(r"serie-\d+")


_CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _finisher(
    chart: Any,
    *,
    chart_id: str,
    title: str,
    desc: str,
    footer: list[str],
    rtl: bool,
    css: str,
    role: str,
) -> Callable[[ET.Element], ET.Element]:
    """pygal's xml filter that makes its tree ours: see the module's docstring."""

    if not _CHART_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must be a plain HTML id and CSS name, not {chart_id!r}")

    def finish(root: ET.Element) -> ET.Element:
        _strip(root)
        width, height = chart.width, chart.height
        root.attrib.clear()
        root.set("xmlns", SVG_NS)
        root.set("id", chart_id)
        root.set("viewBox", f"0 0 {width} {height}")
        root.set("role", role)
        root.set("aria-labelledby", f"{chart_id}-title")
        root.set("class", "chart")
        if rtl:
            root.set("direction", "rtl")
        for element in root.iter():
            # pygal writes links as xlink:href; SVG 2 and every browser read plain href.
            for name in list(element.attrib):
                key = name.text if isinstance(name, ET.QName) else name
                if key.startswith("{"):
                    element.set(key.rpartition("}")[2], element.attrib.pop(name))

        title_node = root.find("title")
        assert title_node is not None  # noqa: S101  # pygal always writes one
        title_node.text = title
        title_node.set("id", f"{chart_id}-title")
        description = _("A table with the same data follows the chart.")
        desc_node = ET.Element("desc", id=f"{chart_id}-desc")
        desc_node.text = f"{desc} {description}" if desc else description
        root.insert(list(root).index(title_node) + 1, desc_node)
        root.set("aria-describedby", f"{chart_id}-desc")

        if rtl:
            _mirror(root, chart)
        _round_numbers(root)
        graph = root.find("g")
        if graph is not None and footer:
            top = height - SPACING - (len(footer) - 1) * (FONT_SIZE + 5)
            for index, line in enumerate(footer):
                text = ET.SubElement(graph, "text", {"class": "source"})
                text.set("x", str(width - SPACING if rtl else SPACING))
                text.set("y", str(round(top + index * (FONT_SIZE + 5))))
                text.text = line
        # The page's Content-Security-Policy allows no inline stylesheet: the rules become
        # presentation attributes (which any stylesheet of the site may still override).
        _inline_css(root, (_base_css() + css).replace("{id}", ""))
        return root

    return finish


def _strip(root: ET.Element) -> None:
    """Out: comments, scripts, pygal's style and tooltip box, script-only <desc>s, ids."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag
            classes = set(child.get("class", "").split()) if isinstance(tag, str) else set()
            if (
                not isinstance(tag, str)  # a comment
                or tag in ("script", "style", "defs")
                or (tag == "desc" and classes & _SCRIPT_DESCS)
                or "tooltip-overlay" in classes
            ):
                parent.remove(child)
                continue
            kept = [
                name
                for name in child.get("class", "").split()
                if name not in _DROPPED_CLASSES and not _SERIE_CLASS.fullmatch(name)
            ]
            if kept:
                child.set("class", " ".join(kept))
            else:
                child.attrib.pop("class", None)
            child.attrib.pop("id", None)
            if child.get("style", "").startswith("fill-opacity"):
                del child.attrib["style"]
    # Guides' titles repeat the label (or, on a time axis, a day number).
    for axis in root.iter("g"):
        if "axis" in axis.get("class", "").split():
            for guide in axis:
                for title in guide.findall("title"):
                    guide.remove(title)


_DECIMAL = re.compile(r"-?\d+\.\d+")


def _round_numbers(root: ET.Element) -> None:
    """pygal writes "M0.000000 0.000000" and "x=11.69999999999665": a tenth of a unit is
    plenty for a screen."""

    def tenth(match: re.Match[str]) -> str:
        return f"{round(float(match.group()), 1):g}"

    for element in root.iter():
        for name in ("x", "y", "cx", "cy", "r", "width", "height", "d", "transform"):
            value = element.get(name)
            if value and "." in value:
                element.set(name, _DECIMAL.sub(tenth, value))


def _base_css() -> str:
    # Under direction:rtl (set on the root right-to-left), "start" is the right end of a text
    # and "end" its left end: the legend and the source line start at the reader's side, the
    # value axis's numbers end against it, whichever side the plot's edge is.
    return (
        f"{{id}}{{font-family:inherit;font-size:{FONT_SIZE}px}}"
        f"{{id}} text{{fill:{TEXT_COLOUR}}}"
        f"{{id}} .background{{fill:{BACKGROUND_COLOUR}}}"
        f"{{id}} .title{{font-size:{FONT_SIZE}px;text-anchor:middle}}"  # the axes' titles
        f"{{id}} .plot_title{{font-size:{TITLE_FONT_SIZE}px;font-weight:bold}}"
        f"{{id}} .axis text{{fill:{MUTED_TEXT_COLOUR}}}"
        f"{{id}} .axis.x text{{text-anchor:middle}}"
        f"{{id}} .axis.y text{{text-anchor:end}}"
        f"{{id}} .axis .line{{stroke:{MUTED_TEXT_COLOUR}}}"
        f"{{id}} .axis .guide.line{{stroke:#d0d0d0;stroke-dasharray:none}}"
        f"{{id}} .axis.x .guide.line{{display:none}}"
        f"{{id}} .legends text{{text-anchor:start}}"
        f"{{id}} .source{{fill:{MUTED_TEXT_COLOUR};text-anchor:start}}"
        f"{{id}} .no_data{{text-anchor:middle;font-size:{TITLE_FONT_SIZE}px}}"
    )


_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")


def _matches(element: ET.Element, compound: str) -> bool:
    tag, *classes = compound.split(".")
    own = set(element.get("class", "").split())
    return (not tag or element.tag == tag or element.tag.endswith("}" + tag)) and set(
        classes
    ) <= own


def _inline_css(root: ET.Element, css: str) -> None:
    """Apply descendant selectors of tags and classes (`.axis.y text`), in order, as attributes;
    a rule with a pseudo-class (:hover, :focus) is the site stylesheet's business."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for selectors, declarations in _RULE.findall(css):
        properties = [
            (name.strip(), value.strip())
            for name, _colon, value in (d.partition(":") for d in declarations.split(";"))
            if name.strip()
        ]
        for selector in selectors.split(","):
            parts = selector.split()
            if ":" in selector:
                continue
            for element in root.iter() if parts else [root]:
                if parts and not _matches(element, parts[-1]):
                    continue
                ancestor, wanted = parents.get(element), parts[:-1]
                while wanted and ancestor is not None:
                    if _matches(ancestor, wanted[-1]):
                        wanted = wanted[:-1]
                    ancestor = parents.get(ancestor)
                if not wanted:
                    for name, value in properties:
                        element.set(name, value)


_TRANSLATE = re.compile(r"translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)")
_ROTATE = re.compile(r"rotate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)")


def _mirror(root: ET.Element, chart: Any) -> None:
    """Right-to-left: the plot area trades its left margin (value axis, axis title, legend)
    for the right one; those are moved across, text kept upright and readable."""
    width = chart.width
    left, right = chart.margin_box.left, chart.margin_box.right
    view_width = chart.view.width
    for group in root.iter("g"):
        classes = group.get("class", "").split()
        transform = group.get("transform", "")
        match = _TRANSLATE.fullmatch(transform)
        if "plot" in classes and match:
            group.set("transform", f"translate({right:g}, {match.group(2)})")
        elif "legends" in classes and match:
            x = float(match.group(1))
            group.set("transform", f"translate({width - x:g}, {match.group(2)})")
            box = chart.legend_box_size
            for legend in group:
                for rect in legend.iter("rect"):
                    rect.set("x", f"{-float(rect.get('x', 0)) - box:g}")
                for text in legend.iter("text"):
                    text.set("x", f"{-float(text.get('x', 0)):g}")
        elif "axis" in classes and "y" in classes:
            for text in group.iter("text"):
                text.set("x", f"{view_width - float(text.get('x', 0)):g}")
        elif "axis" in classes and "x" in classes:
            for line in group.findall("path"):  # the value axis's own line
                line.set("d", re.sub(r"^M\s*-?[\d.]+", f"M{view_width:g}", line.get("d", "")))
    titles = root.find("./g/g[@class='titles']")
    if titles is None:
        return
    for text in titles.iter("text"):
        rotation = _ROTATE.fullmatch(text.get("transform", ""))
        x = float(text.get("x", 0))
        if rotation:  # the value axis's title, rotated about (x, centre)
            centre = float(rotation.group(3))
            depth = float(text.get("y", 0)) - centre
            x = width + chart.style.title_font_size - 2 * depth - x
            text.set("x", f"{x:g}")
            text.set("transform", f"rotate({rotation.group(1)} {x:g} {centre:g})")
        elif "plot_title" not in text.get("class", ""):  # the time axis's title
            text.set("x", f"{x - left + right:g}")


def _render(chart: Any) -> SafeString:
    root = chart.render_tree()
    svg = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return mark_safe(svg)  # noqa: S308  # built as XML: every text and attribute escaped
