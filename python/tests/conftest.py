import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
os.environ.setdefault("MPLBACKEND", "Agg")
