"""Server-side SVG charts: well-formed, one bar segment per non-zero value, honest scales."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from eventwire.charts import Series, stacked_bars_svg

NS = "{http://www.w3.org/2000/svg}"


def test_stacked_bars_are_well_formed_with_one_rect_per_value():
    svg = stacked_bars_svg(["2022-11", "2022-12", "2023-01"],
                           [Series("coop", [2, 0, 1], "#0072B2"), Series("conflict <4>", [3, 1, 0], "#D55E00")],
                           title="AZE & ARM", line=Series("mean", [1.0, None, -4.5], "#333"))
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(bars) == 4  # zero values draw nothing
    heights = {r.find(f"{NS}title").text: float(r.get("height")) for r in bars}
    # the tallest stack (5) reaches the top of the scale (5): its segments are 2/5 and 3/5 of it
    assert heights["2022-11 conflict <4>: 3"] == pytest.approx(1.5 * heights["2022-11 coop: 2"], rel=0.01)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "AZE & ARM" in texts and "conflict <4>" in texts
    [line] = root.iter(f"{NS}polyline")
    assert len(line.get("points").split()) == 2  # the missing value is skipped


def test_series_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError):
        stacked_bars_svg(["a", "b"], [Series("x", [1], "#000")])


def test_an_empty_chart_is_still_valid():
    root = ET.fromstring(stacked_bars_svg([], [Series("x", [], "#000")]))
    assert root.tag == f"{NS}svg"
