"""A strong peer for the speed comparisons (issue 17): the statutory § 110 rules in numpy, by
intervals, as a competent analyst would write them in about a day.

Unlike `pandas_statutory.py` (the naive version: one row per night), this never expands a stay
into nights. Stays are sorted by citizen and admission; a loop over the stay rank (rank k = the
k-th stay of each citizen) treats the k-th stays of all citizens at once, with every citizen's
refund-window state (window start, window end, nights refunded so far in the window) kept in
numpy arrays. Each stay is cut into pieces at the reform date, the window ends, the 2026-04-01
cap switch (and, in the calendar-year variant, at 1 January); the refunded nights of a piece are
`clip(cap − refunded so far, 0, nights)` in closed form. A stay that outlives its window opens
the next window mid-stay: the inner loop runs until no stay of the rank has nights left.

    from numpy_peer import per_citizen, year_split
    citizens = per_citizen(stays)
    citizens, citizen_years, years = year_split(stays)

Scope: the **statutory § 110 rules only** — no § 85 a support, no § 107 (`benches/
pandas_statutory.py` and the README's "Conventions" state them):

* a stay has `discharged − admitted` nights; night n is the date it starts on;
* 50 % of (daily_rate − own_payment_per_night) is refunded per refunded night;
* nights before 2023-10-01 are refunded without a cap and count toward no window;
* from 2023-10-01, the first shelter night opens a window [A, A + 1 year) (29 February →
  1 March); nights of all the citizen's stays count toward it; once it has ended, the next
  shelter night (mid-stay or at a later admission) opens the next window;
* a night is refunded while fewer than cap(night) nights of its window have been refunded:
  cap = 120 before 2026-04-01, 90 from then. The cap never rises inside a window, so within a
  piece of constant cap the refunded nights are the first `clip(cap − so_far, 0, n)` nights.

Inputs: the stays frame of `refusion.cohort(...)` (columns citizen_id, admitted, discharged,
daily_rate, own_payment_per_night; birth_date is not needed). Ids and amounts may be `str`
(object or pandas string) or `category` columns; dates datetime64, ISO text or category.

Money is exact: amounts are parsed once per distinct value to int64 micro-kroner, and every
figure is an int64 count of half micro-kroner (a night at rate r is 2·r units, its refund
r − own units), rounded half away from zero to the øre only at the end. municipal_net =
gross − citizen_payment − state_refusion of the rounded figures. Outputs are int øre
(`*_ore` columns), like `RegisterResult.frame(..., money="ore")`.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

REFORM = int(np.datetime64("2023-10-01", "D").astype(np.int64))
CAP_SWITCH = int(np.datetime64("2026-04-01", "D").astype(np.int64))
CAP_BEFORE, CAP_FROM = 120, 90
UNITS_PER_ORE = 2 * 10_000   # half micro-kroner per øre
PAYERS = ["gross", "citizen_payment", "state_refusion"]
NAT = np.iinfo(np.int64).min


# ----------------------------------------------------------------------------- inputs


def _parse_money(uniques, name: str) -> np.ndarray:
    out = []
    for u in uniques:
        if isinstance(u, (float, np.floating)):
            raise TypeError(f"{name}: float {u!r} cannot hold money exactly")
        micro = Decimal(str(u)).scaleb(6)
        if micro != micro.to_integral_value():
            raise ValueError(f"{name}: {u!r} has more than 6 decimals")
        out.append(int(micro))
    return np.asarray(out, dtype=np.int64)


def money(values: pd.Series, name: str) -> np.ndarray:
    """A money column (decimal text, ints or Decimals; str or category) → int64 micro-kroner,
    each distinct value parsed once."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        uniques = values.cat.categories
    elif pd.api.types.is_float_dtype(values.dtype):
        raise TypeError(f"{name}: floats cannot hold money exactly")
    else:
        codes, uniques = pd.factorize(values)
    if (codes < 0).any():
        raise ValueError(f"{name}: missing amount")
    return _parse_money(uniques, name)[codes]


