"""What every benchmark of this package shares: the machine's state, percentiles, the JSON file."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results"


def machine() -> dict[str, Any]:
    """The machine is shared: the load average says how much of it the benchmark really had."""
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }


def spread(samples: list[float], scale: float = 1.0, digits: int = 3) -> dict[str, float]:
    """Median, p99 and max of `samples` (times `scale`, e.g. 1000 for seconds to ms)."""
    values = np.asarray(samples, dtype=float) * scale
    return {
        "n": len(values),
        "median": round(float(np.median(values)), digits),
        "p99": round(float(np.percentile(values, 99)), digits),
        "max": round(float(values.max()), digits),
    }


def write_result(name: str, result: dict[str, Any], out: Path | None = None) -> Path:
    """Writes `result` with the machine's state to benchmarks/results/<name>.json (or `out`)."""
    path = out or RESULTS / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"benchmark": name, "machine": machine(), **result}, indent=2) + "\n")
    return path
