"""The application under measurement: the demo's simulator, workers, hub and writers, in a process
of its own so that the benchmark can watch its whole process tree from outside.

    .venv/bin/python -m benchmarks.app_child --bookmakers 12 --seconds 60 --db PATH --truth PATH

Prints `started` once every worker looks at the running clock and `finished` once the simulator has
played its rounds (the two ends of the measured window), then stops, drains and exits.
Like `aviator`'s own entry point it imports the application inside `main`: spawn re-imports this
module in every worker.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main() -> None:
    from aviator.orchestration.demo import Demo, DemoOptions

    parser = argparse.ArgumentParser()
    parser.add_argument("--bookmakers", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", required=True)
    parser.add_argument("--truth", type=Path, required=True)
    args = parser.parse_args()
    db = args.db if "://" in args.db else Path(args.db)
    minutes = args.seconds / 60
    demo = Demo(DemoOptions(args.bookmakers, None, minutes, args.speed, args.seed, db, args.truth))
    try:
        demo.start()
        print("started", flush=True)
        demo.wait_finished(lambda: None)
        print("finished", flush=True)
    finally:
        demo.stop()
        demo.close()


if __name__ == "__main__":
    main()
