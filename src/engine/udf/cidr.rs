//! CIDR matching: `cidr_contains(cidr, ip)`, and Trino's `contains(cidr, ip)` argument order.
//!
//! `contains` is also DataFusion's substring test `contains(haystack, needle)`; ours keeps
//! that meaning whenever the first argument is not a CIDR, so both kinds of query run.
//! `sourceipaddress` also holds service names (`ec2.amazonaws.com`): those give NULL.

use std::net::IpAddr;

use arrow::array::BooleanArray;
use arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};
use ipnet::IpNet;

use super::{array_result, arrays, as_strings};

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Contains {
    name: &'static str,
    substring_fallback: bool,
    signature: Signature,
}

impl Contains {
    pub fn cidr_contains() -> Self {
        Contains {
            name: "cidr_contains",
            substring_fallback: false,
            signature: Signature::any(2, Volatility::Immutable),
        }
    }

    pub fn trino_contains() -> Self {
        Contains { name: "contains", substring_fallback: true, signature: Signature::any(2, Volatility::Immutable) }
    }
}

/// A network: `10.0.0.0/8`, or a bare address taken as a single host.
fn network(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>().ok().or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
}

impl ScalarUDFImpl for Contains {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = arrays(&args.args, args.number_rows)?;
        let (nets, ips) = (as_strings(&arrays[0])?, as_strings(&arrays[1])?);
        let mut cached: Option<(String, Option<IpNet>)> = None;
        let out: BooleanArray = nets
            .iter()
            .zip(ips.iter())
            .map(|(net, ip)| {
                let (net_text, ip) = (net?, ip?);
                if cached.as_ref().is_none_or(|(t, _)| t != net_text) {
                    let parsed =
                        if net_text.contains('/') || !self.substring_fallback { network(net_text) } else { None };
                    cached = Some((net_text.to_string(), parsed));
                }
                match &cached.as_ref()?.1 {
                    Some(net) => ip.trim().parse::<IpAddr>().ok().map(|addr| net.contains(&addr)),
                    None if self.substring_fallback => Some(net_text.contains(ip)),
                    None => None,
                }
            })
            .collect();
        array_result(out)
    }
}
