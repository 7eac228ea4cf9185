
/** An exact decimal amount as a string, e.g. "1400.50". JS numbers are rejected for money. */
export type Decimal = string;
/** A date written "YYYY-MM-DD". */
export type IsoDate = string;

export type ErrorCode =
  | "syntax" | "missing_field" | "unknown_field" | "wrong_type" | "float_money"
  | "invalid_amount" | "negative_amount" | "invalid_date" | "date_order" | "overlap"
  | "unknown_policy" | "unknown_parameter" | "invalid_parameter" | "overflow" | "limit"
  | "inconsistent_register";

/** What every function throws: an Error with a stable code and the field it concerns. */
export interface RefusionError extends Error {
  name: "RefusionError";
  code: ErrorCode;
  /** e.g. "shelter_stays[0].daily_rate"; empty when not about one field. */
  field: string;
}

export interface OverrideStep { from?: IsoDate; from_age?: number; value: string | number; }
export type OverrideValue = string | number | OverrideStep[];
export interface PolicyObject {
  preset?: string;
  name?: string;
  overrides?: Record<string, OverrideValue>;
}
/** "statutory" (default), "age-26", "pre-reform", or a preset with overrides. */
export type PolicySpec = string | PolicyObject;

export interface Citizen { birth_date: IsoDate; }
export interface ShelterStay {
  admitted: IsoDate; discharged: IsoDate; daily_rate: Decimal; own_payment_per_night: Decimal;
}
export type SupportMethod = "m-act" | "act" | "icm" | "cti" | "other";
export interface HomeSupport {
  method: SupportMethod; start: IsoDate; end: IsoDate; annual_cost: Decimal;
  decided_before_discharge: boolean;
}
export interface TemporaryStay {
  start: IsoDate; end: IsoDate; daily_rate: Decimal; own_payment_per_night?: Decimal;
  decided_before_discharge: boolean;
}
export interface Scenario {
  name?: string;
  policy?: PolicySpec;
  citizen: Citizen;
  shelter_stays?: ShelterStay[];
  home_support?: HomeSupport[];
  temporary_housing?: TemporaryStay[];
}

export interface Totals {
  gross: Decimal; citizen_payment: Decimal; state_refusion: Decimal; municipal_net: Decimal;
}
export interface NightCounts {
  shelter_nights: number; shelter_refunded_nights: number;
  support_days: number; support_refunded_days: number;
  temporary_housing_nights: number; temporary_housing_refunded_nights: number;
}
export type SpellKind = "shelter" | "home_support" | "temporary_housing";
export interface Line extends Totals {
  kind: SpellKind; spell: number; start: IsoDate; end: IsoDate; year: number;
  nights: number; refunded_nights: number; rule: string;
}
export interface YearTotals extends Totals { year: number; }
export interface RefundWindow {
  start: IsoDate; end: IsoDate; nights: number; refunded_nights: number; max_cap: number;
}
export interface RefundPeriod {
  rule: string; discharge: IsoDate; start: IsoDate; end: IsoDate;
  refunded_start?: IsoDate; refunded_end?: IsoDate;
}
export type TraceKind =
  | "window_opened" | "period_opened" | "shelter_before_reform" | "shelter_no_cap"
  | "shelter_refunded" | "shelter_cap_reached" | "support_refunded" | "support_not_decided"
  | "support_outside_period" | "support_rate_zero" | "temporary_refunded"
  | "temporary_not_decided" | "temporary_outside_period" | "temporary_rate_zero";
export interface TraceParameter {
  name: string; value: string; effective_from: IsoDate; source: string; url: string;
}
export interface TraceEntry {
  rule: string; kind: TraceKind; spell: string; start: IsoDate; end: IsoDate;
  nights: number; refunded_nights: number; rate?: string; parameter?: TraceParameter; text: string;
}
export interface Evaluation {
  policy: string; totals: Totals; nights: NightCounts; lines: Line[]; years: YearTotals[];
  windows: RefundWindow[]; periods: RefundPeriod[]; trace: TraceEntry[];
}

