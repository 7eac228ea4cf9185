"""Result objects: exact ``Decimal`` amounts, pandas frames and Jupyter tables."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from . import _core, _csv, _excel
from ._convert import day, dec
from ._format import display_lang, format_dkk, html_table

__all__ = [
    "Totals",
    "Nights",
    "Line",
    "YearTotals",
    "TraceEntry",
    "TraceFacts",
    "TraceSource",
    "RefundWindow",
    "RefundPeriod",
    "Evaluation",
    "YearComparison",
    "Comparison",
    "CurvePoint",
    "BreakEvenPoint",
    "BreakEven",
    "Placement",
    "TeamCost",
    "RegisterResult",
    "RegisterCsvResult",
    "PolicyComparison",
    "PlanResult",
    "BudgetResult",
    "MonteCarloResult",
    "TornadoResult",
]

PAYERS = ("gross", "citizen_payment", "state_refusion", "municipal_net")
_LABELS = {
    "gross": "Gross",
    "citizen_payment": "Citizen",
    "state_refusion": "State refusion",
    "municipal_net": "Municipal net",
}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised without pandas only
        raise ImportError(
            "this needs pandas: pip install 'refusion[pandas]'"
        ) from e
    return pandas


@dataclass(frozen=True)
class Totals:
    """The four exact totals (``Decimal``, rounded to the øre; ``municipal_net`` is taken from
    the rounded figures so ``gross == citizen_payment + state_refusion + municipal_net``)."""

    gross: Decimal
    citizen_payment: Decimal
    state_refusion: Decimal
    municipal_net: Decimal

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "Totals":
        return cls(*(dec(d[k]) for k in PAYERS))

    @property
    def public_sector(self) -> Decimal:
        """Municipality plus state: ``gross − citizen_payment``."""
        return self.gross - self.citizen_payment

    def as_dict(self) -> Dict[str, Decimal]:
        """``{payer: amount}``."""
        return {k: getattr(self, k) for k in PAYERS}

    def _repr_html_(self) -> str:
        return html_table(["", "DKK"], [(_LABELS[k], getattr(self, k)) for k in PAYERS])


@dataclass(frozen=True)
class Nights:
    """Night and day counts."""

    shelter_nights: int
    shelter_refunded_nights: int
    support_days: int
    support_refunded_days: int
    temporary_housing_nights: int
    temporary_housing_refunded_nights: int


@dataclass(frozen=True)
class Line:
    """A run of nights (support: days) of one spell in one calendar year, treated alike."""

    kind: str
    spell: int
    start: _dt.date
    end: _dt.date
    year: int
    nights: int
    refunded_nights: int
    gross: Decimal
    citizen_payment: Decimal
    state_refusion: Decimal
    municipal_net: Decimal
    rule: str


@dataclass(frozen=True)
class YearTotals:
    """Totals for one calendar year."""

    year: int
    gross: Decimal
    citizen_payment: Decimal
    state_refusion: Decimal
    municipal_net: Decimal


@dataclass(frozen=True)
class TraceSource:
    """A source behind a trace entry: the rule it supports, its id in the catalog
    (``refusion.sources()``; ``override`` for a policy override), citation and address."""

    rule: str
    id: str
    citation: str
    url: str


@dataclass(frozen=True)
class TraceFacts:
    """The values an explanation uses besides the counts, as the core records them. Nested
    values stay plain data: ``window`` is ``{"start", "end"}``, ``cap`` is ``{"nights", "from",
    "from_age"?, "until_age"?, "until"?}``, ``period`` is ``{"rule", "discharge", "span",
    "refunded"?, "allowance"?, "refunded_nights"?, "reading"?}`` (``allowance``: the § 107
    nights the period may refund; ``reading``: ``"cumulative"`` or ``"consecutive"``),
    ``support`` is ``{"method", "annual_cost"}`` and ``route`` — the route of § 176 a stk. 1
    that refunds a § 85 a line — is ``{"route": "before_discharge"}`` (nr. 1) or
    ``{"route": "after_temporary", "temporary", "discharge", "temporary_end"}`` (nr. 2:
    straight from the discharge into the § 107 stay ``temporary_housing[temporary]``)
    (dates as ISO text)."""

    policy: str
    window: Optional[Dict[str, Any]] = None
    window_mode: Optional[str] = None
    cap: Optional[Dict[str, Any]] = None
    reform_date: Optional[_dt.date] = None
    period: Optional[Dict[str, Any]] = None
    support: Optional[Dict[str, Any]] = None
    route: Optional[Dict[str, Any]] = None
    support_years: Optional[int] = None
    temporary_months: Optional[int] = None
    temporary_within_years: Optional[int] = None

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "TraceFacts":
        kwargs = dict(d)
        if kwargs.get("reform_date") is not None:
            kwargs["reform_date"] = day(kwargs["reform_date"])
        return cls(**kwargs)


@dataclass(frozen=True)
class TraceEntry:
    """One step of the explanation, written by the core in English (``text``) and Danish
    (``text_da``). ``str(entry)`` is ``[rule] text`` in the display language."""

    rule: str
    kind: str
    spell: str
    start: _dt.date
    end: _dt.date
    nights: int
    refunded_nights: int
    rate: Optional[str]
    parameter: Optional[Dict[str, Any]]
    facts: TraceFacts
    sources: List[TraceSource]
    text: str
    text_da: str

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "TraceEntry":
        return cls(
            rule=d["rule"], kind=d["kind"], spell=d["spell"], start=day(d["start"]), end=day(d["end"]),
            nights=d["nights"], refunded_nights=d["refunded_nights"], rate=d.get("rate"),
            parameter=d.get("parameter"), facts=TraceFacts._from(d["facts"]),
            sources=[TraceSource(**x) for x in d["sources"]], text=d["text"], text_da=d["text_da"],
        )

    def text_in(self, lang: Optional[str] = None) -> str:
        """The text in ``lang`` (``"da"`` or ``"en"``; the display language when ``None``)."""
        return self.text_da if display_lang(lang) == "da" else self.text

    def __str__(self) -> str:
        return f"[{self.rule}] {self.text_in()}"


@dataclass(frozen=True)
class RefundWindow:
    """A refund window (R4)."""

    start: _dt.date
    end: _dt.date
    nights: int
    refunded_nights: int
    max_cap: int


@dataclass(frozen=True)
class RefundPeriod:
    """A § 176 a period (R8 for § 85 a, R9 for § 107). For R9: ``refunded_start`` is the
    first decided § 107 night, ``allowance`` the nights the period may refund (to six months
    later), ``refunded_nights`` the decided nights it refunded, and ``refunded_end`` the day
    after the last refundable night (reading ``consecutive``) or the last refunded one
    (``cumulative``)."""

    rule: str
    discharge: _dt.date
    start: _dt.date
    end: _dt.date
    refunded_start: Optional[_dt.date] = None
    refunded_end: Optional[_dt.date] = None
    allowance: Optional[int] = None
    refunded_nights: Optional[int] = None


def _dated(cls: Any, d: Mapping[str, Any]) -> Any:
    kwargs = {}
    for f in fields(cls):
        if f.name not in d:
            continue
        v = d[f.name]
        if f.name in PAYERS:
            v = dec(v)
        elif f.name in ("start", "end", "discharge", "refunded_start", "refunded_end", "date") and v is not None:
            v = day(v)
        kwargs[f.name] = v
    return cls(**kwargs)


class Evaluation:
    """The result of evaluating a scenario.

    >>> import refusion
    >>> r = refusion.evaluate({"citizen": {"birth_date": "1988-04-20"},
    ...     "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
    ...                        "daily_rate": "1400", "own_payment_per_night": "100"}]})
    >>> r.totals.municipal_net
    Decimal('219700.00')
    >>> r.nights.shelter_refunded_nights
    90
    """

    def __init__(self, raw: Mapping[str, Any], scenario: Optional[Mapping[str, Any]] = None) -> None:
        self.raw = raw
        self.scenario = scenario
        self.policy: str = raw["policy"]
        self.totals = Totals._from(raw["totals"])
        self.nights = Nights(**raw["nights"])
        self.lines: List[Line] = [_dated(Line, x) for x in raw["lines"]]
        self.years: List[YearTotals] = [_dated(YearTotals, x) for x in raw["years"]]
        self.windows: List[RefundWindow] = [_dated(RefundWindow, x) for x in raw["windows"]]
        self.periods: List[RefundPeriod] = [_dated(RefundPeriod, x) for x in raw["periods"]]
        self.trace: List[TraceEntry] = [TraceEntry._from(x) for x in raw["trace"]]

    def __repr__(self) -> str:
        t = self.totals
        return (
            f"<Evaluation {self.policy}: gross {t.gross}, citizen {t.citizen_payment}, "
            f"refusion {t.state_refusion}, municipal net {t.municipal_net}>"
        )

    def explain(self, lang: Optional[str] = None) -> str:
        """The explanation trace as text, one rule application per line, as the core writes it:
        in Danish (``text_da``) when the display language is ``"da"`` (the default), in English
        (``text``) for ``"en"`` — see :func:`refusion.set_display_locale` — or in ``lang``.

        Here with a cap of the analyst's own (60 nights) in place of the statutory one:

        >>> import refusion
        >>> r = refusion.evaluate({"citizen": {"birth_date": "1988-04-20"},
        ...     "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
        ...                        "daily_rate": "1400", "own_payment_per_night": "100"}],
        ...     "policy": {"preset": "statutory", "overrides": {"cap_nights": 60}}})
        >>> print(r.explain().splitlines()[0])
        [R4] 1. jun. 2026: et refusionsvindue åbner og løber til 31. maj 2027. 60 af vinduets 214 nætter refunderes (sbst.dk, Omstilling af hjemløshedsområdet; refusion, docs/conventions.md).
        >>> print(r.explain(lang="en").splitlines()[2])  # doctest: +ELLIPSIS
        [R2/R3] 2026-07-31–2026-12-31: 154 nights not refunded: window 2026-06-01–2027-05-31 has reached its cap of refunded nights (cap 60 from ..., policy override)
        """
        lang = display_lang(lang)
        return "\n".join(f"[{t.rule}] {t.text_in(lang)}" for t in self.trace)

    def to_frame(self) -> Any:
        """The lines as a DataFrame (amounts are exact ``Decimal`` objects).

        >>> import refusion
        >>> r = refusion.evaluate({"citizen": {"birth_date": "1988-04-20"},
        ...     "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
        ...                        "daily_rate": "1400", "own_payment_per_night": "100"}]})
        >>> r.to_frame()[["start", "nights", "refunded_nights", "state_refusion", "rule"]]
                start  nights  refunded_nights state_refusion rule
        0  2026-06-01      90               90       58500.00   R3
        1  2026-08-30     124                0           0.00   R3
        """
        pd = _pandas()
        cols = [f.name for f in fields(Line)]
        return pd.DataFrame([[getattr(x, c) for c in cols] for x in self.lines], columns=cols)

    def by_year(self) -> Any:
        """A calendar year × payer table (rows: years; columns: the four payers).

        >>> import refusion
        >>> r = refusion.evaluate({"citizen": {"birth_date": "1988-04-20"},
        ...     "shelter_stays": [{"admitted": "2026-10-01", "discharged": "2027-01-01",
        ...                        "daily_rate": "1400", "own_payment_per_night": "100"}],
        ...     "home_support": [{"method": "m-act", "start": "2027-01-01", "end": "2029-01-01",
        ...                       "annual_cost": "95000", "decided_before_discharge": True}]})
        >>> r.by_year()
                  gross citizen_payment state_refusion municipal_net
        year
        2026  128800.00         9200.00       58500.00      61100.00
        2027   95000.00            0.00       47500.00      47500.00
        2028   95260.27            0.00       47630.14      47630.13
        """
        pd = _pandas()
        frame = pd.DataFrame(
            [[getattr(y, k) for k in PAYERS] for y in self.years],
            columns=list(PAYERS),
            index=pd.Index([y.year for y in self.years], name="year"),
        )
        return frame

    def trace_frame(self) -> Any:
        """The trace as a DataFrame."""
        pd = _pandas()
        cols = [f.name for f in fields(TraceEntry)]
        return pd.DataFrame([[getattr(t, c) for c in cols] for t in self.trace], columns=cols)

    def _repr_html_(self) -> str:
        t = self.totals
        head = html_table(
            ["", "DKK"],
            [(_LABELS[k], getattr(t, k)) for k in PAYERS],
            caption=f"refusion · policy {self.policy}",
        )
        years = html_table(
            ["Year", *(_LABELS[k] for k in PAYERS)],
            [(y.year, *(getattr(y, k) for k in PAYERS)) for y in self.years],
            caption="By calendar year",
        )
        n = self.nights
        note = (
            f"<p>§ 110 nights: {n.shelter_nights} ({n.shelter_refunded_nights} refunded)"
            + (f" · § 85 a days: {n.support_days} ({n.support_refunded_days} refunded)" if n.support_days else "")
            + (f" · § 107 nights: {n.temporary_housing_nights} ({n.temporary_housing_refunded_nights} refunded)" if n.temporary_housing_nights else "")
            + "</p>"
        )
        return head + note + years


@dataclass(frozen=True)
class YearComparison:
    """One year of a comparison: A, B and B − A."""

    year: int
    a: Totals
    b: Totals
    difference: Totals


class Comparison:
    """Two pathways side by side.

    >>> import refusion
    >>> stay = {"name": "stay", "citizen": {"birth_date": "1988-04-20"},
    ...         "shelter_stays": [{"admitted": "2026-10-01", "discharged": "2027-04-01",
    ...                            "daily_rate": "1400", "own_payment_per_night": "100"}]}
    >>> mact = {"name": "m-act", "citizen": {"birth_date": "1988-04-20"},
    ...         "shelter_stays": [{"admitted": "2026-10-01", "discharged": "2027-01-01",
    ...                            "daily_rate": "1400", "own_payment_per_night": "100"}],
    ...         "home_support": [{"method": "m-act", "start": "2027-01-01", "end": "2027-04-01",
    ...                           "annual_cost": "95000", "decided_before_discharge": True}]}
    >>> c = refusion.compare(stay, mact)
    >>> c.cheaper_for_municipality, c.difference.municipal_net
    ('m-act', Decimal('-105287.67'))
    """

    def __init__(self, raw: Mapping[str, Any], a: Optional[Mapping[str, Any]] = None, b: Optional[Mapping[str, Any]] = None) -> None:
        self.raw = raw
        self.a_label: str = raw["a"]["label"]
        self.b_label: str = raw["b"]["label"]
        self.a = Evaluation(raw["a"]["evaluation"], a)
        self.b = Evaluation(raw["b"]["evaluation"], b)
        self.difference = Totals._from(raw["difference"])
        self.years = [
            YearComparison(y["year"], Totals._from(y["a"]), Totals._from(y["b"]), Totals._from(y["difference"]))
            for y in raw["years"]
        ]
        self.cheaper_for_municipality: Optional[str] = raw["cheaper_for_municipality"]
        self.cheaper_for_public_sector: Optional[str] = raw["cheaper_for_public_sector"]

    def __repr__(self) -> str:
        return f"<Comparison {self.a_label!r} vs {self.b_label!r}: B − A municipal net {self.difference.municipal_net}>"

    def to_frame(self) -> Any:
        """A tidy DataFrame: one row per pathway (A, B, and "B − A"), calendar year and payer.

        >>> import refusion
        >>> c = refusion.compare(
        ...     {"name": "A", "citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
        ...       {"admitted": "2026-06-01", "discharged": "2026-07-31", "daily_rate": 1400, "own_payment_per_night": 100}]},
        ...     {"name": "B", "citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
        ...       {"admitted": "2026-06-01", "discharged": "2027-01-01", "daily_rate": 1400, "own_payment_per_night": 100}]})
        >>> f = c.to_frame()
        >>> f[(f.payer == "municipal_net")]
           pathway  year          payer     amount
        3        A  2026  municipal_net   39000.00
        7        B  2026  municipal_net  219700.00
        11   B − A  2026  municipal_net  180700.00
        """
        pd = _pandas()
        rows = []
        for label, attr in ((self.a_label, "a"), (self.b_label, "b"), ("B − A", "difference")):
            for y in self.years:
                t = getattr(y, attr)
                for k in PAYERS:
                    rows.append((label, y.year, k, getattr(t, k)))
        return pd.DataFrame(rows, columns=["pathway", "year", "payer", "amount"])

    def totals_frame(self) -> Any:
        """The totals: rows A, B, "B − A"; columns the four payers."""
        pd = _pandas()
        data = [self.a.totals, self.b.totals, self.difference]
        return pd.DataFrame(
            [[getattr(t, k) for k in PAYERS] for t in data],
            columns=list(PAYERS),
            index=pd.Index([self.a_label, self.b_label, "B − A"], name="pathway"),
        )

    def _repr_html_(self) -> str:
        rows = [
            (_LABELS[k], getattr(self.a.totals, k), getattr(self.b.totals, k), getattr(self.difference, k))
            for k in PAYERS
        ]
        head = html_table(["", self.a_label, self.b_label, "B − A"], rows, caption="Comparison (DKK)")
        years = html_table(
            ["Year", f"{self.a_label}: municipal net", f"{self.b_label}: municipal net", "B − A"],
            [(y.year, y.a.municipal_net, y.b.municipal_net, y.difference.municipal_net) for y in self.years],
            caption="Municipal net by calendar year",
        )
        cheaper = self.cheaper_for_municipality or "neither (equal)"
        return head + years + f"<p>Cheaper for the municipality: <b>{_esc(cheaper)}</b></p>"


def _esc(s: str) -> str:
    import html

    return html.escape(s)


@dataclass(frozen=True)
class CurvePoint:
    """Cumulative cost up to (not including) ``date``."""

    date: _dt.date
    day: int
    gross: Decimal
    citizen_payment: Decimal
    state_refusion: Decimal
    municipal_net: Decimal


def curve_frame(points: List[CurvePoint]) -> Any:
    """Curve points as a DataFrame."""
    pd = _pandas()
    cols = [f.name for f in fields(CurvePoint)]
    return pd.DataFrame([[getattr(p, c) for c in cols] for p in points], columns=cols)


@dataclass(frozen=True)
class BreakEvenPoint:
    """The night from which discharge to support is cheaper."""

    night: int
    date: _dt.date
    stay_cost: Decimal
    support_cost: Decimal


class BreakEven:
    """The answer to a break-even query (see README, "Break-even, precisely")."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.admitted = day(raw["admitted"])
        self.discharge = day(raw["discharge"])
        self.horizon_end = day(raw["horizon_end"])
        self.support_pathway = Totals._from(raw["support_pathway"])
        self.stay_whole_horizon = Totals._from(raw["stay_whole_horizon"])

        def point(p: Optional[Mapping[str, Any]]) -> Optional[BreakEvenPoint]:
            if p is None:
                return None
            return BreakEvenPoint(p["night"], day(p["date"]), dec(p["stay_cost"]), dec(p["support_cost"]))

        self.municipality = point(raw["municipality"])
        self.public_sector = point(raw["public_sector"])
        self.stay_curve = [_dated(CurvePoint, p) for p in raw["stay_curve"]]
        self.support_curve = [_dated(CurvePoint, p) for p in raw["support_curve"]]

    def __repr__(self) -> str:
        m = self.municipality.night if self.municipality else None
        p = self.public_sector.night if self.public_sector else None
        return f"<BreakEven municipality night {m}, public sector night {p}>"

    def curves_frame(self) -> Any:
        """Both cumulative curves in one DataFrame with a ``pathway`` column."""
        pd = _pandas()
        a = curve_frame(self.stay_curve).assign(pathway="stay")
        b = curve_frame(self.support_curve).assign(pathway="support")
        return pd.concat([a, b], ignore_index=True)

    def _repr_html_(self) -> str:
        rows = []
        for who, p in (("Municipality", self.municipality), ("Public sector", self.public_sector)):
            if p is None:
                rows.append((who, "none within the horizon", "", ""))
            else:
                rows.append((who, f"night {p.night} ({p.date})", p.stay_cost, p.support_cost))
        return html_table(
            ["", "Break-even", "Cost of staying", "Support pathway"],
            rows,
            caption=f"Break-even (admitted {self.admitted}, discharge {self.discharge}, horizon to {self.horizon_end})",
        )


