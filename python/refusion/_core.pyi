"""Type stubs for the compiled core (``refusion._core``). Use the ``refusion`` API instead.

Checked against the built module by mypy's stubtest (``scripts/test.sh``:
``python -m mypy.stubtest refusion._core``). JSON in, JSON out: the shapes are the core's.
"""

from typing import Any, Dict, List, Optional, Tuple, final

__all__ = [
    "Engine",
    "Register",
    "RegisterFile",
    "error_codes",
    "parse_amount",
    "parse_percent",
    "format_amount",
    "format_date",
    "write_csv",
    "policy_comparison_csv",
    "column_labels",
    "evaluate_register_file",
    "compare_register_file",
    "read_register",
    "register_workbook",
    "register_file_workbook",
    "comparison_workbook",
    "plan_workbook",
    "budget_workbook",
    "monte_carlo_workbook",
    "__version__",
]

__version__: str

def error_codes() -> List[str]:
    """The stable error codes, in documentation order."""

def parse_amount(text: str) -> str:
    """An amount as people type it (``1.234,50``, ``95 000 kr.``) as a plain decimal string;
    raises ``InvalidAmountError`` otherwise."""

def parse_percent(text: str) -> str:
    """A percentage as people type it (``2,5``, ``2.5 %``) as a rate string (``0.025``)."""

def format_amount(value: str, lang: str = "da", currency: bool = False) -> str:
    """A plain decimal string shown for people: rounded half away from zero to the øre,
    thousands grouped (``219.700,00`` / ``219,700.00``; with ``currency``: ``219.700,00 kr.`` /
    ``DKK 219,700.00``)."""

def format_date(iso: str, lang: str = "da") -> str:
    """A ``YYYY-MM-DD`` date as people read it: ``1. jun. 2026`` / ``1 Jun 2026``."""

def write_csv(header: List[str], rows: List[List[str]], dialect: str = "en") -> str:
    """A table as CSV by the core's writer (the CLI's and the page's): ``header`` column keys
    (Danish labels in ``da``), ``rows`` plain spellings (``"-1234.50"``, ``"2027"``, text).
    ``da``: ``;``, decimal comma, BOM, CRLF; ``en``: ``,``, decimal point, the keys."""

def policy_comparison_csv(comparison_json: str, dialect: str = "en") -> str:
    """A ``PolicyComparison`` (JSON) as CSV (``PolicyComparison::to_csv``)."""

def column_labels() -> List[Tuple[str, str, str]]:
    """Every CSV column key with its Danish and English label: ``[(key, da, en), ...]``."""

@final
class Engine:
    def __init__(self) -> None: ...
    def evaluate(self, scenario_json: str) -> str: ...
    def compare(self, a_json: str, b_json: str) -> str: ...
    def cumulative(self, scenario_json: str) -> str: ...
    def break_even(self, query_json: str) -> str: ...
    def illustrative_team(self) -> str: ...
    def team_cost(self, model_json: str) -> str: ...
    def place(self, cost: str) -> str: ...
    def catalog(self) -> str:
        """The catalog (JSON): sources with ``used_by``, rules, parameters, presets, reference
        figures, cohort calibration and economics."""
    def defaults(self) -> str:
        """The defaults front ends fill in, each with its citation and address (JSON)."""
    def policy(self, spec_json: str) -> str:
        """A policy spec (JSON) resolved into its ``PolicyView`` (JSON)."""
    def parse_scenario(self, text: str, format: Optional[str] = None) -> str: ...
    def toml_to_json(self, text: str) -> str: ...
    def evaluate_register(
        self,
        policy_json: str,
        citizens: int,
        names: Optional[str],
        groups: bytes,
        birth_date: bytes,
        admitted: bytes,
        discharged: bytes,
        rate_codes: bytes,
        rate_values: str,
        own_codes: bytes,
        own_values: str,
        support_groups: bytes,
        support_method: str,
        support_start: bytes,
        support_end: bytes,
        support_cost_codes: bytes,
        support_cost_values: str,
        support_decided: bytes,
        support_decided_on: bytes,
        ticks_per_day: List[int],
        parallel: bool = True,
    ) -> Register:
        """A stay register as columns (see ``refusion.evaluate_register``): i64 columns as
        little-endian bytes, dates as ticks with ``ticks_per_day`` for birth date, admitted,
        discharged, support start, end and decided_on; ``support_decided`` one byte a row
        (0 false, 1 true, 2 not given); a ``support_decided_on`` of ``-2**63`` is not given."""
    def evaluate_register_arrow(
        self,
        policy_json: str,
        stays: Any,
        support: Any = None,
        parallel: bool = True,
    ) -> Tuple[Register, Any]:
        """A register given as Arrow data (any object with ``__arrow_c_stream__`` or
        ``__arrow_c_array__``), with an optional support table likewise: the result and the
        citizens' ids as an Arrow array (an object with ``__arrow_c_array__``)."""
    def evaluate_register_csv(
        self,
        policy_json: str,
        stays_path: Optional[str],
        stays_bytes: Optional[bytes],
        support_path: Optional[str],
        support_bytes: Optional[bytes],
        citizens: bool,
    ) -> Tuple[str, str]: ...
    def comparison(self, name: str) -> str:
        """A ready comparison by name (JSON: ``title``, ``en``, ``da``, ``base``, ``policy``)."""
    def compare_register_csv(
        self,
        policy_json: str,
        base_json: str,
        stays_path: Optional[str],
        stays_bytes: Optional[bytes],
        support_path: Optional[str],
        support_bytes: Optional[bytes],
    ) -> str:
        """A register CSV under ``policy`` and ``base``: the ``PolicyComparison`` (JSON)."""
    def budget_policy_comparison(self, query_json: str, base_json: str) -> str:
        """A budget's status quo under the query's policy against ``base`` (JSON)."""
    def cohort(self, spec_json: str) -> Dict[str, Any]: ...
    def plan(self, query_json: str) -> str: ...
    def budget(self, query_json: str) -> str: ...
    def monte_carlo(self, query_json: str) -> str: ...
    def tornado(self, query_json: str) -> str: ...