export interface Pathway { label: string; evaluation: Evaluation; }
export interface YearComparison { year: number; a: Totals; b: Totals; difference: Totals; }
export interface Comparison {
  a: Pathway; b: Pathway; difference: Totals; years: YearComparison[];
  cheaper_for_municipality: string | null; cheaper_for_public_sector: string | null;
}
export interface CurvePoint extends Totals { date: IsoDate; day: number; }

export interface SupportOffer {
  method: SupportMethod; annual_cost: Decimal; decided_before_discharge?: boolean;
}
export interface BreakEvenQuery {
  policy?: PolicySpec; citizen: Citizen; earlier_stays?: ShelterStay[];
  admitted: IsoDate; daily_rate: Decimal; own_payment_per_night: Decimal;
  discharge?: IsoDate; support: SupportOffer; horizon_years?: number;
}
export interface BreakEvenPoint {
  night: number; date: IsoDate; stay_cost: Decimal; support_cost: Decimal;
}
export interface BreakEven {
  admitted: IsoDate; discharge: IsoDate; horizon_end: IsoDate;
  support_pathway: Totals; stay_whole_horizon: Totals;
  municipality: BreakEvenPoint | null; public_sector: BreakEvenPoint | null;
  stay_curve: CurvePoint[]; support_curve: CurvePoint[];
}

export type TeamFunction = "social-support" | "health" | "administrative" | "coordinator";
export interface StaffLine { role: string; function: TeamFunction; fte: Decimal; annual_salary: Decimal; }
export interface CostLine { item: string; annual: Decimal; }
export interface Establishment { cost: Decimal; spread_years: number; }
export interface TeamModel {
  staff: StaffLine[]; operating?: CostLine[]; establishment?: Establishment;
  caseload: number; illustrative?: boolean;
}
export interface Placement {
  cost: Decimal; mean: Decimal; low: Decimal; high: Decimal;
  position: "below_range" | "within_range" | "above_range";
  vs_mean: Decimal; vs_mean_percent: Decimal; source: string; url: string; text: string;
}
export interface TeamCost {
  staff_cost: Decimal; other_operating_cost: Decimal; operating_cost: Decimal;
  establishment_per_year: Decimal; total_per_year: Decimal; caseload: number;
  operating_per_citizen_year: Decimal; total_per_citizen_year: Decimal;
  by_function: { function: TeamFunction; fte: Decimal; annual: Decimal }[];
  placement: Placement; warnings: string[]; illustrative: boolean;
}
export interface Source { title: string; publisher: string; law?: string; url: string; citation: string; }
export interface References {
  m_act: { mean: Decimal; low: Decimal; high: Decimal; price_year: number; scope: string;
           municipalities: string[]; source: Source; };
  act: { mean: Decimal; price_year: number; scope: string; source: Source; };
}
export interface Policy {
  name: string; preset: string; overrides: string[];
  /** Every parameter with its dated, sourced values. */
  parameters: Record<string, unknown>;
}

export interface StayRow {
  citizen_id: string; birth_date: IsoDate; admitted: IsoDate; discharged: IsoDate;
  daily_rate: Decimal; own_payment_per_night: Decimal;
}
/** A § 85 a support row of a register; the citizen must also have a stay row. */
export interface SupportRow {
  citizen_id: string; method: SupportMethod; start: IsoDate; end: IsoDate;
  annual_cost: Decimal; decided_before_discharge: boolean;
}
export interface CitizenTotals extends Totals {
  citizen_id: string; stays: number; nights: number; refunded_nights: number; support_days: number;
}
export interface CitizenYear extends Totals { citizen_id: string; year: number; }
export interface RegisterResult {
  policy: string; rows: number; citizens: CitizenTotals[]; citizen_years: CitizenYear[];
  years: YearTotals[]; totals: Totals;
}

/** The result of `evaluateRegisterCsv`: totals per year and in all, and one CSV line per citizen. */
export interface RegisterCsvResult {
  policy: string; rows: number; citizens: number; years: YearTotals[]; totals: Totals;
  /** citizen_id,stays,nights,refunded_nights,support_days,gross,citizen_payment,state_refusion,municipal_net */
  citizens_csv: string;
}

