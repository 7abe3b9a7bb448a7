"""`aviator config example` prints a commented setup that `aviator config validate` accepts, and
the README shows it; `validate` prints each problem on one line with its fix, exits 1, no traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

README = Path(__file__).parents[2] / "README.md"


def aviator(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "aviator", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=os.environ, timeout=60)


def comment_of(text: str, key: str) -> str:
    """The comment on the first line that sets `key`."""
    line = next(line for line in text.splitlines() if re.match(rf"\s*-? *{key}:", line))
    return line.partition("#")[2]


def test_the_printed_example_is_commented_and_validates(tmp_path: Path) -> None:
    printed = aviator("config", "example", cwd=tmp_path)
    assert printed.returncode == 0 and printed.stderr == ""
    path = tmp_path / "setup.yaml"
    path.write_text(printed.stdout)
    checked = aviator("config", "validate", str(path), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == f"{path}: ok: games at any offsets, 3 bookmakers, game 480x400, 616x496\n"
    text = printed.stdout
    for key in ("multiplier", "game_area"):
        assert "required" in comment_of(text, key)
    for key in ("progress_bar", "history", "balance", "players", "total_bets", "panels", "stake", "group"):
        assert "optional" in comment_of(text, key), key
    assert "# layout: 3x2" in text and "# display:" in text  # optional keys shown, left out
    assert "[x, y, width, height]" in text


def test_the_example_shows_sites_of_different_sizes_and_regions(tmp_path: Path) -> None:
    setup = yaml.safe_load(aviator("config", "example", cwd=tmp_path).stdout)
    assert "layout" not in setup and setup["game"] == {"width": 616, "height": 496}
    assert len(setup["regions"]["panels"]) == 2
    small = setup["bookmakers"][2]
    assert small["game"] == {"width": 480, "height": 400}
    assert set(small["regions"]) == {"multiplier", "game_area", "progress_bar", "history", "panels"}
    assert small["regions"]["panels"] == [{"button": [125, 288, 102, 96], "stake": [13, 290, 98, 38]}]


def test_the_readme_shows_the_example(tmp_path: Path) -> None:
    printed = aviator("config", "example", cwd=tmp_path).stdout
    lines = README.read_text().splitlines()
    readme = "\n".join(line.removeprefix("    ") for line in lines)  # code is indented by 4
    assert printed.rstrip("\n") in readme


def test_every_problem_is_one_line_with_what_to_change(tmp_path: Path) -> None:
    printed = aviator("config", "example", cwd=tmp_path).stdout
    broken = printed.replace("offset: [640, 0]", "offset: [600, 0]").replace("name: Mozzart", "name: Admiral")
    broken = broken.replace("multiplier: [19, 108, 441, 80]", "multiplier: [19, 108, 441]")
    broken = broken.replace("  balance: [357, 5, 252, 25]", "  balanse: [357, 5, 252, 25]")
    path = tmp_path / "setup.yaml"
    path.write_text(broken)
    checked = aviator("config", "validate", str(path), cwd=tmp_path)
    assert checked.returncode == 1 and checked.stdout == "" and "Traceback" not in checked.stderr
    *problems, total = checked.stderr.splitlines()
    assert total == f"{path}: 2 problem(s)"  # the schema's first; the rest once it holds
    assert [p.split(": ", 2)[1] for p in problems] == ["regions.balanse", "bookmakers.2.regions.multiplier"]
    assert "did you mean 'balance'?" in problems[0] and "write [x, y, width, height]" in problems[1]
    path.write_text(broken.replace("balanse", "balance").replace("441]", "441, 80]"))
    problems = aviator("config", "validate", str(path), cwd=tmp_path).stderr.splitlines()[:-1]
    assert [p.split(": ", 2)[1] for p in problems] == ["bookmakers.1.offset", "bookmakers.2.name"]
    assert "overlaps the game of 'Admiral'" in problems[0] and "for example 'Admiral-2'" in problems[1]


def test_a_screen_size_checks_the_games_fit_it_and_the_grid(tmp_path: Path) -> None:
    printed = aviator("config", "example", cwd=tmp_path).stdout
    path = tmp_path / "setup.yaml"
    path.write_text(printed.replace("# layout: 3x2 ", "layout: 3x2   "))
    assert aviator("config", "validate", "--screen", "1920x1080", str(path), cwd=tmp_path).returncode == 0
    narrow = aviator("config", "validate", "--screen", "1600x1080", str(path), cwd=tmp_path)
    assert narrow.returncode == 1
    assert "bookmakers.2.offset: the game of 'Mozzart' (at 1280,0, 480x400) reaches outside the screen" in (
        narrow.stderr
    )
    path.write_text(printed.replace("# layout: 3x2 ", "layout: 2x2   "))
    grid = aviator("config", "validate", "--screen", "1920x1080", str(path), cwd=tmp_path).stderr
    assert "bookmakers.1.offset: the game of 'Meridian' (at 640,0, 616x496) is not inside one tile" in grid
    bad = aviator("config", "validate", "--screen", "big", str(path), cwd=tmp_path)
    assert bad.returncode == 2 and "for example 1920x1080" in bad.stderr and "Traceback" not in bad.stderr


def test_the_example_betting_section_is_valid_once_uncommented(tmp_path: Path) -> None:
    printed = aviator("config", "example", cwd=tmp_path).stdout
    betting = printed[printed.index("# betting:") :]
    uncommented = "\n".join(line.removeprefix("# ") for line in betting.splitlines())
    path = tmp_path / "setup.yaml"
    path.write_text(printed[: printed.index("# betting:")] + uncommented + "\n")
    checked = aviator("config", "validate", str(path), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    setup = yaml.safe_load(path.read_text())
    assert setup["betting"]["strategy"] == "martingale" and setup["betting"]["live"] is False
    assert len(setup["betting"]["limits"]) == 7  # every limit: live needs them all (and per_bookmaker)