@dataclass(frozen=True)
class Placement:
    """A cost per citizen-year against the Rambøll M-ACT range."""

    cost: Decimal
    mean: Decimal
    low: Decimal
    high: Decimal
    position: str
    vs_mean: Decimal
    vs_mean_percent: Decimal
    source: str
    url: str
    text: str

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "Placement":
        return cls(
            dec(d["cost"]), dec(d["mean"]), dec(d["low"]), dec(d["high"]), d["position"],
            dec(d["vs_mean"]), dec(d["vs_mean_percent"]), d["source"], d["url"], d["text"],
        )


class TeamCost:
    """The cost of an M-ACT team per year and per citizen-year."""

    def __init__(self, raw: Mapping[str, Any], model: Mapping[str, Any]) -> None:
        self.raw = raw
        self.model = model
        for k in (
            "staff_cost", "other_operating_cost", "operating_cost", "establishment_per_year",
            "total_per_year", "operating_per_citizen_year", "total_per_citizen_year",
        ):
            setattr(self, k, dec(raw[k]))
        self.caseload: int = raw["caseload"]
        self.by_function = [
            {"function": f["function"], "fte": dec(f["fte"]), "annual": dec(f["annual"])} for f in raw["by_function"]
        ]
        self.placement = Placement._from(raw["placement"])
        self.warnings: List[str] = raw["warnings"]
        self.illustrative: bool = raw["illustrative"]

    def __repr__(self) -> str:
        return f"<TeamCost {self.operating_per_citizen_year} DKK per citizen-year (operating), {self.placement.position}>"

    def _repr_html_(self) -> str:
        rows = [
            ("Staff", self.staff_cost),
            ("Other operating", self.other_operating_cost),
            ("Operating total", self.operating_cost),
            ("Establishment per year", self.establishment_per_year),
            ("Total per year", self.total_per_year),
            (f"Operating per citizen-year ({self.caseload} citizens)", self.operating_per_citizen_year),
            ("Total per citizen-year", self.total_per_citizen_year),
        ]
        note = "<p><b>Illustrative figures, not sourced.</b></p>" if self.illustrative else ""
        return note + html_table(["", "DKK"], rows, caption="M-ACT team cost") + f"<p>{_esc(self.placement.text)}</p>"


