"""What a command needs from outside its Python code (a model file, system libraries, a display, a
database server), and the one-line error that names what is missing and how to get it.

A missing requirement is not a bug: the user gets one line and exit code EXIT_MISSING, never a
traceback, and a worker process that meets one is not restarted (restarting cannot install it).
"""

from __future__ import annotations

EXIT_MISSING = 69  # sysexits EX_UNAVAILABLE, for a command or a worker process that lacks a requirement
SYSTEM_PACKAGES = "`sudo make system`"  # the Debian packages of scripts/ensure_system.sh
REINSTALL = "install aviator with its dependencies: `make demo` (or .venv/bin/pip install -e .)"


class MissingRequirement(RuntimeError):
    """Something a command needs is not there; its message says, in one line, what and how to install it."""

    def __init__(self, what: str, how: str) -> None:
        super().__init__(f"{what}: {how}")
        self.what, self.how = what, how


def missing_python_package(error: ImportError) -> MissingRequirement:
    """An import that failed: a Python package the install left out, or a system library it needs."""
    if isinstance(error, ModuleNotFoundError):
        return MissingRequirement(
            f"the Python package {error.name!r} is missing",
            REINSTALL,
        )
    what = f"a library failed to load ({one_line(error)})"
    return MissingRequirement(what, f"install {SYSTEM_PACKAGES}")


def one_line(error: BaseException) -> str:
    """An error's text on one line (a library's messages may span several)."""
    text = " ".join(str(error).split())
    return text or type(error).__name__