@final
class Register:
    """A register result held in Rust; money columns come as newline-joined decimal text."""

    @property
    def policy(self) -> str: ...
    @property
    def rows(self) -> int: ...
    @property
    def n_citizens(self) -> int: ...
    def compared_with(self, base: Register) -> str:
        """This register against the same register under a base policy: the
        ``PolicyComparison`` (policy − base) as JSON."""
    def totals(self) -> Dict[str, str]: ...
    def arrow(self, level: str, ore: bool = False) -> Any:
        """One level as an Arrow table (an object with ``__arrow_c_stream__``): ``group`` or
        ``year`` first, counts as int64, money as ``decimal128(38, 2)`` (int64 øre with
        ``ore``)."""
    def years(self, ore: bool = False) -> Dict[str, Any]: ...
    def citizens(self, ore: bool = False) -> Dict[str, Any]: ...
    def citizen_years(self, ore: bool = False) -> Dict[str, Any]: ...

# Workbooks (crates/refusion-py/src/workbook.rs, through refusion-xlsx): a register or support
# table from CSV, .xlsx or .ods (told apart by the bytes), and results as .xlsx bytes.

@final
class RegisterFile:
    """A register read from a file (CSV, .xlsx or .ods), kept for its citizens' ids and for
    one citizen's explanation."""

    def citizen_ids(self) -> List[str]:
        """The citizens' ids, in the order of the results."""

def evaluate_register_file(
    engine: Engine,
    policy_json: str,
    stays_path: Optional[str],
    stays_bytes: Optional[bytes],
    support_path: Optional[str],
    support_bytes: Optional[bytes],
    citizens: bool,
) -> Tuple[str, str]:
    """A register file (CSV streamed, or a workbook read whole) and its support file: the
    summary (JSON) and the per-citizen CSV (empty unless ``citizens``)."""

def compare_register_file(
    engine: Engine,
    policy_json: str,
    base_json: str,
    stays_path: Optional[str],
    stays_bytes: Optional[bytes],
    support_path: Optional[str],
    support_bytes: Optional[bytes],
) -> str:
    """A register file (CSV or workbook) under ``policy`` and ``base``: the
    ``PolicyComparison`` (JSON)."""

def read_register(
    engine: Engine,
    policy_json: str,
    stays_path: Optional[str],
    stays_bytes: Optional[bytes],
    support_path: Optional[str],
    support_bytes: Optional[bytes],
    parallel: bool = True,
) -> Tuple[Register, RegisterFile]:
    """A register file (CSV, .xlsx or .ods; support likewise) evaluated whole under a policy:
    the result and the register as read."""

def register_workbook(
    engine: Engine,
    register: Register,
    policy_json: str,
    citizen_ids: List[str],
    explain: Optional[Tuple[str, str]] = None,
    lang: str = "da",
) -> bytes:
    """A register result as .xlsx bytes; ``explain`` is ``(citizen id, scenario JSON)``."""

def register_file_workbook(
    engine: Engine,
    register: Register,
    file: RegisterFile,
    explain: Optional[str] = None,
    lang: str = "da",
) -> bytes:
    """A register result read by ``read_register`` as .xlsx bytes; ``explain`` is a citizen id."""

def comparison_workbook(engine: Engine, comparison_json: str, lang: str = "da") -> bytes:
    """A ``PolicyComparison`` (JSON) as .xlsx bytes."""

def plan_workbook(engine: Engine, plan_json: str, lang: str = "da") -> bytes:
    """A ``PlanResult`` (JSON) as .xlsx bytes."""

def budget_workbook(engine: Engine, budget_json: str, lang: str = "da") -> bytes:
    """A ``BudgetResult`` (JSON) as .xlsx bytes."""

def monte_carlo_workbook(engine: Engine, monte_carlo_json: str, lang: str = "da") -> bytes:
    """A ``MonteCarlo`` result (JSON) as .xlsx bytes."""