def days(values: pd.Series, name: str) -> np.ndarray:
    """Dates (datetime64, ISO text or a category of either) → int64 days since 1970-01-01."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        if (codes < 0).any():
            raise ValueError(f"{name}: missing date")
        return days(pd.Series(values.cat.categories), name)[codes]
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = pd.to_datetime(values, format="%Y-%m-%d")
    out = values.to_numpy().astype("datetime64[D]").astype(np.int64)
    if (out == NAT).any():
        raise ValueError(f"{name}: missing date")
    return out


def citizens_of(ids: pd.Series):
    """(codes, labels): category codes as they are, text factorised in order of appearance."""
    if isinstance(ids.dtype, pd.CategoricalDtype):
        codes, labels = ids.cat.codes.to_numpy().astype(np.int64), ids.cat.categories
    else:
        codes, labels = pd.factorize(ids)
        codes = codes.astype(np.int64, copy=False)
    if (codes < 0).any():
        raise ValueError("citizen_id: missing id")
    return codes, labels


def add_year(d: np.ndarray) -> np.ndarray:
    """The same date one year later (29 February → 1 March), as days."""
    d = d.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    month0 = (m - y.astype("datetime64[M]")).astype(np.int64)
    day0 = (d - m.astype("datetime64[D]")).astype(np.int64)
    target = y.astype(np.int64) + 1971
    leap = (target % 4 == 0) & ((target % 100 != 0) | (target % 400 == 0))
    feb29 = (month0 == 1) & (day0 == 28) & ~leap
    month0, day0 = np.where(feb29, 2, month0), np.where(feb29, 0, day0)
    out = ((target - 1970).astype("datetime64[Y]").astype("datetime64[M]") + month0).astype("datetime64[D]") + day0
    return out.astype(np.int64)


class Stays:
    """The register as sorted int64 arrays (one conversion, shared by both variants)."""

    def __init__(self, stays: pd.DataFrame):
        code, labels = citizens_of(stays["citizen_id"])
        a, d = days(stays["admitted"], "admitted"), days(stays["discharged"], "discharged")
        rate = money(stays["daily_rate"], "daily_rate")
        own = money(stays["own_payment_per_night"], "own_payment_per_night")
        if (d <= a).any() or (own < 0).any() or (own > rate).any():
            raise ValueError("each stay needs discharged > admitted and 0 <= own payment <= rate")
        # Sort by citizen and admission, unless already so (registers usually are).
        same = code[1:] == code[:-1]
        if not ((code[1:] >= code[:-1]).all() and (a[1:][same] >= a[:-1][same]).all()):
            order = np.lexsort((a, code))
            code, a, d, rate, own = code[order], a[order], d[order], rate[order], own[order]
            same = code[1:] == code[:-1]
        if (a[1:][same] < d[:-1][same]).any():
            raise ValueError("overlapping stays of one citizen")
        first = np.r_[True, ~same]
        start = np.flatnonzero(first)                  # first stay of each citizen
        self.n_citizens = len(start)
        self.cit = np.cumsum(first) - 1                 # dense citizen index 0..n-1
        self.rank = np.arange(len(code)) - start[self.cit]
        self.start = start
        self.labels = pd.Index(labels).take(code[start])
        self.a, self.d, self.rate, self.own = a, d, rate, own
        self.nights = d - a
        # Exact int64: a citizen's units are at most (its nights) · 2 · max rate.
        per_citizen_nights = np.add.reduceat(self.nights, start) if len(start) else np.zeros(0, np.int64)
        self.citizen_bound = int(per_citizen_nights.max(initial=0)) * 2 * int(rate.max(initial=0))
        self.total_bound = int(self.nights.sum()) * 2 * int(rate.max(initial=0))
        if self.citizen_bound >= 2**62:
            raise OverflowError("amounts too large for exact int64 sums")


# ----------------------------------------------------------------------------- the rules


def _walk(s: Stays, by_year: bool):
    """Walks every stay piece by piece, rank by rank. Returns the refunded nights per stay and,
    with `by_year`, per citizen and year (nights, refunded nights, gross, citizen payment and
    refund units as flat views of (citizens × years) int64 matrices, with the years' count and
    first year)."""
    lo = int(s.a.min())
    hi = int(s.d.max())
    span = np.arange(lo, hi + 1)
    # Day tables over [lo, hi]: the next fixed boundary after each day (reform, cap switch and,
    # by year, 1 January), the cap in force, one year later (for opening windows), the year.
    year = span.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    nxt = np.full(len(span), np.iinfo(np.int64).max)
    nxt = np.where(span < REFORM, REFORM, nxt)
    nxt = np.where((span >= REFORM) & (span < CAP_SWITCH), CAP_SWITCH, nxt)
    y0 = int(year[0])
    if by_year:
        jan1 = (year + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
        nxt = np.minimum(nxt, jan1)
    cap = np.where(span < CAP_SWITCH, CAP_BEFORE, CAP_FROM)
    plus_year = add_year(span)

    n = s.n_citizens
    w_start = np.full(n, NAT)             # window state of every citizen
    w_end = np.full(n, NAT)
    w_refunded = np.zeros(n, np.int64)
    refunded = np.zeros(len(s.a), np.int64)   # refunded nights per stay
    if by_year:
        ny = int(year[-1]) - y0 + 1
        mats = {k: np.zeros((n, ny), np.int64) for k in ("nights", "refunded_nights", *PAYERS)}
        flat = {k: v.reshape(-1) for k, v in mats.items()}   # views

    for k in range(int(s.rank.max(initial=-1)) + 1):
        idx = np.flatnonzero(s.rank == k)   # one stay per citizen: fancy updates are safe
        t = s.a[idx]
        while idx.size:
            c, d = s.cit[idx], s.d[idx]
            post = t >= REFORM
            we = w_end[c]
            new = post & (t >= we)
            if new.any():
                cn, tn = c[new], t[new]
                w_start[cn] = tn
                w_end[cn] = plus_year[tn - lo]
                w_refunded[cn] = 0
                we = w_end[c]
            e = np.minimum(d, nxt[t - lo])
            e = np.where(post, np.minimum(e, we), e)
            m = e - t
            so_far = w_refunded[c]
            r = np.where(post, np.clip(cap[t - lo] - so_far, 0, m), m)
            w_refunded[c] = np.where(post, so_far + r, so_far)
            refunded[idx] += r
            if by_year:
                f = c * ny + (year[t - lo] - y0)   # flat (citizen, year) cell
                rate, own = s.rate[idx], s.own[idx]
                flat["nights"][f] += m
                flat["refunded_nights"][f] += r
                flat["gross"][f] += 2 * m * rate
                flat["citizen_payment"][f] += 2 * m * own
                flat["state_refusion"][f] += r * (rate - own)
            more = e < d
            idx, t = idx[more], e[more]
    return refunded, (flat, ny, y0) if by_year else None


def round_ore(units):
    """Exact units → øre, half away from zero (int64 or Python-int object arrays)."""
    q = (abs(units) + UNITS_PER_ORE // 2) // UNITS_PER_ORE
    return np.where(units < 0, -q, q)


def _payers(exact: dict) -> dict:
    out = {f"{p}_ore": round_ore(exact[p]).astype(np.int64) for p in PAYERS}
    out["municipal_net_ore"] = out["gross_ore"] - out["citizen_payment_ore"] - out["state_refusion_ore"]
    return out


def per_citizen(stays: pd.DataFrame | Stays) -> pd.DataFrame:
    """One row per citizen: citizen_id, gross_ore, citizen_payment_ore, state_refusion_ore,
    municipal_net_ore, nights, refunded_nights."""
    s = stays if isinstance(stays, Stays) else Stays(stays)
    refunded, _ = _walk(s, by_year=False)
    at = s.start
    exact = {"gross": np.add.reduceat(2 * s.nights * s.rate, at),
             "citizen_payment": np.add.reduceat(2 * s.nights * s.own, at),
             "state_refusion": np.add.reduceat(refunded * (s.rate - s.own), at)}
    return pd.DataFrame({"citizen_id": s.labels, **_payers(exact),
                         "nights": np.add.reduceat(s.nights, at), "refunded_nights": np.add.reduceat(refunded, at)},
                        copy=False)


def year_split(stays: pd.DataFrame | Stays):
    """The calendar-year variant: (citizens, citizen_years, years).

    citizen_years has one row per citizen and year with nights (citizen_id, year, the four
    payers in øre, nights, refunded_nights); years is indexed by year, each payer rounded from
    the exact sum over all citizens for that year; citizens as `per_citizen` gives."""
    s = stays if isinstance(stays, Stays) else Stays(stays)
    _, (flat, ny, y0) = _walk(s, by_year=True)
    mats = {k: v.reshape(-1, ny) for k, v in flat.items()}
    citizens = pd.DataFrame({"citizen_id": s.labels,
                             **_payers({p: mats[p].sum(axis=1) for p in PAYERS}),
                             "nights": mats["nights"].sum(axis=1),
                             "refunded_nights": mats["refunded_nights"].sum(axis=1)}, copy=False)
    cell = np.flatnonzero(flat["nights"])     # row-major: by citizen, then year
    citizen_years = pd.DataFrame({"citizen_id": s.labels.take(cell // ny), "year": cell % ny + y0,
                                  **_payers({p: flat[p][cell] for p in PAYERS}),
                                  "nights": flat["nights"][cell],
                                  "refunded_nights": flat["refunded_nights"][cell]}, copy=False)
    # A year's sum over a huge register could exceed int64: then sum as Python ints.
    wide = s.total_bound >= 2**62
    sums = {p: (mats[p].astype(object) if wide else mats[p]).sum(axis=0) for p in PAYERS}
    keep = mats["nights"].sum(axis=0) > 0
    years = pd.DataFrame({k: v[keep] for k, v in _payers(sums).items()},
                         index=pd.Index(np.arange(len(keep))[keep] + y0, name="year"))
    return citizens, citizen_years, years