export interface LabelledCost { label: string; annual_cost: Decimal; }
export interface BudgetQuery {
  policy?: PolicySpec; first_year: number; horizon_years?: number; citizens_per_year: number;
  average_stay_nights: number; nights_before_discharge?: number;
  daily_rate: Decimal; own_payment_per_night: Decimal; support_method?: SupportMethod;
  annual_costs?: LabelledCost[]; support_years?: number; caseload: number;
  team_size_fte?: Decimal; establishment_cost_per_team?: Decimal; age?: number;
  /** Default "0.035" (Finansministeriet). */
  discount_rate?: Decimal;
}
/** One pathway's costs in a year: § 110 shelter and § 85 a support, and the totals by payer. */
export interface PathwayYear extends Totals { shelter: Decimal; support: Decimal; }
/** One year of a plan: baseline against plan; negative effects are savings. */
export interface PlanYear {
  year: number; baseline: PathwayYear; plan: PathwayYear; effect: Totals;
  support_citizen_years: Decimal; teams: number; new_teams: number; fte?: Decimal;
  establishment: Decimal; municipal_effect: Decimal; present_value: Decimal;
}
/** @deprecated use PlanYear */
export type BudgetYear = PlanYear;
export interface BudgetVariant {
  label: string; annual_cost: Decimal; years: PlanYear[]; total_effect: Totals;
  total_municipal_effect: Decimal; total_present_value: Decimal;
}
export interface BudgetResult {
  policy: string; first_year: number; horizon_years: number; discount_rate: Decimal;
  variants: BudgetVariant[];
}

/** A seeded synthetic cohort, calibrated to published Danish figures (see the README). */
export interface CohortSpec {
  seed?: number; citizens: number; first_year?: number; years?: number;
  stays?: { min: number; max: number };
  support_share?: Decimal; decided_share?: Decimal; support_annual_cost?: Decimal;
  daily_rate_low?: Decimal; daily_rate_high?: Decimal; own_payment_per_night?: Decimal;
  waived_share?: Decimal;
}
export interface Cohort { rows: StayRow[]; support: SupportRow[]; }
export interface PlanQuery {
  policy?: PolicySpec; cohort: CohortSpec; horizon_years?: number; discharge_after_nights: number;
  share_discharged?: Decimal; support_method?: SupportMethod; support_annual_cost?: Decimal;
  support_years?: number; caseload: number; team_size_fte?: Decimal;
  establishment_cost_per_team?: Decimal; discount_rate?: Decimal;
}
export interface PlanResult {
  policy: string; discount_rate: Decimal; years: PlanYear[]; total_effect: Totals;
  total_municipal_effect: Decimal; total_present_value: Decimal;
}
export interface Triangular { low: Decimal; mode: Decimal; high: Decimal; }
export interface PercentRange { low: number; high: number; }
/** The uncertain inputs; defaults: M-ACT triangular(78,000; 104,000; 121,000) (Rambøll 2022). */
export interface Uncertain {
  support_cost?: Triangular | null; rate_change_percent?: PercentRange;
  stay_change_percent?: PercentRange; share_discharged_percent?: PercentRange;
}
export interface McRun { draws?: number; seed?: number; uncertain?: Uncertain; parallel?: boolean; }
/** Give exactly one of `plan` and `budget`. */
export interface UncertaintyQuery { plan?: PlanQuery; budget?: BudgetQuery; run?: McRun; }
export interface Band { p5: Decimal; p50: Decimal; p95: Decimal; min: Decimal; max: Decimal; }
export interface BandYear extends Band { year: number; }
export interface Draw { support_cost: Decimal; rate_percent: number; stay_percent: number; share_percent: number; }
export interface MonteCarlo { draws: number; seed: number; years: BandYear[]; total: Band; sample: Draw[]; }
export interface TornadoRow {
  input: string; low_value: string; high_value: string; at_low: Decimal; at_high: Decimal; swing: Decimal;
}
export interface Tornado { base: Decimal; rows: TornadoRow[]; }
