//! Trino's time functions: `from_iso8601_timestamp`, `to_iso8601`, `date_add`, `date_diff`.

use arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray, TimestampMicrosecondArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, TimestampMicrosecondType};
use chrono::{DateTime, Datelike, Months, Utc};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::{array_result, arrays, as_strings};
use crate::lake::schema::timestamp_type;

/// Any timestamp or ISO-8601 string argument as UTC microseconds.
fn micros(array: &ArrayRef) -> Result<TimestampMicrosecondArray> {
    if matches!(array.data_type(), DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) {
        let strings = as_strings(array)?;
        return Ok(strings
            .iter()
            .map(|s| s.and_then(|s| crate::ingest::event::parse_time(s.trim()).or_else(|| parse_loose(s.trim()))))
            .collect::<TimestampMicrosecondArray>()
            .with_timezone("UTC"));
    }
    let converted = cast(array, &timestamp_type())?;
    Ok(converted.as_primitive::<TimestampMicrosecondType>().clone())
}

/// ISO-8601 forms that RFC 3339 does not allow: a date alone, or no offset (taken as UTC).
fn parse_loose(s: &str) -> Option<i64> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_micros());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, format) {
            return Some(t.and_utc().timestamp_micros());
        }
    }
    None
}

fn unit_micros(unit: &str) -> Option<i64> {
    Some(match unit {
        "millisecond" => 1_000,
        "second" => 1_000_000,
        "minute" => 60_000_000,
        "hour" => 3_600_000_000,
        "day" => 86_400_000_000,
        "week" => 7 * 86_400_000_000,
        _ => return None,
    })
}

fn month_count(unit: &str) -> Option<i64> {
    Some(match unit {
        "month" => 1,
        "quarter" => 3,
        "year" => 12,
        _ => return None,
    })
}

fn bad_unit(unit: &str) -> DataFusionError {
    DataFusionError::Execution(format!(
        "unknown time unit '{unit}': use millisecond, second, minute, hour, day, week, month, quarter or year"
    ))
}

macro_rules! simple_udf {
    ($ty:ident, $name:literal, $sig:expr) => {
        #[derive(Debug, PartialEq, Eq, Hash)]
        pub struct $ty {
            signature: Signature,
        }
        impl $ty {
            pub fn new() -> Self {
                $ty { signature: $sig }
            }
        }
        impl Default for $ty {
            fn default() -> Self {
                Self::new()
            }
        }
    };
}

simple_udf!(FromIso8601, "from_iso8601_timestamp", Signature::any(1, Volatility::Immutable));
simple_udf!(ToIso8601, "to_iso8601", Signature::any(1, Volatility::Immutable));
simple_udf!(DateAdd, "date_add", Signature::any(3, Volatility::Immutable));
simple_udf!(DateDiff, "date_diff", Signature::any(3, Volatility::Immutable));

impl ScalarUDFImpl for FromIso8601 {
    fn name(&self) -> &str {
        "from_iso8601_timestamp"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(timestamp_type())
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = arrays(&args.args, args.number_rows)?;
        array_result(micros(&arrays[0])?)
    }
}

pub fn iso8601(us: i64) -> Option<String> {
    DateTime::<Utc>::from_timestamp_micros(us).map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

impl ScalarUDFImpl for ToIso8601 {
    fn name(&self) -> &str {
        "to_iso8601"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = arrays(&args.args, args.number_rows)?;
        let out: StringArray = micros(&arrays[0])?.iter().map(|t| t.and_then(iso8601)).collect();
        array_result(out)
    }
}

fn add(unit: &str, n: i64, us: i64) -> Result<Option<i64>> {
    if let Some(step) = unit_micros(unit) {
        return Ok(n.checked_mul(step).and_then(|d| us.checked_add(d)));
    }
    let months = month_count(unit).ok_or_else(|| bad_unit(unit))? * n;
    let Some(t) = DateTime::<Utc>::from_timestamp_micros(us) else { return Ok(None) };
    let moved = if months >= 0 {
        t.checked_add_months(Months::new(months as u32))
    } else {
        t.checked_sub_months(Months::new(months.unsigned_abs() as u32))
    };
    Ok(moved.map(|t| t.timestamp_micros()))
}

impl ScalarUDFImpl for DateAdd {
    fn name(&self) -> &str {
        "date_add"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(timestamp_type())
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = arrays(&args.args, args.number_rows)?;
        let units = as_strings(&arrays[0])?;
        let counts = cast(&arrays[1], &DataType::Int64)?;
        let counts = counts.as_primitive::<arrow::datatypes::Int64Type>();
        let times = micros(&arrays[2])?;
        let mut out = Vec::with_capacity(times.len());
        for i in 0..times.len() {
            if units.is_null(i) || counts.is_null(i) || times.is_null(i) {
                out.push(None);
                continue;
            }
            out.push(add(&units.value(i).to_ascii_lowercase(), counts.value(i), times.value(i))?);
        }
        array_result(TimestampMicrosecondArray::from(out).with_timezone("UTC"))
    }
}

fn diff(unit: &str, from: i64, to: i64) -> Result<Option<i64>> {
    if let Some(step) = unit_micros(unit) {
        return Ok(Some((to - from) / step));
    }
    let per = month_count(unit).ok_or_else(|| bad_unit(unit))?;
    let (Some(a), Some(b)) = (DateTime::<Utc>::from_timestamp_micros(from), DateTime::<Utc>::from_timestamp_micros(to))
    else {
        return Ok(None);
    };
    let mut months = i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month());
    // A month only counts once its day and time have been reached, as in Trino.
    let shifted = add("month", months, from)?.unwrap_or(from);
    if months > 0 && shifted > to {
        months -= 1;
    } else if months < 0 && shifted < to {
        months += 1;
    }
    Ok(Some(months / per))
}

impl ScalarUDFImpl for DateDiff {
    fn name(&self) -> &str {
        "date_diff"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = arrays(&args.args, args.number_rows)?;
        let units = as_strings(&arrays[0])?;
        let (from, to) = (micros(&arrays[1])?, micros(&arrays[2])?);
        let mut out = Vec::with_capacity(from.len());
        for i in 0..from.len() {
            if units.is_null(i) || from.is_null(i) || to.is_null(i) {
                out.push(None);
                continue;
            }
            out.push(diff(&units.value(i).to_ascii_lowercase(), from.value(i), to.value(i))?);
        }
        array_result(Int64Array::from(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_units_follow_trino() {
        let jan31 = crate::ingest::event::parse_time("2024-01-31T00:00:00Z").unwrap();
        let feb29 = crate::ingest::event::parse_time("2024-02-29T00:00:00Z").unwrap();
        assert_eq!(add("month", 1, jan31).unwrap(), Some(feb29));
        // Joda-style, as Trino: Jan 31 plus one month is Feb 29, so a whole month has passed.
        assert_eq!(diff("month", jan31, feb29).unwrap(), Some(1));
        assert_eq!(diff("day", jan31, feb29).unwrap(), Some(29));
        assert!(add("fortnight", 1, 0).is_err());
    }
}
