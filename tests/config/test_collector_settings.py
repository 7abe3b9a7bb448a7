"""A setup's `settings:` section: checked by CollectorSettings, each problem named with its file,
line and key; the collector's workers run as it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from aviator.config.collector_settings import CollectorSettings
from aviator.config.loader import ConfigError, load_setup
from aviator.config.settings import DEFAULT_THRESHOLDS, LEARNED_TEMPLATES
from aviator.orchestration.setup_workers import worker_configs

SETUP = """\
game: {width: 616, height: 496}
regions: {multiplier: [20, 220, 576, 80], game_area: [8, 44, 600, 300]}
bookmakers:
- name: Admiral
  offset: [0, 0]
"""


def written(tmp_path: Path, settings: str) -> Path:
    path = tmp_path / "setup.yaml"
    path.write_text(SETUP + settings)
    return path


def test_without_a_section_the_defaults_hold(tmp_path: Path) -> None:
    setup = load_setup(written(tmp_path, ""))
    assert setup.settings is None
    assert setup.run_settings == CollectorSettings()
    config = worker_configs(setup, speed=1.0)[0]
    assert (config.looks_per_second, config.thresholds) == (10.0, DEFAULT_THRESHOLDS)
    assert config.learned_templates == LEARNED_TEMPLATES


def test_the_workers_run_as_the_section_says(tmp_path: Path) -> None:
    settings = (
        "settings:\n  looks_per_second: 4\n  thresholds: [10, 2, 1.2]\n"
        "  database: postgresql://aviator@127.0.0.1/test\n  learned_templates: fonts\n"
    )
    setup = load_setup(written(tmp_path, settings))
    config = worker_configs(setup, speed=2.0)[0]
    assert config.looks_per_second == 8.0  # at twice the games' speed, twice the looks
    assert config.thresholds == (1.2, 2.0, 10.0)
    assert config.learned_templates == Path("fonts")
    assert worker_configs(setup, speed=1.0, learned=tmp_path)[0].learned_templates == tmp_path  # --learned…
    assert setup.run_settings.database == "postgresql://aviator@127.0.0.1/test"


@pytest.mark.parametrize(
    ("line", "key", "reason"),
    [
        ("  looks_per_second: 0", "settings.looks_per_second", "0 is not above 0"),
        ("  looks_per_second: 31", "settings.looks_per_second", "31 is too large"),
        ("  thresholds: [2, 0.5]", "settings.thresholds", "0.5 is not a multiplier above 1"),
        ("  thresholds: [2, 2]", "settings.thresholds", "a threshold is given twice"),
        ("  database: mysql://x/y", "settings.database", "neither a file path nor sqlite:///PATH"),
        ("  database: ''", "settings.database", "name a database"),
        ("  looks_per_secnd: 5", "settings.looks_per_secnd", "did you mean 'looks_per_second'?"),
    ],
)
def test_a_bad_value_is_named_with_its_line_and_key(tmp_path: Path, line: str, key: str, reason: str) -> None:
    path = written(tmp_path, f"settings:\n{line}\n")
    with pytest.raises(ConfigError) as raised:
        load_setup(path)
    (problem,) = raised.value.problems
    assert (problem.line, problem.key) == (7, key)
    assert reason in problem.reason