class RegisterResult:
    """Totals of a stay register: ``citizens``, ``citizen_years`` and ``years`` DataFrames, and
    ``totals``. Money is exact: Arrow-backed decimals (``pd.ArrowDtype(pa.decimal128(38, 2))``)
    when pyarrow is installed, else ``Decimal`` objects. The result stays in Rust; each frame
    is built on first use; ``to_arrow`` and ``to_polars`` give the same tables without any
    Python object."""

    def __init__(self, raw: Any, labels: Any, labels_arrow: Any = None, *, policy_json: Optional[str] = None,
                 scenario_of: Optional[Callable[[int], Dict[str, Any]]] = None, file: Any = None,
                 ids: Optional[List[str]] = None) -> None:
        self._raw = raw
        self._pandas_labels = labels
        self._labels_arrow = labels_arrow
        self._ids = ids  # the ids as text (a register read from a file)
        self._policy_json = policy_json
        self._scenario_of = scenario_of  # citizen number -> the citizen's scenario (frames, Arrow)
        self._file = file  # the register as read (read_register): ids and explanations in Rust
        self.policy: str = raw.policy
        self.rows: int = raw.rows
        self.n_citizens: int = raw.n_citizens
        t = raw.totals()
        self.totals = Totals(*(Decimal(t[k]) for k in PAYERS))
        self._frames: Dict[str, Any] = {}

    @property
    def _labels(self) -> Any:
        """The citizens' ids as a pandas Index (from the Arrow ids when the register was Arrow)."""
        if self._pandas_labels is None:
            pd = _pandas()
            if self._ids is not None:
                self._pandas_labels = pd.Index(self._ids)
            else:
                self._pandas_labels = pd.Index(_pyarrow().array(self._labels_arrow).to_pandas())
        return self._pandas_labels

    def _ids_arrow(self) -> Any:
        pa = _pyarrow()
        if self._labels_arrow is None:
            self._labels_arrow = pa.array(self._ids if self._ids is not None else self._pandas_labels)
        return pa.array(self._labels_arrow)

    def _id_values(self) -> List[Any]:
        """The citizens' ids as Python values, by citizen number."""
        if self._ids is not None:
            return list(self._ids)
        if self._pandas_labels is not None:
            return list(self._pandas_labels.tolist())
        return list(_pyarrow().array(self._labels_arrow).to_pylist())

    def to_excel(self, path: _excel.PathOrBinary, *, lang: str = "da", explain: Any = None) -> None:
        """The result as an Excel workbook (``.xlsx``), written by the core's workbook writer
        (the one of ``refusion register --xlsx`` and the page): an overview, the years by payer,
        the citizens, the citizen-years and the parameters with their sources and price years.
        Money is in number cells to the øre (no formulas); where the rounded per-citizen rows
        do not add up to the total, a row states the rounding difference.

        ``path`` is a file path or a binary file object. ``lang="da"`` (the default) writes
        Danish sheets, ``lang="en"`` English ones. ``explain="E1"`` adds a sheet with that
        citizen's explanation: the citizen's rows of the register (and support rows) evaluated
        by the core under the register's policy, every rule with its source.

        >>> import io, refusion, pandas as pd
        >>> r = refusion.evaluate_register(pd.DataFrame({"citizen_id": ["E2"],
        ...     "birth_date": ["1988-04-20"], "admitted": ["2026-06-01"], "discharged": ["2027-01-01"],
        ...     "daily_rate": ["1400"], "own_payment_per_night": ["100"]}))
        >>> out = io.BytesIO()
        >>> r.to_excel(out, explain="E2")
        >>> out.getvalue()[:2]
        b'PK'
        """
        lang = _excel.lang_of(lang)
        if self._file is not None:
            who = None if explain is None else str(explain)
            data = _core.register_file_workbook(_engine(), self._raw, self._file, who, lang)
            return _excel.emit(data, path)
        if self._policy_json is None:
            raise ValueError("this result does not know its policy; evaluate it with refusion.evaluate_register")
        values = self._id_values()
        ids = [str(v) for v in values]
        explained: Optional[Tuple[str, str]] = None
        if explain is not None:
            import json

            g = _citizen_number(values, explain)
            if self._scenario_of is None:
                raise ValueError("this result cannot explain a citizen; evaluate it with refusion.evaluate_register")
            explained = (ids[g], json.dumps(self._scenario_of(g), ensure_ascii=False))
        data = _core.register_workbook(_engine(), self._raw, self._policy_json, ids, explained, lang)
        return _excel.emit(data, path)

    def _frame(self, key: str) -> Any:
        if key not in self._frames:
            self._frames[key] = self.frame(key)
        return self._frames[key]

    def to_arrow(self, level: str = "citizens", *, money: str = "decimal") -> Any:
        """One level (``"citizens"``, ``"citizen_years"`` or ``"years"``) as a ``pyarrow.Table``:
        ``citizen_id`` (the type of the register's id column) or ``year`` first, counts as
        int64, money as exact ``decimal128(38, 2)`` (``money="ore"``: int64 øre in columns
        ``gross_ore``, …). It holds no Python objects.

        >>> import refusion, pyarrow as pa, datetime as dt
        >>> stays = pa.table({"citizen_id": ["E1"], "birth_date": [dt.date(1988, 4, 20)],
        ...     "admitted": [dt.date(2026, 6, 1)], "discharged": [dt.date(2026, 7, 31)],
        ...     "daily_rate": pa.array([1400], pa.int64()), "own_payment_per_night": [100]})
        >>> t = refusion.evaluate_register(stays).to_arrow("citizens")
        >>> t.schema.field("municipal_net").type
        Decimal128Type(decimal128(38, 2))
        >>> t.column("municipal_net").to_pylist()
        [Decimal('39000.00')]
        """
        _check_level(level)
        if money not in ("decimal", "ore"):
            raise ValueError(f"money must be 'decimal' or 'ore', not {money!r}")
        pa = _pyarrow()
        table = pa.table(self._raw.arrow(level, money == "ore"))
        if level == "years":
            return table
        ids = self._ids_arrow().take(table.column("group"))
        return table.drop_columns(["group"]).add_column(0, "citizen_id", ids)

    def to_polars(self, level: str = "citizens", *, money: str = "decimal") -> Any:
        """One level as a ``polars.DataFrame`` (money as ``pl.Decimal(38, 2)``, or int64 øre with
        ``money="ore"``): ``to_arrow`` handed to polars, without a copy where polars can share
        the buffers."""
        import polars as pl

        return pl.from_arrow(self.to_arrow(level, money=money))

    def frame(self, level: str = "citizens", *, money: Optional[str] = None) -> Any:
        """A frame at one ``level``: ``"citizens"``, ``"citizen_years"`` or ``"years"``.

        ``money="arrow"`` (the default when pyarrow is installed) gives exact Arrow-backed
        decimal columns (``pd.ArrowDtype(pa.decimal128(38, 2))``): their values are
        ``Decimal`` objects when read one by one, and sums and comparisons stay exact and
        fast. ``money="decimal"`` (the default without pyarrow) gives columns of ``Decimal``
        objects. ``money="ore"`` gives exact int64 columns in øre instead (``gross_ore``, …),
        the fastest to build and to aggregate (``df.gross_ore.sum() / 100``).
        """
        import numpy as np

        _check_level(level)
        if money is None:
            money = "arrow" if _has_pyarrow() else "decimal"
        if money not in ("arrow", "decimal", "ore"):
            raise ValueError(f"money must be 'arrow', 'decimal' or 'ore', not {money!r}")
        pd = _pandas()
        if money == "arrow":
            pa = _pyarrow()
            table = pa.table(self._raw.arrow(level))
            data: Dict[str, Any] = {}
            for name, column in zip(table.column_names, table.columns):
                if name == "group":
                    data["citizen_id"] = self._labels.take(column.to_numpy())
                elif pa.types.is_decimal(column.type):
                    data[name] = pd.array(column.combine_chunks(), dtype=pd.ArrowDtype(column.type))
                else:
                    data[name] = column.to_numpy()
            frame = pd.DataFrame(data, copy=False)
            return frame.set_index("year") if level == "years" else frame
        in_ore = money == "ore"
        cols = getattr(self._raw, level)(in_ore)
        data = {}
        for k, v in cols.items():
            if k == "group":
                data["citizen_id"] = self._labels.take(np.frombuffer(v, dtype="<i8"))
            elif k in PAYERS:
                if in_ore:
                    data[f"{k}_ore"] = np.frombuffer(v, dtype="<i8")
                else:
                    data[k] = np.array(list(map(Decimal, v.split("\n"))) if v else [], dtype=object)
            else:
                data[k] = np.frombuffer(v, dtype="<i8")
        frame = pd.DataFrame(data, copy=False)
        return frame.set_index("year") if level == "years" else frame

    @property
    def citizens(self) -> Any:
        """One row per citizen (in order of first appearance)."""
        return self._frame("citizens")

    @property
    def citizen_years(self) -> Any:
        """One row per citizen and calendar year."""
        return self._frame("citizen_years")

    @property
    def years(self) -> Any:
        """Per calendar year over all citizens: the municipality's refund claim by year."""
        return self._frame("years")

    def to_csv(self, path: _csv.PathOrBuffer = None, *, table: str = "years", dialect: str = "en") -> Optional[str]:
        """One of the tables as CSV, written by the core's CSV writer (the one of the command
        line and the page, so the file is byte for byte theirs): to ``path`` (a file path or an
        open text file), or returned as text when ``path`` is ``None``.

        ``table`` is ``"years"`` (per calendar year, with a total row: the file of
        ``refusion register --csv-dialect``), ``"citizens"`` (one row per citizen: the file of
        ``--citizens-out``) or ``"citizen_years"``. ``dialect="en"`` (the default) writes ``,``,
        a decimal point and the column keys; ``dialect="da"`` writes the file Danish Excel and
        LibreOffice open as numbers: ``;``, a decimal comma, Danish headers, a UTF-8
        byte-order mark and CRLF line ends.

        Why not ``self.years.to_csv(sep=";", decimal=",")``: pandas applies ``decimal=`` to
        float columns only, and the amounts are exact ``Decimal`` objects, which pandas writes
        with their dot (``219700.00``), so Danish Excel would not read them as the amounts; nor
        does it write the Danish headers or the byte-order mark.

        >>> import refusion, pandas as pd
        >>> r = refusion.evaluate_register(pd.DataFrame({"citizen_id": ["E2"],
        ...     "birth_date": ["1988-04-20"], "admitted": ["2026-06-01"], "discharged": ["2027-01-01"],
        ...     "daily_rate": ["1400"], "own_payment_per_night": ["100"]}))
        >>> print(r.to_csv(), end="")
        year,gross,citizen_payment,state_refusion,municipal_net
        2026,299600.00,21400.00,58500.00,219700.00
        total,299600.00,21400.00,58500.00,219700.00
        >>> r.to_csv(dialect="da").splitlines()[1:]
        ['2026;299600,00;21400,00;58500,00;219700,00', 'I alt;299600,00;21400,00;58500,00;219700,00']
        """
        if table not in ("years", "citizens", "citizen_years"):
            raise ValueError(f"table must be 'years', 'citizens' or 'citizen_years', not {table!r}")
        dialect = _csv.dialect_of(dialect)
        if table == "years":
            rows: List[List[Any]] = [[year, *(_csv.money(row[k]) for k in PAYERS)] for year, row in self.years.iterrows()]
            rows.append([_csv.total_label(dialect), *(_csv.money(getattr(self.totals, k)) for k in PAYERS)])
            return _csv.emit(_csv.table(["year", *PAYERS], rows, dialect), path)
        frame = self.citizens if table == "citizens" else self.citizen_years
        header = list(frame.columns)
        cells = [list(map(_csv.money, frame[k])) if k in PAYERS else list(frame[k]) for k in header]
        return _csv.emit(_csv.table(header, zip(*cells), dialect), path)

    def __repr__(self) -> str:
        return f"<RegisterResult {self.rows} stays, {self.n_citizens} citizens, municipal net {self.totals.municipal_net}>"

    def _repr_html_(self) -> str:
        years = html_table(
            ["Year", *(_LABELS[k] for k in PAYERS)],
            [(y, *(row[k] for k in PAYERS)) for y, row in self.years.iterrows()],
            caption=f"Register: {self.rows} stays, {self.n_citizens} citizens (policy {self.policy})",
        )
        return years + self.totals._repr_html_()


