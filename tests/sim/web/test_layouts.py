"""The web layouts differ in what calibration must not assume, and their windows share a screen."""

from __future__ import annotations

import pytest

from aviator.sim.web.layouts import DEFAULT_MIX, WEB_LAYOUTS, place_windows


def test_the_layouts_cover_every_arrangement_calibration_must_not_assume() -> None:
    layouts = list(WEB_LAYOUTS.values())
    assert len(layouts) >= 5 and set(DEFAULT_MIX) == set(WEB_LAYOUTS)
    assert {layout.strip for layout in layouts} == {"top", "bottom"}
    assert {layout.strip_x for layout in layouts} == {True, False}
    assert {layout.progress for layout in layouts} == {"splash", "flight"}
    panels = {(layout.panels, layout.tabs) for layout in layouts}
    assert panels >= {(2, False), (1, False), (2, True), (1, True)}
    assert min(layout.width for layout in layouts) < 480 < max(layout.width for layout in layouts)  # mobile
    assert len({(layout.width, layout.height) for layout in layouts}) == len(layouts)
    titles = [layout.window_title("Admiral") for layout in layouts]
    assert titles.count("Aviator") == 2  # two windows with the same title


def test_the_default_mix_fits_a_full_hd_screen_without_overlaps() -> None:
    layouts = [WEB_LAYOUTS[name] for name in DEFAULT_MIX]
    rects = place_windows(layouts, (1920, 1080))
    assert [(r.width, r.height) for r in rects] == [(layout.width, layout.height) for layout in layouts]
    for i, a in enumerate(rects):
        assert a.left >= 0 and a.top >= 0 and a.right <= 1920 and a.bottom <= 1080
        for b in rects[i + 1 :]:
            assert a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top, (a, b)


def test_windows_that_do_not_fit_are_named() -> None:
    with pytest.raises(ValueError, match=r"the official window .* does not fit on the 1920x1080 screen"):
        place_windows([WEB_LAYOUTS["official"]] * 5, (1920, 1080))
