//! Functions that let Athena/Trino CloudTrail SQL run unchanged on DataFusion.

pub mod cidr;
pub mod json_path;
pub mod time;

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF};
use datafusion::prelude::SessionContext;

pub fn register(ctx: &SessionContext) {
    let udfs: Vec<ScalarUDF> = vec![
        ScalarUDF::from(json_path::JsonExtract::scalar()),
        ScalarUDF::from(json_path::JsonExtract::json()),
        ScalarUDF::from(time::FromIso8601::new()),
        ScalarUDF::from(time::ToIso8601::new()),
        ScalarUDF::from(time::DateAdd::new()),
        ScalarUDF::from(time::DateDiff::new()),
        ScalarUDF::from(cidr::Contains::cidr_contains()),
        ScalarUDF::from(cidr::Contains::trino_contains()),
    ];
    for udf in udfs {
        ctx.register_udf(udf);
    }
}

/// All arguments as arrays of `rows` rows.
pub(crate) fn arrays(args: &[ColumnarValue], rows: usize) -> Result<Vec<ArrayRef>> {
    args.iter().map(|a| a.to_array(rows)).collect()
}

/// An argument as a plain UTF-8 string array, whatever string (or other) type it came as.
pub(crate) fn as_strings(array: &ArrayRef) -> Result<StringArray> {
    let utf8 = if array.data_type() == &DataType::Utf8 { array.clone() } else { cast(array, &DataType::Utf8)? };
    Ok(utf8.as_string::<i32>().clone())
}

pub(crate) fn array_result(array: impl Array + 'static) -> Result<ColumnarValue> {
    Ok(ColumnarValue::Array(Arc::new(array)))
}