def _engine() -> Any:
    from ._catalog import ENGINE

    return ENGINE


def _citizen_number(values: List[Any], explain: Any) -> int:
    """The number of the citizen whose id is ``explain`` (equal, or equal as text)."""
    from ._errors import InvalidParameterError

    for same in (lambda v: v == explain, lambda v: str(v) == str(explain)):
        for g, v in enumerate(values):
            try:
                if same(v):
                    return g
            except (TypeError, ValueError):  # a value that does not compare (e.g. pd.NA)
                continue
    raise InvalidParameterError("explain", f"no citizen of the register has the id {explain!r}")


def _check_level(level: str) -> None:
    if level not in ("citizens", "citizen_years", "years"):
        raise ValueError(f"level must be 'citizens', 'citizen_years' or 'years', not {level!r}")


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise ImportError("Arrow tables need pyarrow: pip install 'refusion[arrow]' (or pip install pyarrow)") from None
    return pyarrow


class RegisterCsvResult:
    """Totals of a register read from CSV by the streaming reader: ``years`` (a DataFrame by
    calendar year, money as exact ``Decimal``), ``totals``, ``rows``, ``n_citizens``, and
    ``citizens`` (one row per citizen, built on first use)."""

    def __init__(self, summary: Mapping[str, Any], citizens_csv: str) -> None:
        self.policy: str = summary["policy"]
        self.rows: int = summary["rows"]
        self.n_citizens: int = summary["citizens"]
        t = summary["totals"]
        self.totals = Totals(*(dec(t[k]) for k in PAYERS))
        self._years = summary["years"]
        self._citizens_csv = citizens_csv
        self._citizens: Any = None

    @property
    def years(self) -> Any:
        """Per calendar year over all citizens: the municipality's refund claim by year."""
        pd = _pandas()
        frame = pd.DataFrame([{"year": y["year"], **{k: dec(y[k]) for k in PAYERS}} for y in self._years],
                             columns=["year", *PAYERS])
        return frame.set_index("year")

    @property
    def citizens(self) -> Any:
        """One row per citizen, in file order (empty when ``citizens=False`` was asked)."""
        if self._citizens is None:
            import io

            pd = _pandas()
            frame = pd.read_csv(io.StringIO(self._citizens_csv), dtype=str, keep_default_na=False) \
                if self._citizens_csv else pd.DataFrame(columns=["citizen_id", "stays", "nights", "refunded_nights",
                                                                  "support_days", *PAYERS])
            for k in ("stays", "nights", "refunded_nights", "support_days"):
                frame[k] = frame[k].astype("int64")
            for k in PAYERS:
                frame[k] = [Decimal(v) for v in frame[k]]
            self._citizens = frame
        return self._citizens

    def to_csv(self, path: _csv.PathOrBuffer = None, *, table: str = "years", dialect: str = "en") -> Optional[str]:
        """``"years"`` (with a total row) or ``"citizens"`` as CSV by the core's writer, in
        ``dialect`` ``"en"`` or ``"da"`` (Danish Excel); see :meth:`RegisterResult.to_csv`
        (and there why pandas' ``to_csv(sep=";", decimal=",")`` does not give the Danish file).
        In ``en`` the citizens are the core's lines as they are (``--citizens-out``)."""
        import csv
        import io

        if table not in ("years", "citizens"):
            raise ValueError(f"table must be 'years' or 'citizens', not {table!r}")
        dialect = _csv.dialect_of(dialect)
        if table == "years":
            rows: List[List[Any]] = [[y["year"], *(_csv.money(y[k]) for k in PAYERS)] for y in self._years]
            rows.append([_csv.total_label(dialect), *(_csv.money(getattr(self.totals, k)) for k in PAYERS)])
            return _csv.emit(_csv.table(["year", *PAYERS], rows, dialect), path)
        if not self._citizens_csv:
            raise ValueError("the citizens were not kept: evaluate with citizens=True")
        if dialect == "en":
            _csv.table([], [], dialect)  # the core checks the dialect
            return _csv.emit(self._citizens_csv, path)
        header, *lines = list(csv.reader(io.StringIO(self._citizens_csv)))
        return _csv.emit(_csv.table(header, lines, dialect), path)

    def __repr__(self) -> str:
        return f"<RegisterCsvResult {self.rows} stays, {self.n_citizens} citizens, municipal net {self.totals.municipal_net}>"

    def _repr_html_(self) -> str:
        years = html_table(
            ["Year", *(_LABELS[k] for k in PAYERS)],
            [(y["year"], *(dec(y[k]) for k in PAYERS)) for y in self._years],
            caption=f"Register: {self.rows} stays, {self.n_citizens} citizens (policy {self.policy})",
        )
        return years + self.totals._repr_html_()


