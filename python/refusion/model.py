"""The scenario as plain Python objects (keyword-argument dataclasses).

Money fields take ``decimal.Decimal``, ``int`` or a numeric ``str`` (never ``float``); dates
take ``datetime.date``. The objects convert to the scenario contract of the README.

>>> from datetime import date
>>> from decimal import Decimal
>>> s = Scenario(
...     citizen=Citizen(birth_date=date(1988, 4, 20)),
...     shelter_stays=[ShelterStay(admitted=date(2026, 6, 1), discharged=date(2027, 1, 1),
...                                daily_rate=Decimal("1400"), own_payment_per_night=Decimal("100"))],
... )
>>> s.to_dict()["shelter_stays"][0]["daily_rate"]
'1400'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from ._catalog import M_ACT_MEAN
from ._convert import to_contract

Money = Union[Decimal, int, str]
"""An exact amount: ``Decimal``, ``int`` or a numeric ``str`` (never ``float``)."""

__all__ = [
    "Money",
    "Citizen",
    "ShelterStay",
    "HomeSupport",
    "TemporaryStay",
    "Policy",
    "Scenario",
    "SupportOffer",
    "BreakEvenQuery",
    "StaffLine",
    "CostLine",
    "Establishment",
    "TeamModel",
]


@dataclass(frozen=True)
class Citizen:
    """The citizen: ``Citizen(birth_date=date(1988, 4, 20))``."""

    birth_date: _dt.date


@dataclass(frozen=True)
class ShelterStay:
    """A § 110 shelter stay of ``discharged − admitted`` nights.

    >>> ShelterStay(admitted=_dt.date(2026, 6, 1), discharged=_dt.date(2026, 7, 31),
    ...             daily_rate=1400, own_payment_per_night="100").to_dict()["admitted"]
    '2026-06-01'
    """

    admitted: _dt.date
    discharged: _dt.date
    daily_rate: Money
    own_payment_per_night: Money

    def to_dict(self) -> Dict[str, Any]:
        """The contract form."""
        return to_contract(self)


@dataclass(frozen=True)
class HomeSupport:
    """§ 85 a home support from ``start`` to ``end`` (exclusive) at ``annual_cost`` a year.

    The decision is ``decided_before_discharge`` (``True``/``False``), ``decided_on`` (the
    date of the decision; on or before the spell's discharge it counts as decided before
    discharge), or both — they must then agree (else ``ConflictingFieldsError``). Give at least
    one (else ``MissingFieldError``). ``to_dict`` holds only the fields given.

    >>> HomeSupport(method="m-act", start=_dt.date(2027, 1, 1), end=_dt.date(2029, 1, 1),
    ...             annual_cost=95000, decided_before_discharge=True).to_dict()["annual_cost"]
    95000
    >>> sorted(HomeSupport(method="m-act", start=_dt.date(2027, 1, 1), end=_dt.date(2029, 1, 1),
    ...                    annual_cost=95000, decided_on=_dt.date(2026, 12, 15)).to_dict())
    ['annual_cost', 'decided_on', 'end', 'method', 'start']
    """

    method: str
    start: _dt.date
    end: _dt.date
    annual_cost: Money
    decided_before_discharge: Optional[bool] = None
    decided_on: Optional[_dt.date] = None

    def to_dict(self) -> Dict[str, Any]:
        """The contract form."""
        return to_contract(self)


@dataclass(frozen=True)
class TemporaryStay:
    """A § 107 temporary housing stay from ``start`` to ``end``.

    The decision is given as on :class:`HomeSupport`: ``decided_before_discharge``,
    ``decided_on``, or both (agreeing).

    >>> TemporaryStay(start=_dt.date(2027, 1, 1), end=_dt.date(2027, 3, 1), daily_rate=900,
    ...               decided_before_discharge=True).to_dict()["own_payment_per_night"]
    '0'
    >>> TemporaryStay(start=_dt.date(2027, 1, 1), end=_dt.date(2027, 3, 1), daily_rate=900,
    ...               decided_on=_dt.date(2026, 12, 1)).to_dict()["decided_on"]
    '2026-12-01'
    """

    start: _dt.date
    end: _dt.date
    daily_rate: Money
    decided_before_discharge: Optional[bool] = None
    own_payment_per_night: Money = "0"
    decided_on: Optional[_dt.date] = None

    def to_dict(self) -> Dict[str, Any]:
        """The contract form."""
        return to_contract(self)


@dataclass(frozen=True)
class Policy:
    """A preset with named overrides.

    >>> Policy(preset="statutory", overrides={"cap_nights": 60}).to_dict()
    {'preset': 'statutory', 'overrides': {'cap_nights': 60}}
    """

    preset: str = "statutory"
    overrides: Mapping[str, Any] = field(default_factory=dict)
    name: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        """The contract form."""
        return to_contract(self)


@dataclass(frozen=True)
class Scenario:
    """One citizen under one policy, with their spells.

    >>> Scenario(citizen=Citizen(birth_date=_dt.date(1988, 4, 20))).to_dict()["policy"]
    'statutory'
    """

    citizen: Citizen
    shelter_stays: Sequence[ShelterStay] = ()
    home_support: Sequence[HomeSupport] = ()
    temporary_housing: Sequence[TemporaryStay] = ()
    policy: Union[str, Policy, Mapping[str, Any]] = "statutory"
    name: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        """The contract form (JSON-ready: money as decimal strings, dates as ISO strings)."""
        return to_contract(self)

    def with_policy(self, policy: Union[str, Policy, Mapping[str, Any]]) -> "Scenario":
        """The same scenario under another policy.

        >>> Scenario(citizen=Citizen(birth_date=_dt.date(1988, 4, 20))).with_policy("age-26").policy
        'age-26'
        """
        return Scenario(
            citizen=self.citizen,
            shelter_stays=self.shelter_stays,
            home_support=self.home_support,
            temporary_housing=self.temporary_housing,
            policy=policy,
            name=self.name,
        )


@dataclass(frozen=True)
class SupportOffer:
    """The support offered in a break-even query.

    ``annual_cost`` defaults to the M-ACT reference mean of the core's catalog
    (``refusion.defaults()["m_act"]["mean"]``, with its citation); pass your own figure when
    you have one.

    >>> import refusion
    >>> SupportOffer().annual_cost == refusion.defaults()["m_act"]["mean"]
    True
    >>> SupportOffer(annual_cost=95000).annual_cost
    95000
    """

    method: str = "m-act"
    annual_cost: Money = M_ACT_MEAN
    decided_before_discharge: bool = True


@dataclass(frozen=True)
class BreakEvenQuery:
    """A citizen admitted to a shelter, and a support offer (see README, Break-even).

    >>> import refusion
    >>> q = BreakEvenQuery(citizen=Citizen(birth_date=_dt.date(1988, 4, 20)),
    ...                    admitted=_dt.date(2026, 6, 1), daily_rate=1400, own_payment_per_night=100)
    >>> q.to_dict()["support"]["annual_cost"] == str(refusion.defaults()["m_act"]["mean"])
    True
    """

    citizen: Citizen
    admitted: _dt.date
    daily_rate: Money
    own_payment_per_night: Money
    support: SupportOffer = SupportOffer()
    discharge: Optional[_dt.date] = None
    horizon_years: int = 2
    earlier_stays: Sequence[ShelterStay] = ()
    policy: Union[str, Policy, Mapping[str, Any]] = "statutory"

    def to_dict(self) -> Dict[str, Any]:
        """The contract form."""
        return to_contract(self)


@dataclass(frozen=True)
class StaffLine:
    """One staff line of a team: ``function`` is social-support, health, administrative or
    coordinator; ``fte`` is a Decimal/str; ``annual_salary`` per FTE."""

    role: str
    function: str
    fte: Money
    annual_salary: Money


@dataclass(frozen=True)
class CostLine:
    """Another annual operating cost (transport, premises, materials …)."""

    item: str
    annual: Money


@dataclass(frozen=True)
class Establishment:
    """One-off establishment costs spread over ``spread_years``."""

    cost: Money = 0
    spread_years: int = 1


@dataclass(frozen=True)
class TeamModel:
    """A bottom-up M-ACT team model; ``caseload`` is citizens served per year."""

    staff: List[StaffLine]
    caseload: int
    operating: List[CostLine] = field(default_factory=list)
    establishment: Establishment = Establishment()
    illustrative: bool = False

    def to_dict(self) -> Dict[str, Any]:
        """The contract form."""
        return to_contract(self)
