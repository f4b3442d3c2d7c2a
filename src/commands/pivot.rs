//! `trailhound pivot`: from a GuardDuty finding to the CloudTrail activity behind it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::PivotArgs;
use crate::engine::Engine;
use crate::output::{self, Rendering};

pub async fn run(args: PivotArgs) -> Result<ExitCode> {
    let engine = Engine::open(&args.lake.lake).await?;
    let params = vec![("finding".to_string(), args.finding.clone())];
    let known = engine.query("SELECT count(*) FROM guardduty_history WHERE id = $finding", &params).await?;
    let count = known
        .first()
        .map(|b| arrow::array::AsArray::as_primitive::<arrow::datatypes::Int64Type>(b.column(0)).value(0))
        .unwrap_or(0);
    if count == 0 {
        anyhow::bail!(
            "no GuardDuty finding {:?} in the lake; `trailhound query \"SELECT id, type, title FROM guardduty\"` lists them",
            args.finding
        );
    }
    let batches = engine
        .query(
            "SELECT eventtime, matched_on, eventname, eventsource, useridentity.arn AS principal, \
             useridentity.accesskeyid AS accesskeyid, sourceipaddress, useragent, errorcode, awsregion, eventid, \
             source_uri, source_index FROM guardduty_activity WHERE finding_id = $finding ORDER BY eventtime",
            &params,
        )
        .await?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    output::write(&mut out, &batches, &Rendering { format: args.format, max_width: args.max_width })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
