"""The example notebook executes headless without a failing cell."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_budget_notebook_runs():
    nb = nbformat.read(EXAMPLES / "budget.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()  # raises CellExecutionError if any cell fails
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "citizens are discharged to M-ACT under the plan" in text
    # The ready comparisons on the example register: a table per year for each.
    compared = [c for c in nb.cells if c.cell_type == "code" and "compare_register" in c.source]
    assert len(compared) == 1
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in compared[0].outputs)
    assert "difference_municipal_net" in shown and "step-2026" in shown and "reform" in shown
