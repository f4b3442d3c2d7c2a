//! The ordered activity of one subject, with the columns a responder reads.

use anyhow::Result;
use arrow::array::RecordBatch;

use super::Subject;
use crate::engine::Engine;

/// Rows shown when no limit is given: enough for an attack, short enough for a terminal.
pub const DEFAULT_LIMIT: usize = 500;

/// The SQL of a timeline; the subject is bound as `$subject`.
pub fn sql(subject: &Subject, limit: usize) -> String {
    format!(
        "SELECT eventtime AS time, eventname AS event, eventsource AS service, awsregion AS region, \
         sourceipaddress AS source_ip, useragent AS user_agent, errorcode AS error, \
         useridentity.arn AS principal, useridentity.accesskeyid AS access_key, \
         requestparameters AS request, eventid AS event_id, source_uri \
         FROM cloudtrail WHERE {} ORDER BY eventtime, eventid LIMIT {limit}",
        subject.condition()
    )
}

pub async fn run(engine: &Engine, subject: &Subject, limit: usize) -> Result<Vec<RecordBatch>> {
    let params = vec![("subject".to_string(), subject.value.clone())];
    engine.query_text(&sql(subject, limit), &params).await
}
