"""The benchmark plot: one panel per stage, the refresh and DuckDB alone as lines."""

import xml.etree.ElementTree as ElementTree

from tests.bench_plot import write_plot

SVG = "{http://www.w3.org/2000/svg}"


def test_one_panel_per_stage_with_a_point_per_scale(tmp_path):
    results = [
        {"scale": scale, "stages": [("load", 3.0 * scale, 1.0 * scale, None),
                                    ("dbt build", 30.0, 5.0 + scale, None)]}
        for scale in (1, 10, 100)
    ]  # fmt: skip
    root = ElementTree.parse(write_plot(results, tmp_path / "plot.svg")).getroot()
    titles = [text.text for text in root.iter(f"{SVG}text") if text.get("font-weight") == "bold"]
    assert titles == ["load", "dbt build"]
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 4  # refresh and DuckDB alone, per stage
    assert all(len(line.get("points").split()) == 3 for line in lines)
    # Log scale: the load line of the refresh (3, 30, 300 s) climbs in equal steps.
    heights = [float(point.split(",")[1]) for point in lines[0].get("points").split()]
    assert heights[0] > heights[1] > heights[2]
    assert abs((heights[0] - heights[1]) - (heights[1] - heights[2])) < 0.5
