"""Plot helpers (matplotlib, optional: ``pip install 'refusion[plot]'``).

Amounts are converted to ``float`` only to draw them; every figure you read from the objects
stays an exact ``Decimal``.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple, Union

from .api import ScenarioLike, cumulative, evaluate
from .results import BreakEven, Comparison, CurvePoint, Evaluation, MonteCarloResult, TornadoResult

__all__ = ["cumulative_cost", "break_even", "fan_chart", "tornado"]

_LABELS = {
    "municipal_net": "Municipal net cost (DKK)",
    "gross": "Gross cost (DKK)",
    "state_refusion": "State refusion (DKK)",
    "citizen_payment": "Citizen payment (DKK)",
}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - exercised without matplotlib only
        raise ImportError("plots need matplotlib: pip install 'refusion[plot]'") from e
    return plt


def _pathways(items: Sequence[Any], labels: Optional[Sequence[str]]) -> List[Tuple[str, Any]]:
    out: List[Tuple[str, Any]] = []
    for item in items:
        if isinstance(item, Comparison):
            out.append((item.a_label, item.a.scenario))
            out.append((item.b_label, item.b.scenario))
        elif isinstance(item, Evaluation):
            out.append((item.policy, item.scenario))
        else:
            name = item.get("name") if isinstance(item, dict) else getattr(item, "name", None)
            out.append((name or f"pathway {len(out) + 1}", item))
    if labels is not None:
        if len(labels) != len(out):
            raise ValueError(f"{len(labels)} labels for {len(out)} pathways")
        out = [(lab, s) for lab, (_, s) in zip(labels, out)]
    return out


def cumulative_cost(
    *pathways: Union[ScenarioLike, Comparison, Evaluation],
    labels: Optional[Sequence[str]] = None,
    payer: str = "municipal_net",
    ax: Any = None,
) -> Any:
    """Cumulative cost over time per pathway; the refund "cliff" — where a window's refunded
    nights reach the cap and the daily cost jumps — is marked on each curve.

    >>> import refusion, refusion.plot, matplotlib
    >>> matplotlib.use("Agg")
    >>> e2 = {"name": "E2", "citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
    ...     {"admitted": "2026-06-01", "discharged": "2027-01-01", "daily_rate": 1400, "own_payment_per_night": 100}]}
    >>> ax = refusion.plot.cumulative_cost(e2, {**e2, "name": "pre-reform", "policy": "pre-reform"})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['E2', 'pre-reform']
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    for label, scenario in _pathways(pathways, labels):
        points: List[CurvePoint] = cumulative(scenario)
        xs = [p.date for p in points]
        ys = [float(getattr(p, payer)) for p in points]
        (line,) = ax.plot(xs, ys, label=label, linewidth=2)
        cliffs = [t.start for t in evaluate(scenario).trace if t.kind == "shelter_cap_reached"]
        for c in cliffs:
            y = next((float(getattr(p, payer)) for p in points if p.date == c), None)
            if y is not None:
                ax.plot([c], [y], marker="o", color=line.get_color())
                ax.annotate("refund cap reached", (c, y), textcoords="offset points", xytext=(6, -12), fontsize=8)
    ax.set_ylabel(_LABELS.get(payer, payer))
    ax.set_title("Cumulative cost by pathway")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def break_even(result: BreakEven, *, payer: str = "municipality", ax: Any = None) -> Any:
    """The cost of staying against the support pathway, with the break-even night marked.

    ``payer`` is ``"municipality"`` (municipal net) or ``"public_sector"`` (municipality and
    state).

    >>> import refusion, refusion.plot, matplotlib
    >>> matplotlib.use("Agg")
    >>> from datetime import date
    >>> b = refusion.break_even({"citizen": {"birth_date": "1988-04-20"}, "admitted": date(2026, 6, 1),
    ...     "daily_rate": 1400, "own_payment_per_night": 100,
    ...     "support": {"method": "m-act", "annual_cost": 95000}})
    >>> ax = refusion.plot.break_even(b)
    >>> ax.get_title()
    'Break-even for the municipality: night 119 (2026-09-27)'
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))

    def value(p: CurvePoint) -> float:
        if payer == "municipality":
            return float(p.municipal_net)
        return float(p.gross - p.citizen_payment)

    ax.plot([p.date for p in result.stay_curve], [value(p) for p in result.stay_curve], label="stay in shelter", linewidth=2)
    ax.plot([p.date for p in result.support_curve], [value(p) for p in result.support_curve], label="discharge to support", linewidth=2)
    point = result.municipality if payer == "municipality" else result.public_sector
    total = result.support_pathway.municipal_net if payer == "municipality" else result.support_pathway.public_sector
    ax.axhline(float(total), linestyle="--", color="grey", label="support pathway over the horizon")
    who = "the municipality" if payer == "municipality" else "the public sector"
    if point is not None:
        ax.axvline(point.date, linestyle=":", color="black")
        ax.annotate(f"night {point.night}", (point.date, float(total)), textcoords="offset points", xytext=(6, 6))
        ax.set_title(f"Break-even for {who}: night {point.night} ({point.date})")
    else:
        ax.set_title(f"No break-even for {who} within the horizon")
    ax.set_ylabel("Cumulative cost (DKK)")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def fan_chart(result: MonteCarloResult, *, ax: Any = None) -> Any:
    """The Monte Carlo band per year: P5–P95 shaded, the median as a line.

    >>> import refusion, refusion.plot, matplotlib
    >>> matplotlib.use("Agg")
    >>> mc = refusion.monte_carlo({"plan": {"cohort": {"seed": 1, "citizens": 30}, "discharge_after_nights": 90,
    ...     "caseload": 20}, "run": {"draws": 10, "seed": 1}})
    >>> refusion.plot.fan_chart(mc).get_title()
    'Municipal net effect per year (10 draws): P5–P95 and median'
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    frame = result.to_frame()
    years = list(frame.index)
    ax.fill_between(years, [float(v) for v in frame.p5], [float(v) for v in frame.p95], alpha=0.3, label="P5–P95")
    ax.plot(years, [float(v) for v in frame.p50], marker="o", label="median (P50)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(years)
    ax.set_ylabel("DKK (negative = saving)")
    ax.set_title(f"Municipal net effect per year ({result.draws} draws): P5–P95 and median")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def tornado(result: TornadoResult, *, ax: Any = None) -> Any:
    """Horizontal bars of the total municipal effect with each input at its low and high end.

    >>> import refusion, refusion.plot, matplotlib
    >>> matplotlib.use("Agg")
    >>> t = refusion.tornado({"plan": {"cohort": {"seed": 1, "citizens": 30}, "discharge_after_nights": 90, "caseload": 20}})
    >>> refusion.plot.tornado(t).get_title()
    'Sensitivity of the total municipal effect'
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    frame = result.to_frame()
    base = float(result.base)
    labels = list(frame.index)[::-1]
    for i, name in enumerate(labels):
        low, high = float(frame.loc[name, "at_low"]), float(frame.loc[name, "at_high"])
        ax.barh(i, low - base, left=base, color="#1f5fa8")
        ax.barh(i, high - base, left=base, color="#b8420f")
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_xlabel("Total municipal effect (DKK); blue: input low, orange: input high")
    ax.set_title("Sensitivity of the total municipal effect")
    return ax
