/** An exact decimal as a string: an amount such as "1400.50", a rate such as "0.035". A JS number is rejected for money (`float_money`). */
export type Decimal = string;
/** A date written "YYYY-MM-DD". */
export type IsoDate = string;

/** What every function throws: an Error with a stable code and the field it concerns. */
export interface RefusionError extends Error {
    name: "RefusionError";
    code: ErrorCode;
    /** e.g. "shelter_stays[0].daily_rate"; empty when not about one field. */
    field: string;
}

/** A reference figure with its sources spelled out (`references()`), not just their ids. */
export type WithSources<T> = Omit<T, "sources"> & { sources: Array<Source> };

/** The object form of a policy spec: a preset with named overrides. */
export type PolicyObject = Exclude<PolicySpec, string>;
/** @deprecated use PolicyView, what `policy()` returns */
export type Policy = PolicyView;
/** @deprecated use PlanYear */
export type BudgetYear = PlanYear;
