//! Strict readers: JSON and TOML documents into typed values, with errors that name the field,
//! and the checks that keep binary floats away from money.

use serde::de::DeserializeOwned;

use crate::model::error::{Error, ErrorKind};

/// The fields that hold money or another exact decimal, in every input format.
pub(crate) const DECIMAL_FIELDS: [&str; 9] = [
    "daily_rate",
    "own_payment_per_night",
    "annual_cost",
    "annual_salary",
    "annual",
    "cost",
    "fte",
    "establishment_cost_per_team",
    "team_size_fte",
];

/// For callers whose numbers are binary floats (JavaScript): rejects any JSON number in a
/// money field, naming the field, so that money always arrives as a decimal string.
///
/// ```
/// use refusion_core::model::read::require_decimal_strings;
/// let v: serde_json::Value = serde_json::from_str(
///     r#"{"shelter_stays": [{"daily_rate": 1400}]}"#).unwrap();
/// let e = require_decimal_strings(&v).unwrap_err();
/// assert_eq!((e.code(), e.field()), ("float_money", "shelter_stays[0].daily_rate"));
/// ```
pub fn require_decimal_strings(value: &serde_json::Value) -> Result<(), Error> {
    fn walk(v: &serde_json::Value, path: &str) -> Result<(), Error> {
        match v {
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    let at = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    if let (true, serde_json::Value::Number(n)) =
                        (DECIMAL_FIELDS.contains(&k.as_str()), child)
                    {
                        return Err(Error::new(
                            ErrorKind::FloatMoney,
                            at,
                            format!(
                                "{n} is a JavaScript number (a binary float), which cannot hold money exactly; pass a decimal string: \"{n}\""
                            ),
                        ));
                    }
                    walk(child, &at)?;
                }
                Ok(())
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(value, "")
}

/// Bytes as text: a UTF-8 byte-order mark is skipped; bytes that are not UTF-8 are a
/// `syntax` error that says where and how to fix it.
///
/// ```
/// use refusion_core::model::read::text_of;
/// assert_eq!(text_of(b"\xef\xbb\xbf{}").unwrap(), "{}");
/// let e = text_of(b"{\"name\": \"S\xf8ren\"}").unwrap_err();
/// assert_eq!(e.code(), "syntax");
/// ```
pub fn text_of(bytes: &[u8]) -> Result<&str, Error> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        let line = body
            .get(..at)
            .map_or(1, |b| b.iter().filter(|&&c| c == b'\n').count() + 1);
        Error::new(
            ErrorKind::Syntax,
            "",
            format!(
                "not UTF-8 text (byte {} on line {line}); save the file as UTF-8",
                at + 1 + (bytes.len() - body.len())
            ),
        )
    })
}

/// A leading byte-order mark (U+FEFF), as editors on Windows write it, is not part of the text.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads any serde type from JSON with typed, field-naming errors.
pub fn from_json_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let text = without_bom(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        json_error(&path, &inner)
    })?;
    de.end().map_err(|e| json_error(".", &e))?;
    Ok(value)
}

fn json_error(path: &str, e: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::new(
            ErrorKind::Syntax,
            "",
            format!(
                "not valid JSON: {message} (line {}, column {})",
                e.line(),
                e.column()
            ),
        ),
        Category::Data => Error::from_serde_message(path, message),
    }
}

/// Reads any serde type from TOML with typed, field-naming errors.
pub fn from_toml_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let de = toml::Deserializer::parse(without_bom(text)).map_err(|e| toml_syntax(&e))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Error::from_serde_message(&path, inner.message())
    })
}

fn toml_syntax(e: &toml::de::Error) -> Error {
    let msg = e.message().lines().next().unwrap_or("").to_string();
    Error::new(ErrorKind::Syntax, "", format!("not valid TOML: {msg}"))
}

/// Reads JSON or TOML: JSON when the text starts with `{` (after whitespace), TOML otherwise.
pub fn from_str_auto<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    if without_bom(text).trim_start().starts_with('{') {
        from_json_str(text)
    } else {
        from_toml_str(text)
    }
}