_SIDES = ("base", "policy", "difference")


def _no_explain(explain: Any) -> None:
    if explain is not None:
        from ._errors import InvalidParameterError

        raise InvalidParameterError("explain", "only a register result explains a citizen (explain= the citizen's id)")


class _ResultWorkbook:
    """``to_excel`` for the results the core gives as JSON (comparison, plan, budget, Monte
    Carlo): the JSON goes back to the core, whose workbook writer (the one of the command line
    and the page) writes the workbook. ``_workbook`` names the writer in ``_core``."""

    _workbook: str
    raw: Any
    _json: Optional[str]

    def to_excel(self, path: _excel.PathOrBinary, *, lang: str = "da", explain: Any = None) -> None:
        """The result as an Excel workbook (``.xlsx``) by the core's workbook writer (the one
        of the command line and the page): money in number cells to the øre, no formulas, the
        parameters with their sources. ``path`` is a file path or a binary file object;
        ``lang="da"`` (the default) or ``"en"``. ``explain`` is for register results only and
        must be ``None``.

        >>> import io, refusion, pandas as pd
        >>> e2 = pd.DataFrame({"citizen_id": ["E2"], "birth_date": ["1988-04-20"],
        ...     "admitted": ["2026-06-01"], "discharged": ["2027-01-01"],
        ...     "daily_rate": ["1400"], "own_payment_per_night": ["100"]})
        >>> out = io.BytesIO()
        >>> refusion.compare_register(e2, compare="step-2026").to_excel(out, lang="en")
        >>> out.getvalue()[:2]
        b'PK'
        """
        _no_explain(explain)
        write = getattr(_core, self._workbook)
        _excel.emit(write(_engine(), self._json_text(), _excel.lang_of(lang)), path)

    def _json_text(self) -> str:
        import json

        return self._json if self._json is not None else json.dumps(self.raw, ensure_ascii=False)


