"""Benchmark 2, the baseline: the `statutory` rules written directly in pandas/numpy.

This is what a capable analyst would write without the engine: expand every § 110 stay into one
row per night, find the refund windows per citizen with vectorised rounds, count the nights
inside each window, apply the cap in force on each night, and price § 85 a home support by
interval overlap with the § 176 a periods. `benches/pandas_compare.py` checks it against the
engine on a sample and times both; this module is not used by the package.

    from pandas_statutory import evaluate
    citizens, years = evaluate(stays, support)

Inputs are the frames of `refusion.cohort(...)` / `refusion.evaluate_register(...)`:

* `stays`: citizen_id, birth_date, admitted, discharged (datetime64 or ISO text), daily_rate,
  own_payment_per_night (decimal strings, ints or Decimals; floats are refused).
* `support`: citizen_id, method, start, end (ISO text or datetime64), annual_cost (decimal
  strings), decided_before_discharge (bool). May be None or empty.

Rules (the README's R1–R10 and conventions), as the engine applies them:

* R6/R1: the refund base of a night is rate − own payment; 50 % is refunded.
* R5: nights before 2023-10-01 are refunded without a cap and count toward no window.
* R4 (next-admission mode): the first night on or after the reform opens a window of one year
  (same date next year, 29 February → 1 March); when it has ended, the next night opens the
  next window (mid-stay or at a later admission). All of a citizen's stays share the windows.
* R2/R3: a night is refunded while fewer than cap(night) nights of its window have been
  refunded; cap = 120 for nights before 2026-04-01, 90 from then.
* R8/R10: § 85 a support days in [discharge, discharge + 2 years) are refunded 50 % when the
  support was decided before discharge. The period is anchored on the first discharge on or
  after the reform; discharges inside a period do not restart it; a discharge after it has
  ended opens a new one. A discharge followed by an admission on the same date (a transfer)
  is not a discharge. Support costs annual / 365 per calendar day.

Money is exact. Amounts are parsed to integer micro-kroner and every figure is kept as an
int64 count of 1/730 micro-kroner (1/730 000 000 DKK): a night at rate r is r·730 units, its
refund (r − own)·365, a support day annual·2 and its refund annual·1. Each per-citizen and
per-year sum is rounded half away from zero to the øre only at the end (domain §3), and
municipal_net = gross − citizen_payment − state_refusion of the rounded figures.

Outputs (money as exact **int øre**, columns suffixed `_ore`):

* `citizens`: one row per citizen_id (order of first appearance) with gross_ore,
  citizen_payment_ore, state_refusion_ore, municipal_net_ore, nights, refunded_nights,
  support_days.
* `years`: indexed by calendar year, the four payers in øre, each rounded from the exact sum
  over all citizens for that year.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

REFORM = np.datetime64("2023-10-01", "D").astype(np.int64)      # R5
CAP_SWITCH = np.datetime64("2026-04-01", "D").astype(np.int64)  # R2 → R3
CAP_BEFORE, CAP_FROM = 120, 90                                   # R2, R3
SUPPORT_YEARS = 2                                                # R8

# Exact unit: 1/730 of a micro-krone. Refund rates are 50 % (R1, R8) and support accrues
# annual/365 per day, so every amount below is a whole number of units.
NIGHT = 730             # units per micro-krone of a nightly amount
NIGHT_REFUND = 365      # 50 % of it
DAY_OF_ANNUAL = 2       # annual/365 per day = annual·2 units
DAY_REFUND = 1          # 50 % of it
UNITS_PER_ORE = 730 * 10_000
PAYERS = ["gross", "citizen_payment", "state_refusion"]
COUNTS = ["nights", "refunded_nights", "support_days"]


# ----------------------------------------------------------------------------- helpers


def to_micro(values: pd.Series, name: str) -> np.ndarray:
    """Exact money column → int64 micro-kroner (each distinct text parsed once)."""
    if pd.api.types.is_float_dtype(values.dtype):
        raise TypeError(f"{name}: floats are not accepted for money")
    codes, uniques = pd.factorize(values)
    if (codes < 0).any():
        raise ValueError(f"{name}: missing amount")
    parsed = []
    for u in uniques:
        if isinstance(u, float):
            raise TypeError(f"{name}: float {u!r} is not accepted for money")
        micro = Decimal(str(u)).scaleb(6)
        if micro != micro.to_integral_value():
            raise ValueError(f"{name}: {u!r} has more than 6 decimals")
        parsed.append(int(micro))
    return np.asarray(parsed, dtype=np.int64)[codes]


def to_days(values: pd.Series) -> np.ndarray:
    """Dates (datetime64 or ISO text) → int64 days since 1970-01-01."""
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = pd.to_datetime(values, format="%Y-%m-%d")
    return values.to_numpy().astype("datetime64[D]").astype(np.int64)


def year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def new_year(year: np.ndarray) -> np.ndarray:
    """1 January of `year`, as days."""
    return (np.asarray(year) - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def add_years(days: np.ndarray, n: int) -> np.ndarray:
    """The same date `n` years later; 29 February → 1 March when the target year lacks it."""
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    month0 = (m - y.astype("datetime64[M]")).astype(np.int64)
    day0 = (d - m.astype("datetime64[D]")).astype(np.int64)
    target = y.astype(np.int64) + 1970 + n
    leap = (target % 4 == 0) & ((target % 100 != 0) | (target % 400 == 0))
    feb29 = (month0 == 1) & (day0 == 28) & ~leap
    month0 = np.where(feb29, 2, month0)
    day0 = np.where(feb29, 0, day0)
    out = ((target - 1970).astype("datetime64[Y]").astype("datetime64[M]") + month0).astype("datetime64[D]") + day0
    return out.astype(np.int64)


def first_of_group(group: np.ndarray) -> np.ndarray:
    """True at the first row of each run of equal values (rows sorted by group)."""
    first = np.ones(len(group), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    return first


def chain_periods(citizen: np.ndarray, dates: np.ndarray, years: int) -> np.ndarray:
    """For dates sorted by (citizen, date): the index of the one-per-`years` period each date
    falls in, where the first date opens a period and the first date on or after its end opens
    the next. Vectorised in rounds: each round opens one period per citizen."""
    period = np.full(len(dates), -1, dtype=np.int64)
    todo = np.arange(len(dates))
    k = 0
    while todo.size:
        c, t = citizen[todo], dates[todo]
        first = first_of_group(c)
        start = t[first]
        end = add_years(start, years)
        inside = t < end[np.cumsum(first) - 1]
        period[todo[inside]] = k
        todo = todo[~inside]
        k += 1
    return period


def fits_int64(bound) -> None:
    """Refuses inputs so large that an exact int64 sum could overflow (real data never do)."""
    if bound >= 2**62:
        raise OverflowError("amounts too large for exact int64 sums")


def round_ore(units):
    """Exact units → øre, half away from zero (works on int64 and on Python-int object arrays)."""
    q = (abs(units) + UNITS_PER_ORE // 2) // UNITS_PER_ORE
    return np.where(units < 0, -q, q)


def rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for p in PAYERS:
        out[f"{p}_ore"] = round_ore(frame[p].to_numpy())
    out["municipal_net_ore"] = out.gross_ore - out.citizen_payment_ore - out.state_refusion_ore
    return out


# ----------------------------------------------------------------------------- the rules


def shelter(stays: pd.DataFrame, citizen: np.ndarray):
    """§ 110 nights per (citizen, year): exact money and night counts (R1–R7)."""
    admitted, discharged = to_days(stays.admitted), to_days(stays.discharged)
    rate = to_micro(stays.daily_rate, "daily_rate")
    own = to_micro(stays.own_payment_per_night, "own_payment_per_night")
    if (discharged <= admitted).any() or (own > rate).any() or (own < 0).any():
        raise ValueError("each stay needs discharged > admitted and 0 <= own payment <= rate")

    # Chronological per citizen; a citizen's stays may not overlap.
    order = np.lexsort((discharged, admitted, citizen))
    citizen, admitted, discharged = citizen[order], admitted[order], discharged[order]
    rate, own = rate[order], own[order]
    same = np.r_[False, citizen[1:] == citizen[:-1]]
    if (same[1:] & (admitted[1:] < discharged[:-1])).any():
        raise ValueError("overlapping stays of one citizen")

    # One row per night.
    n = discharged - admitted
    stay = np.repeat(np.arange(len(n)), n)
    night = admitted[stay] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    cit = citizen[stay]

    # R5: nights before the reform are refunded without a cap. From the reform, windows (R4),
    # then the k-th night of its window (0-based) is refunded iff k < cap(night). That equals
    # "fewer than cap(night) refunded so far" because the cap never rises within a window:
    # once a night is refused, every later night of the window is refused too.
    refunded = np.ones(len(night), dtype=bool)
    post = np.flatnonzero(night >= REFORM)
    c, t = cit[post], night[post]
    window = chain_periods(c, t, 1)
    k = pd.Series(window).groupby([c, window]).cumcount().to_numpy()
    refunded[post] = k < np.where(t < CAP_SWITCH, CAP_BEFORE, CAP_FROM)

    # Nights and refunded nights per (stay, year), then priced per stay.
    per = pd.DataFrame({"stay": stay, "year": year_of(night), "refunded": refunded})
    per = per.groupby(["stay", "year"], sort=False).refunded.agg(nights="size", refunded_nights="sum").reset_index()
    s = per.stay.to_numpy()
    fits_int64(int(per.nights.max()) * int(rate.max()) * NIGHT)
    per["citizen"] = citizen[s]
    per["gross"] = per.nights * rate[s] * NIGHT
    per["citizen_payment"] = per.nights * own[s] * NIGHT
    per["state_refusion"] = per.refunded_nights * (rate[s] - own[s]) * NIGHT_REFUND
    per["support_days"] = 0

    # § 176 a discharges (R10): on/after the reform, and not a same-day transfer.
    transfer = np.r_[same[1:] & (admitted[1:] == discharged[:-1]), False]
    keep = ~transfer & (discharged >= REFORM)
    discharges = pd.DataFrame({"citizen": citizen[keep], "discharge": discharged[keep]})
    return per[["citizen", "year", *COUNTS, *PAYERS]], discharges


def support_periods(discharges: pd.DataFrame) -> pd.DataFrame:
    """§ 176 a periods [first discharge, +2 years); a discharge after the end opens the next."""
    d = discharges.sort_values(["citizen", "discharge"], kind="stable")
    period = chain_periods(d.citizen.to_numpy(), d.discharge.to_numpy(), SUPPORT_YEARS)
    opening = d[first_of_group(period) | first_of_group(d.citizen.to_numpy())]
    return pd.DataFrame({"citizen": opening.citizen.to_numpy(),
                         "p_start": opening.discharge.to_numpy(),
                         "p_end": add_years(opening.discharge.to_numpy(), SUPPORT_YEARS)})


def home_support(support: pd.DataFrame, citizen: np.ndarray, periods: pd.DataFrame) -> pd.DataFrame:
    """§ 85 a support per (citizen, year): days, refunded days, exact money (R8, R10)."""
    start, end = to_days(support.start), to_days(support.end)
    annual = to_micro(support.annual_cost, "annual_cost")
    if (end <= start).any() or (annual < 0).any():
        raise ValueError("each support row needs end > start and a non-negative annual cost")

    # Split each spell by calendar year: one piece per (spell, year) it touches.
    y0, y1 = year_of(start), year_of(end - 1)
    count = y1 - y0 + 1
    row = np.repeat(np.arange(len(start)), count)
    year = y0[row] + (np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count))
    pieces = pd.DataFrame({
        "piece": np.arange(len(row)),
        "citizen": citizen[row],
        "year": year,
        "s": np.maximum(start[row], new_year(year)),
        "e": np.minimum(end[row], new_year(year + 1)),
        "annual": annual[row],
        "decided": support.decided_before_discharge.to_numpy(dtype=bool)[row],
    })
    pieces["days"] = pieces.e - pieces.s
    fits_int64(int(pieces.days.max()) * int(annual.max()) * DAY_OF_ANNUAL)

    # Refunded days: overlap of decided pieces with the citizen's periods (disjoint, so sum).
    m = pieces.loc[pieces.decided, ["piece", "citizen", "s", "e"]].merge(periods, on="citizen")
    m["overlap"] = (np.minimum(m.e, m.p_end) - np.maximum(m.s, m.p_start)).clip(lower=0)
    pieces["refunded_days"] = m.groupby("piece").overlap.sum().reindex(pieces.piece, fill_value=0).to_numpy()

    pieces["gross"] = pieces.days * pieces.annual * DAY_OF_ANNUAL
    pieces["citizen_payment"] = 0
    pieces["state_refusion"] = pieces.refunded_days * pieces.annual * DAY_REFUND
    pieces["nights"] = pieces["refunded_nights"] = 0
    return pieces.rename(columns={"days": "support_days"})[["citizen", "year", *COUNTS, *PAYERS]]


def evaluate(stays: pd.DataFrame, support: pd.DataFrame | None = None):
    """The `statutory` policy for a register: `(citizens, years)`, money in exact int øre."""
    codes, ids = pd.factorize(stays.citizen_id)  # citizens in order of first appearance
    shelter_years, discharges = shelter(stays, codes)
    parts = [shelter_years]
    if support is not None and len(support):
        sup_codes = pd.Index(ids).get_indexer(support.citizen_id)
        if (sup_codes < 0).any():
            raise ValueError("support for a citizen without a stay row")
        parts.append(home_support(support, sup_codes, support_periods(discharges)))

    cy = pd.concat(parts, ignore_index=True)
    assert all(cy[k].dtype == np.int64 for k in [*COUNTS, *PAYERS]), "money must stay integer"

    # Each row is exact in int64 (checked where priced); so is each citizen's sum, if a rough
    # float bound of it (a check only, never a figure) is well inside int64.
    fits_int64(cy[PAYERS].astype(float).groupby(cy.citizen).sum().to_numpy().max())
    per_citizen = cy.groupby("citizen")[[*COUNTS, *PAYERS]].sum()
    citizens = rounded(per_citizen)
    for col in COUNTS:
        citizens[col] = per_citizen[col].to_numpy()
    citizens.insert(0, "citizen_id", np.asarray(ids)[citizens.index.to_numpy()])
    citizens = citizens.reset_index(drop=True)

    # Per year over all citizens: exact int64 per citizen and year, then summed over citizens
    # as Python ints (a year's sum over a large register may exceed int64), then rounded.
    by_year = cy.groupby(["year", "citizen"])[PAYERS].sum().astype(object).groupby(level="year").sum()
    years = rounded(by_year).astype(np.int64)
    years.index = years.index.astype(np.int64)
    return citizens, years
