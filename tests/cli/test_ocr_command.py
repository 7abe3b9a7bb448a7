"""`aviator ocr read` and `aviator ocr learn` on real crops and on simulator crops saved as files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from benchmarks.ocr_samples import (
    REAL_CROPS,
    REAL_MULTIPLIERS,
    TILE_SIZES,
    multiplier_crops,
    played_frames,
    regions,
)
from PIL import Image

from aviator.cli import main
from aviator.core.ocr.parse import format_multiplier
from aviator.sim.skins import SKINS

SIZE = TILE_SIZES[0]


def save(folder: Path, crops: list[np.ndarray]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{n:04d}.png" for n in range(len(crops))]
    for path, crop in zip(paths, crops, strict=True):
        Image.fromarray(crop).save(path)
    return paths


def json_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_read_prints_one_json_object_per_real_crop(capsys) -> None:
    files = [str(REAL_CROPS / name) for name in REAL_MULTIPLIERS]
    assert main(["ocr", "read", *files, "--json"]) == 0
    results = json_lines(capsys)
    assert [r["value"] for r in results] == list(REAL_MULTIPLIERS.values())
    assert all({"file", "text", "value", "confidence", "engine", "ms"} <= set(r) for r in results)


def test_learn_without_labels_then_read_with_the_templates(tmp_path, capsys) -> None:
    skin = SKINS["lato-bold"]
    region = regions(SIZE).multiplier
    save(tmp_path / "lato", [f.crop(region) for f in played_frames(skin, SIZE, 100, 0.5, "cli")])
    command = [
        "ocr",
        "learn",
        str(tmp_path / "lato"),
        "--out",
        str(tmp_path / "templates"),
        "--interval",
        "0.5",
    ]
    assert main(command) == 0
    assert (tmp_path / "templates" / "lato.npz").exists()
    crops = list(multiplier_crops(skin, SIZE, 12, "cli-read"))
    files = save(tmp_path / "test", [crop for crop, _ in crops])
    capsys.readouterr()
    assert main(["ocr", "read", *map(str, files), "--templates", str(tmp_path / "templates"), "--json"]) == 0
    results = json_lines(capsys)
    assert [r["value"] for r in results] == [value for _, value in crops]
    assert {r["engine"] for r in results} == {"template"}


def test_learn_from_a_labels_file(tmp_path, capsys) -> None:
    crops = list(multiplier_crops(SKINS["classic"], SIZE, 30, "labels", first=(1234.56,)))
    files = save(tmp_path / "crops", [crop for crop, _ in crops])
    labels = tmp_path / "labels.csv"
    with labels.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "text"])
        writer.writerows(
            (path.name, format_multiplier(value)) for path, (_, value) in zip(files, crops, strict=True)
        )
    command = ["ocr", "learn", str(tmp_path / "crops"), "--labels", str(labels), "--out", str(tmp_path / "t")]
    assert main([*command, "--skin", "classic"]) == 0
    assert "',.0123456789x'" in capsys.readouterr().out  # the comma of 1,234.56x too


def test_read_a_history_strip(tmp_path, capsys) -> None:
    frame = list(played_frames(SKINS["redhat"], SIZE, 40, 20, "cli-strip"))[-1]
    [path] = save(tmp_path, [frame.crop(regions(SIZE).history)])
    assert main(["ocr", "read", str(path), "--kind", "history", "--json"]) == 0
    [result] = json_lines(capsys)
    read = [(got, want) for got, want in zip(result["value"], frame.history, strict=False) if got is not None]
    assert len(read) >= 5 and all(got == want for got, want in read)


def test_unreadable_input_is_a_usage_error(tmp_path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["ocr", "read", str(tmp_path / "missing.png")]) == 2
    assert main(["ocr", "learn", str(tmp_path / "empty"), "--out", str(tmp_path)]) == 2
    assert "no images" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["phase", "button"])
def test_read_phase_and_button_crops(kind: str, capsys) -> None:
    files = sorted(REAL_CROPS.glob("Game Phase - *.png" if kind == "phase" else "Bet Phase - *.png"))
    assert main(["ocr", "read", *map(str, files), "--kind", kind]) == 0
    out = capsys.readouterr().out
    expected = (
        ["BETTING", "LOADING", "PLAYING", "ENDED"] if kind == "phase" else ["PLACE", "CASH_OUT", "WAITING"]
    )
    assert all(word in out for word in expected)


def test_read_amounts_in_a_sites_money_style(tmp_path, capsys) -> None:
    frame = next(played_frames(SKINS["manrope"], SIZE, 1, 1, "cli-amount"))  # writes 1.000,00 RSD
    [path] = save(tmp_path, [frame.crop(regions(SIZE).balance)])
    assert main(["ocr", "read", str(path), "--kind", "amount", "--json"]) == 0
    [result] = json_lines(capsys)
    assert result["value"] == 1000.0 and result["engine"] == "tesseract"


def test_learn_with_progress_prints_a_line_per_image_then_the_result(tmp_path, capsys) -> None:
    region = regions(SIZE).multiplier
    save(
        tmp_path / "lato", [f.crop(region) for f in played_frames(SKINS["lato-bold"], SIZE, 100, 0.5, "cli")]
    )
    images = len(list((tmp_path / "lato").glob("*.png")))  # counted apart from the command's own listing
    command = ["ocr", "learn", str(tmp_path / "lato"), "--out", str(tmp_path / "t"), "--interval", "0.5"]
    assert main([*command, "--progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    progress = [line for line in lines if line.startswith("progress ")]
    assert progress == [f"progress {n}/{images}" for n in range(1, images + 1)]
    assert lines[: len(progress)] == progress  # all before the report and the result
    assert lines[-1].startswith("templates for ") and lines[-1].endswith(str(tmp_path / "t" / "lato.npz"))
    assert main(command) == 0
    assert not [line for line in capsys.readouterr().out.splitlines() if line.startswith("progress")]


def test_learn_from_labels_with_progress_counts_the_labelled_images(tmp_path, capsys) -> None:
    crops = list(multiplier_crops(SKINS["classic"], SIZE, 30, "labels", first=(1234.56,)))
    files = save(tmp_path / "crops", [crop for crop, _ in crops])
    labels = tmp_path / "labels.csv"
    with labels.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            (path.name, format_multiplier(value)) for path, (_, value) in zip(files, crops, strict=True)
        )
    command = ["ocr", "learn", str(tmp_path / "crops"), "--labels", str(labels), "--out", str(tmp_path / "t")]
    assert main([*command, "--progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:-1] == [f"progress {n}/{len(crops)}" for n in range(1, len(crops) + 1)]
    assert "written to" in lines[-1]