class PolicyComparison(_ResultWorkbook):
    """The same citizens under two policies, year by year: what a change of the rules costs.

    Every difference is **policy − base**: positive where the change costs that payer more,
    negative where it saves. Computed by the core (each side evaluated there, and the
    difference taken there).

    ``name`` and ``title`` (``{"da", "en"}``) are the ready comparison's (``step-2026``,
    ``reform``), or ``None``; ``policy`` and ``base`` the two policies' names; ``years`` a
    DataFrame by calendar year with the columns ``base_gross … base_municipal_net``,
    ``policy_gross …`` and ``difference_gross …`` (exact ``Decimal``); ``base_totals``,
    ``policy_totals`` and ``difference`` the totals over all years (:class:`Totals`).
    """

    _workbook = "comparison_workbook"

    def __init__(self, raw: Mapping[str, Any], ready: Optional[Mapping[str, Any]] = None,
                 text: Optional[str] = None) -> None:
        self.raw = raw
        self._json = text  # the core's JSON of the comparison, for to_excel
        self.name: Optional[str] = ready["name"] if ready else None
        self.title: Optional[Dict[str, str]] = dict(ready["title"]) if ready else None
        self.policy: str = raw["policy"]
        self.base: str = raw["base"]
        self.base_totals = Totals._from(raw["base_totals"])
        self.policy_totals = Totals._from(raw["policy_totals"])
        self.difference = Totals._from(raw["difference"])

    @property
    def years(self) -> Any:
        """Per calendar year: the four payers under the base, under the policy, and the
        difference (policy − base); columns ``base_gross``, …, ``difference_municipal_net``."""
        pd = _pandas()
        cols = [f"{side}_{k}" for side in _SIDES for k in PAYERS]
        rows = [[dec(y[side][k]) for side in _SIDES for k in PAYERS] for y in self.raw["years"]]
        return pd.DataFrame(rows, columns=cols,
                            index=pd.Index([y["year"] for y in self.raw["years"]], name="year"))

    def to_frame(self) -> Any:
        """The same as :attr:`years`."""
        return self.years

    def totals_frame(self) -> Any:
        """The totals over all years: rows ``base``, ``policy``, ``difference``; columns the
        four payers."""
        pd = _pandas()
        data = [self.base_totals, self.policy_totals, self.difference]
        return pd.DataFrame([[getattr(t, k) for k in PAYERS] for t in data], columns=list(PAYERS),
                            index=pd.Index(list(_SIDES), name="side"))

    def to_csv(self, path: _csv.PathOrBuffer = None, *, dialect: str = "en") -> Optional[str]:
        """The comparison as CSV, written by the core (``PolicyComparison::to_csv``, the file of
        ``refusion register --compare … --csv-dialect``): one row per year and a total row,
        each with the policy, the base, and the four payers under the base, under the policy
        and the difference. To ``path`` (a file path or an open text file), or returned as text
        when ``path`` is ``None``.

        ``dialect="en"`` (the default): ``,``, a decimal point, the column keys.
        ``dialect="da"``: the file Danish Excel and LibreOffice open as numbers — ``;``, a
        decimal comma, Danish headers, a UTF-8 byte-order mark, CRLF line ends. pandas'
        ``self.years.to_csv(sep=";", decimal=",")`` would not do: ``decimal=`` applies to float
        columns only, and the amounts are exact ``Decimal`` objects, which pandas writes with
        their dot.
        """
        import json

        dialect = _csv.dialect_of(dialect)
        text = _core.policy_comparison_csv(json.dumps(self.raw, ensure_ascii=False), dialect)
        return _csv.emit(text, path)

    def __repr__(self) -> str:
        d = self.difference
        return (f"<PolicyComparison {self.policy} − {self.base}: municipal net {d.municipal_net}, "
                f"state refusion {d.state_refusion}>")

    def _repr_html_(self) -> str:
        lang = display_lang(None)
        caption = (self.title or {}).get(lang) or f"{self.policy} − {self.base}"
        rows = [(y["year"], dec(y["base"]["municipal_net"]), dec(y["policy"]["municipal_net"]),
                 dec(y["difference"]["municipal_net"]), dec(y["difference"]["state_refusion"]))
                for y in self.raw["years"]]
        rows.append(("Total", self.base_totals.municipal_net, self.policy_totals.municipal_net,
                     self.difference.municipal_net, self.difference.state_refusion))
        return html_table(
            ["Year", f"Municipal net: {self.base}", f"Municipal net: {self.policy}",
             "Difference (municipal net)", "Difference (state refusion)"],
            rows, caption=f"{caption} (policy − base, DKK)")


