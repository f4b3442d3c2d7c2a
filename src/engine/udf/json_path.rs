//! `json_extract_scalar(json, path)` and `json_extract(json, path)` with Trino's semantics:
//! the scalar form gives the text of a string, number or boolean and NULL for anything else;
//! the other gives the JSON text of the value at the path.

use arrow::array::StringArray;
use arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};
use serde_json::Value;

use super::{array_result, arrays, as_strings};

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct JsonExtract {
    name: &'static str,
    scalar: bool,
    signature: Signature,
}

impl JsonExtract {
    pub fn scalar() -> Self {
        JsonExtract { name: "json_extract_scalar", scalar: true, signature: Signature::any(2, Volatility::Immutable) }
    }

    pub fn json() -> Self {
        JsonExtract { name: "json_extract", scalar: false, signature: Signature::any(2, Volatility::Immutable) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Parses the JSONPath subset Trino accepts: `$`, `.key`, `["key"]`, `['key']`, `[0]`.
pub fn parse_path(path: &str) -> Option<Vec<Step>> {
    let rest = path.trim().strip_prefix('$')?;
    let mut steps = Vec::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '.' => {
                let start = i + 1;
                let mut end = start;
                while let Some(&(j, c)) = chars.peek() {
                    if c == '.' || c == '[' {
                        break;
                    }
                    end = j + c.len_utf8();
                    chars.next();
                }
                if end == start {
                    return None;
                }
                steps.push(Step::Key(rest[start..end].to_string()));
            }
            '[' => {
                let close = rest[i..].find(']')? + i;
                let inner = rest[i + 1..close].trim();
                if let Some(q) = inner.chars().next().filter(|q| *q == '"' || *q == '\'') {
                    let key = inner.strip_prefix(q)?.strip_suffix(q)?;
                    steps.push(Step::Key(key.to_string()));
                } else {
                    steps.push(Step::Index(inner.parse().ok()?));
                }
                while chars.peek().is_some_and(|&(j, _)| j <= close) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(steps)
}

pub fn walk<'v>(mut value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    for step in steps {
        value = match (step, value) {
            (Step::Key(k), Value::Object(map)) => map.get(k)?,
            (Step::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

fn extract(json: &str, steps: &[Step], scalar: bool) -> Option<String> {
    let value: Value = serde_json::from_str(json).ok()?;
    let found = walk(&value, steps)?;
    if scalar {
        match found {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    } else {
        Some(found.to_string())
    }
}

impl ScalarUDFImpl for JsonExtract {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = arrays(&args.args, args.number_rows)?;
        let (json, path) = (as_strings(&arrays[0])?, as_strings(&arrays[1])?);
        let mut cached: Option<(String, Option<Vec<Step>>)> = None;
        let out: StringArray = json
            .iter()
            .zip(path.iter())
            .map(|(json, path)| {
                let (json, path) = (json?, path?);
                if cached.as_ref().is_none_or(|(p, _)| p != path) {
                    cached = Some((path.to_string(), parse_path(path)));
                }
                let steps = cached.as_ref()?.1.as_ref()?;
                extract(json, steps, self.scalar)
            })
            .collect();
        array_result(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_trino() {
        assert_eq!(parse_path("$.a.b[1]"), Some(vec![Step::Key("a".into()), Step::Key("b".into()), Step::Index(1)]));
        assert_eq!(parse_path("$[\"a b\"]"), Some(vec![Step::Key("a b".into())]));
        assert_eq!(parse_path("a.b"), None);
        let doc = r#"{"bucketName":"x","n":3,"o":{"k":[true]}}"#;
        assert_eq!(extract(doc, &parse_path("$.bucketName").unwrap(), true).as_deref(), Some("x"));
        assert_eq!(extract(doc, &parse_path("$.n").unwrap(), true).as_deref(), Some("3"));
        assert_eq!(extract(doc, &parse_path("$.o").unwrap(), true), None);
        assert_eq!(extract(doc, &parse_path("$.o.k[0]").unwrap(), false).as_deref(), Some("true"));
    }
}
