//! The one error type of the model.
//!
//! Every failure is an [`Error`]: a stable [`ErrorKind`] (with a stable string [`code`]), the
//! field it concerns (a path such as `shelter_stays[1].discharged`) and a one-line message that
//! says how to fix it. The bindings map the kind to a Python exception class and a JS `code`.
//!
//! [`code`]: ErrorKind::code

use std::fmt;

/// What went wrong. The codes returned by [`ErrorKind::code`] are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The document is not valid JSON or TOML.
    Syntax,
    /// A required field is absent.
    MissingField,
    /// A field that the format does not know (often a typo).
    UnknownField,
    /// A value of the wrong type, e.g. a boolean where an amount belongs.
    WrongType,
    /// A binary floating-point number was given for money or a rate.
    FloatMoney,
    /// An amount is not a plain decimal, has too many decimals or is too large.
    InvalidAmount,
    /// An amount that must not be negative is negative.
    NegativeAmount,
    /// A date is malformed or outside 1900-01-01 … 9999-12-31.
    InvalidDate,
    /// An end date is not after its start date, or a spell starts before birth.
    DateOrder,
    /// Two spells of the same kind (or a § 110 and a § 107 stay) overlap.
    Overlap,
    /// A policy preset name that does not exist.
    UnknownPolicy,
    /// A policy override names a parameter that does not exist.
    UnknownParameter,
    /// A parameter or option has an impossible value.
    InvalidParameter,
    /// A result is too large to compute exactly.
    Overflow,
    /// An input exceeds a documented limit (spells per scenario, horizon).
    Limit,
    /// The rows of a register contradict each other: one citizen with two birth dates,
    /// support for a citizen without stays, or (streamed) a citizen who comes back after others.
    InconsistentRegister,
    /// Two fields of one input say different things, e.g. `decided_on` after the discharge
    /// and `decided_before_discharge: true`.
    ConflictingFields,
}

impl ErrorKind {
    /// Every kind, in documentation order.
    pub const ALL: [ErrorKind; 17] = [
        ErrorKind::Syntax,
        ErrorKind::MissingField,
        ErrorKind::UnknownField,
        ErrorKind::WrongType,
        ErrorKind::FloatMoney,
        ErrorKind::InvalidAmount,
        ErrorKind::NegativeAmount,
        ErrorKind::InvalidDate,
        ErrorKind::DateOrder,
        ErrorKind::Overlap,
        ErrorKind::UnknownPolicy,
        ErrorKind::UnknownParameter,
        ErrorKind::InvalidParameter,
        ErrorKind::Overflow,
        ErrorKind::Limit,
        ErrorKind::InconsistentRegister,
        ErrorKind::ConflictingFields,
    ];

    /// The stable machine-readable code, e.g. `"float_money"`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::UnknownField => "unknown_field",
            ErrorKind::WrongType => "wrong_type",
            ErrorKind::FloatMoney => "float_money",
            ErrorKind::InvalidAmount => "invalid_amount",
            ErrorKind::NegativeAmount => "negative_amount",
            ErrorKind::InvalidDate => "invalid_date",
            ErrorKind::DateOrder => "date_order",
            ErrorKind::Overlap => "overlap",
            ErrorKind::UnknownPolicy => "unknown_policy",
            ErrorKind::UnknownParameter => "unknown_parameter",
            ErrorKind::InvalidParameter => "invalid_parameter",
            ErrorKind::Overflow => "overflow",
            ErrorKind::Limit => "limit",
            ErrorKind::InconsistentRegister => "inconsistent_register",
            ErrorKind::ConflictingFields => "conflicting_fields",
        }
    }

    /// The kind for a stable code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A typed, field-naming error. Nothing in the model panics; everything fails with this.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    field: String,
    message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl Error {
    /// A new error.
    #[must_use]
    pub fn new(kind: ErrorKind, field: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            kind,
            field: field.into(),
            message: message.into(),
        }
    }

    /// An overflow while computing `what`.
    #[must_use]
    pub fn overflow(field: impl Into<String>, what: &str) -> Error {
        Error::new(
            ErrorKind::Overflow,
            field,
            format!(
                "{what} is too large to compute exactly; check the amounts and dates for typos"
            ),
        )
    }

    /// The kind.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable code of the kind, e.g. `"date_order"`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The field path, e.g. `shelter_stays[0].daily_rate` (empty when not about one field).
    #[must_use]
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The message, without the field.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error about another field (used to place errors raised below the field level).
    #[must_use]
    pub fn at(mut self, field: impl Into<String>) -> Error {
        self.field = field.into();
        self
    }

    /// Sets the field when the error does not name one yet.
    #[must_use]
    pub fn or_at(self, field: &str) -> Error {
        if self.field.is_empty() {
            self.at(field)
        } else {
            self
        }
    }

    /// Prefixes the field path, e.g. `policy` + `cap_nights` → `policy.cap_nights`.
    #[must_use]
    pub fn within(mut self, parent: &str) -> Error {
        if parent.is_empty() {
            return self;
        }
        self.field = if self.field.is_empty() {
            parent.to_string()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }

    /// Carries the error through serde as a custom message `[code] message`.
    pub(crate) fn into_serde<E: serde::de::Error>(self) -> E {
        E::custom(format!("[{}] {}", self.kind.code(), self.message))
    }

    /// Rebuilds a typed error from a serde message at `path`.
    pub(crate) fn from_serde_message(path: &str, message: &str) -> Error {
        let field = if path == "." || path == "?" { "" } else { path };
        if let Some(rest) = message.strip_prefix('[') {
            if let Some((code, msg)) = rest.split_once("] ") {
                if let Some(kind) = ErrorKind::from_code(code) {
                    return Error::new(kind, field, msg);
                }
            }
        }
        let join = |name: &str| {
            if field.is_empty() {
                name.to_string()
            } else {
                format!("{field}.{name}")
            }
        };
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or_default();
            return Error::new(
                ErrorKind::MissingField,
                join(name),
                format!("`{name}` is required"),
            );
        }
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let name = rest.split('`').next().unwrap_or_default();
            let expected = rest
                .split_once(", expected ")
                .map(|(_, e)| format!("; known fields: {}", e.replace('`', "")))
                .unwrap_or_default();
            let at = if field == name || field.ends_with(&format!(".{name}")) {
                field.to_string()
            } else {
                join(name)
            };
            return Error::new(
                ErrorKind::UnknownField,
                at,
                format!("unknown field `{name}` (check the spelling){expected}"),
            );
        }
        if let Some(rest) = message.strip_prefix("duplicate field `") {
            let name = rest.split('`').next().unwrap_or_default();
            return Error::new(
                ErrorKind::Syntax,
                join(name),
                format!("`{name}` is given twice; keep one"),
            );
        }
        if message.starts_with("unknown variant") {
            return Error::new(
                ErrorKind::InvalidParameter,
                field,
                message.replace('`', "\""),
            );
        }
        Error::new(ErrorKind::WrongType, field, message.replace('`', "\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        }
    }

    #[test]
    fn serde_messages_map_to_kinds() {
        let e = Error::from_serde_message("shelter_stays[0]", "missing field `daily_rate`");
        assert_eq!(e.kind(), ErrorKind::MissingField);
        assert_eq!(e.field(), "shelter_stays[0].daily_rate");
        let e = Error::from_serde_message("x", "[float_money] 1.5 is a float");
        assert_eq!(e.kind(), ErrorKind::FloatMoney);
        assert_eq!(e.to_string(), "x: 1.5 is a float");
    }
}