def _plan_rows(years: List[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    rows = []
    for y in years:
        rows.append({
            "year": y["year"],
            "baseline_shelter": dec(y["baseline"]["shelter"]),
            "baseline_support": dec(y["baseline"]["support"]),
            "baseline_municipal_net": dec(y["baseline"]["municipal_net"]),
            "plan_shelter": dec(y["plan"]["shelter"]),
            "plan_support": dec(y["plan"]["support"]),
            "plan_municipal_net": dec(y["plan"]["municipal_net"]),
            **{f"effect_{k}": dec(y["effect"][k]) for k in PAYERS},
            "support_citizen_years": dec(y["support_citizen_years"]),
            "teams": y["teams"],
            "new_teams": y["new_teams"],
            "establishment": dec(y["establishment"]),
            "municipal_effect": dec(y["municipal_effect"]),
            "present_value": dec(y["present_value"]),
        })
    return rows


_PLAN_HTML = ("year", "baseline_shelter", "plan_shelter", "plan_support", "effect_state_refusion",
              "effect_municipal_net", "teams", "establishment", "municipal_effect", "present_value")


def _plan_html(rows: List[Dict[str, Any]], caption: str) -> str:
    return html_table(
        ["Year", "Shelter (base)", "Shelter (plan)", "Support (plan)", "Refusion effect", "Municipal effect",
         "Teams", "Establishment", "Municipal total", "Present value"],
        [tuple(r[k] for k in _PLAN_HTML) for r in rows],
        caption=caption,
    )


_PLAN_KEYS = ("year", "support_citizen_years", "teams", "new_teams", "fte", "difference_gross",
              "difference_state_refusion", "difference_municipal_net", "establishment", "municipal_effect",
              "present_value")
"""The columns of a plan's years in CSV, as ``refusion plan``/``budget --csv-dialect`` write them."""


def _plan_csv_rows(raw_years: List[Mapping[str, Any]], effect: Mapping[str, Any], municipal: Any, pv: Any,
                   dialect: str) -> List[List[Any]]:
    rows: List[List[Any]] = []
    for y in raw_years:
        e = y["effect"]
        rows.append([y["year"], _csv.normalized(y["support_citizen_years"]), y["teams"], y["new_teams"],
                     _csv.normalized(y.get("fte")), *map(_csv.money, (e["gross"], e["state_refusion"], e["municipal_net"],
                     y["establishment"], y["municipal_effect"], y["present_value"]))])
    rows.append([_csv.total_label(dialect), "", "", "", "", *map(_csv.money, (effect["gross"], effect["state_refusion"],
                 effect["municipal_net"])), "", _csv.money(municipal), _csv.money(pv)])
    return rows


class PlanResult(_ResultWorkbook):
    """A plan against its baseline, year by year (negative effects are savings)."""

    _workbook = "plan_workbook"

    def __init__(self, raw: Mapping[str, Any], text: Optional[str] = None) -> None:
        self.raw = raw
        self._json = text  # the core's JSON of the result, for to_excel
        self.policy: str = raw["policy"]
        self.discount_rate = dec(raw["discount_rate"])
        self.rows = _plan_rows(raw["years"])
        self.total_effect = Totals._from(raw["total_effect"])
        self.total_municipal_effect = dec(raw["total_municipal_effect"])
        self.total_present_value = dec(raw["total_present_value"])

    def to_frame(self) -> Any:
        """One row per year: baseline, plan, effect by payer, teams, establishment, present value."""
        return _pandas().DataFrame(self.rows).set_index("year")

    def to_csv(self, path: _csv.PathOrBuffer = None, *, dialect: str = "en") -> Optional[str]:
        """The years (support citizen-years, teams, FTE, the effect by payer, establishment,
        municipal effect, present value) and a total row as CSV, by the core's writer (the file
        of ``refusion plan --csv-dialect``); ``dialect="da"`` for Danish Excel (see
        :meth:`RegisterResult.to_csv`)."""
        dialect = _csv.dialect_of(dialect)
        rows = _plan_csv_rows(self.raw["years"], self.raw["total_effect"], self.raw["total_municipal_effect"],
                              self.raw["total_present_value"], dialect)
        return _csv.emit(_csv.table(_PLAN_KEYS, rows, dialect), path)

    def __repr__(self) -> str:
        return f"<PlanResult municipal effect {self.total_municipal_effect} (present value {self.total_present_value})>"

    def _repr_html_(self) -> str:
        return _plan_html(self.rows, f"Plan against baseline (policy {self.policy})") + (
            f"<p>Total municipal effect: <b>{_esc(format_dkk(self.total_municipal_effect))}</b> "
            f"(present value {_esc(format_dkk(self.total_present_value))})</p>")


class BudgetResult(_ResultWorkbook):
    """The budget effect for each annual support cost (low, mean, high by default)."""

    _workbook = "budget_workbook"

    def __init__(self, raw: Mapping[str, Any], text: Optional[str] = None) -> None:
        self.raw = raw
        self._json = text  # the core's JSON of the result, for to_excel
        self.policy: str = raw["policy"]
        self.variants = {v["label"]: v for v in raw["variants"]}

    def to_frame(self) -> Any:
        """Indexed by (variant, year)."""
        pd = _pandas()
        rows = []
        for v in self.raw["variants"]:
            for r in _plan_rows(v["years"]):
                rows.append({"variant": v["label"], "annual_cost": dec(v["annual_cost"]), **r})
        return pd.DataFrame(rows).set_index(["variant", "year"])

    def to_csv(self, path: _csv.PathOrBuffer = None, *, dialect: str = "en") -> Optional[str]:
        """Every variant's years and its total row as one CSV table (``variant``,
        ``annual_cost``, then the plan's columns: support citizen-years, teams, FTE, the effect
        by payer, establishment, municipal effect, present value), by the core's writer: the
        file of ``refusion budget --csv-dialect``. ``dialect="da"`` for Danish Excel (see
        :meth:`RegisterResult.to_csv`, and there why pandas' own ``to_csv`` does not do)."""
        dialect = _csv.dialect_of(dialect)
        rows: List[List[Any]] = []
        for v in self.raw["variants"]:
            for r in _plan_csv_rows(v["years"], v["total_effect"], v["total_municipal_effect"],
                                    v["total_present_value"], dialect):
                rows.append([v["label"], _csv.money(v["annual_cost"]), *r])
        return _csv.emit(_csv.table(["variant", "annual_cost", *_PLAN_KEYS], rows, dialect), path)

    def __repr__(self) -> str:
        totals = ", ".join(f"{v['label']} {v['total_municipal_effect']}" for v in self.raw["variants"])
        return f"<BudgetResult municipal effect: {totals}>"

    def _repr_html_(self) -> str:
        parts = []
        for v in self.raw["variants"]:
            parts.append(_plan_html(_plan_rows(v["years"]), f"M-ACT {v['label']}: {format_dkk(dec(v['annual_cost']))} per citizen-year"))
        return "".join(parts)


class MonteCarloResult(_ResultWorkbook):
    """P5/P50/P95 (and min/max) of the municipality's net effect per year and in total."""

    _workbook = "monte_carlo_workbook"

    def __init__(self, raw: Mapping[str, Any], text: Optional[str] = None) -> None:
        self.raw = raw
        self._json = text  # the core's JSON of the result, for to_excel
        self.draws: int = raw["draws"]
        self.seed: int = raw["seed"]
        self.total = {k: dec(raw["total"][k]) for k in ("p5", "p50", "p95", "min", "max")}

    def to_frame(self) -> Any:
        """Rows: years (and no total); columns p5, p50, p95, min, max."""
        pd = _pandas()
        rows = [{"year": y["year"], **{k: dec(y[k]) for k in ("p5", "p50", "p95", "min", "max")}} for y in self.raw["years"]]
        return pd.DataFrame(rows).set_index("year")

    def to_csv(self, path: _csv.PathOrBuffer = None, *, dialect: str = "en") -> Optional[str]:
        """The run (draws, seed), an empty line, then P5/P50/P95/min/max per year and in total,
        as CSV by the core's writer: the file of ``refusion monte-carlo --csv-dialect``.
        ``dialect="da"`` for Danish Excel (see :meth:`RegisterResult.to_csv`)."""
        dialect = _csv.dialect_of(dialect)
        bands = ("p5", "p50", "p95", "min", "max")
        run = _csv.table(["draws", "seed"], [[self.draws, self.seed]], dialect)
        rows: List[List[Any]] = [[y["year"], *(_csv.money(y[k]) for k in bands)] for y in self.raw["years"]]
        rows.append([_csv.total_label(dialect), *(_csv.money(self.raw["total"][k]) for k in bands)])
        years = _csv.table(["year", *bands], rows, dialect)
        return _csv.emit(_csv.blocks([run, years], dialect), path)

    def __repr__(self) -> str:
        t = self.total
        return f"<MonteCarlo {self.draws} draws: total P5 {t['p5']}, P50 {t['p50']}, P95 {t['p95']}>"

    def _repr_html_(self) -> str:
        rows = [(y["year"], *(dec(y[k]) for k in ("p5", "p50", "p95"))) for y in self.raw["years"]]
        rows.append(("Total", self.total["p5"], self.total["p50"], self.total["p95"]))
        return html_table(["Year", "P5", "P50", "P95"], rows, caption=f"Monte Carlo, {self.draws} draws (seed {self.seed})")


class TornadoResult:
    """One-at-a-time sensitivity of the total municipal effect."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.base = dec(raw["base"])

    def to_frame(self) -> Any:
        """One row per input, widest swing first."""
        pd = _pandas()
        rows = [{"input": r["input"], "low_value": r["low_value"], "high_value": r["high_value"],
                 "at_low": dec(r["at_low"]), "at_high": dec(r["at_high"]), "swing": dec(r["swing"])}
                for r in self.raw["rows"]]
        return pd.DataFrame(rows).set_index("input")

    def to_csv(self, path: _csv.PathOrBuffer = None, *, dialect: str = "en") -> Optional[str]:
        """The base effect, an empty line, then one row per input (widest swing first), as CSV
        by the core's writer: the file of ``refusion tornado --csv-dialect``.
        ``dialect="da"`` for Danish Excel (see :meth:`RegisterResult.to_csv`)."""
        dialect = _csv.dialect_of(dialect)
        base = _csv.table(["municipal_effect"], [[_csv.money(self.raw["base"])]], dialect)
        keys = ("input", "low_value", "high_value", "at_low", "at_high", "swing")
        rows = _csv.table(keys, [[r["input"], r["low_value"], r["high_value"],
                                  *(_csv.money(r[k]) for k in ("at_low", "at_high", "swing"))]
                                 for r in self.raw["rows"]], dialect)
        return _csv.emit(_csv.blocks([base, rows], dialect), path)

    def __repr__(self) -> str:
        return f"<Tornado base {self.base}: {', '.join(r['input'] for r in self.raw['rows'])}>"

    def _repr_html_(self) -> str:
        rows = [(r["input"], r["low_value"], r["high_value"], dec(r["at_low"]), dec(r["at_high"]), dec(r["swing"]))
                for r in self.raw["rows"]]
        return html_table(["Input", "Low", "High", "At low", "At high", "Swing"], rows,
                          caption=f"Tornado (base {format_dkk(self.base)})")
