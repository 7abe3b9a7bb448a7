"""`python -m aviator …` and the `aviator` command (pyproject's script entry point).

The command's script is its process's main module, and multiprocessing's spawn runs the main
module again in every worker it starts. Importing the CLI (every command and what it needs) only
inside `main` keeps that re-run light: a worker holds 68 MB instead of 102 MB (benchmarks/bench_app.py).
"""


def main() -> int:
    try:
        from aviator.cli import main as cli_main
    except ImportError as error:  # a dependency left out of the install: one line, not a traceback
        import sys

        from aviator.core.requirements import EXIT_MISSING, missing_python_package

        print(f"aviator: {missing_python_package(error)}", file=sys.stderr)
        return EXIT_MISSING
    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
