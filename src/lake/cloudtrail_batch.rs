//! Builds Arrow record batches of the `cloudtrail` table from parsed events.

use std::borrow::Cow;
use std::sync::Arc;

use arrow::array::{ArrayRef, Int64Array, ListArray, RecordBatch, StringArray, StructArray, TimestampMicrosecondArray};
use arrow::buffer::{NullBuffer, OffsetBuffer};
use arrow::datatypes::Fields;

use super::schema;
use crate::ingest::event::{
    self, Addendum, Attributes, Event, OnBehalfOf, Resource, SessionContext, SessionIssuer, TlsDetails, UserIdentity,
    json, nested, text,
};

/// Where the rows came from: one input object.
pub struct Provenance<'a> {
    pub uri: &'a str,
    pub sha256: &'a str,
}

fn strings<'t, T: 't>(items: &'t [T], f: impl Fn(&'t T) -> Option<Cow<'t, str>>) -> ArrayRef {
    Arc::new(items.iter().map(f).collect::<StringArray>())
}

fn struct_array(fields: Vec<arrow::datatypes::Field>, columns: Vec<ArrayRef>, valid: Vec<bool>) -> ArrayRef {
    let nulls = NullBuffer::from(valid);
    let nulls = (nulls.null_count() > 0).then_some(nulls);
    Arc::new(StructArray::new(Fields::from(fields), columns, nulls))
}

/// An optional nested object, parsed; `Option<T>` so absence becomes a null struct.
fn parsed<'a, T: serde::Deserialize<'a>>(
    values: impl Iterator<Item = Option<&'a serde_json::value::RawValue>>,
) -> Vec<Option<T>> {
    values.map(nested::<T>).collect()
}

fn session_issuer_array(items: &[Option<SessionIssuer<'_>>]) -> ArrayRef {
    let valid = items.iter().map(Option::is_some).collect();
    let cols = vec![
        strings(items, |i| i.as_ref().and_then(|i| text(i.kind))),
        strings(items, |i| i.as_ref().and_then(|i| text(i.principalid))),
        strings(items, |i| i.as_ref().and_then(|i| text(i.arn))),
        strings(items, |i| i.as_ref().and_then(|i| text(i.accountid))),
        strings(items, |i| i.as_ref().and_then(|i| text(i.username))),
    ];
    struct_array(schema::session_issuer_fields(), cols, valid)
}

fn session_context_array(items: &[Option<SessionContext<'_>>]) -> ArrayRef {
    let valid = items.iter().map(Option::is_some).collect();
    let attributes: Vec<Option<Attributes>> = parsed(items.iter().map(|c| c.as_ref().and_then(|c| c.attributes)));
    let attributes_valid = attributes.iter().map(Option::is_some).collect();
    let attributes = struct_array(
        schema::attributes_fields(),
        vec![
            strings(&attributes, |a| a.as_ref().and_then(|a| text(a.mfaauthenticated))),
            strings(&attributes, |a| a.as_ref().and_then(|a| text(a.creationdate))),
        ],
        attributes_valid,
    );
    let issuers: Vec<Option<SessionIssuer>> = parsed(items.iter().map(|c| c.as_ref().and_then(|c| c.sessionissuer)));
    let cols = vec![
        attributes,
        session_issuer_array(&issuers),
        strings(items, |c| c.as_ref().and_then(|c| text(c.ec2roledelivery))),
        strings(items, |c| c.as_ref().and_then(|c| text(c.sourceidentity))),
        strings(items, |c| c.as_ref().and_then(|c| text(c.assumedroot))),
        strings(items, |c| c.as_ref().and_then(|c| json(c.webidfederationdata).map(Cow::Borrowed))),
    ];
    struct_array(schema::session_context_fields(), cols, valid)
}

fn user_identity_array(events: &[Event<'_>]) -> ArrayRef {
    let ids: Vec<Option<UserIdentity>> = parsed(events.iter().map(|e| e.fields.useridentity));
    let valid = ids.iter().map(Option::is_some).collect();
    let contexts: Vec<Option<SessionContext>> = parsed(ids.iter().map(|i| i.as_ref().and_then(|i| i.sessioncontext)));
    let behalf: Vec<Option<OnBehalfOf>> = parsed(ids.iter().map(|i| i.as_ref().and_then(|i| i.onbehalfof)));
    let behalf_valid = behalf.iter().map(Option::is_some).collect();
    let cols = vec![
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.kind))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.principalid))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.arn))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.accountid))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.invokedby))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.accesskeyid))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.username))),
        session_context_array(&contexts),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.identityprovider))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.credentialid))),
        strings(&ids, |i| i.as_ref().and_then(|i| text(i.invokedbydelegate))),
        struct_array(
            schema::on_behalf_of_fields(),
            vec![
                strings(&behalf, |b| b.as_ref().and_then(|b| text(b.userid))),
                strings(&behalf, |b| b.as_ref().and_then(|b| text(b.identitystorearn))),
            ],
            behalf_valid,
        ),
        strings(&ids, |i| i.as_ref().and_then(|i| json(i.inscopeof).map(Cow::Borrowed))),
    ];
    struct_array(schema::user_identity_fields(), cols, valid)
}

fn resources_array(events: &[Event<'_>]) -> ArrayRef {
    let lists: Vec<Option<Vec<Resource>>> = events.iter().map(|e| event::resources(e.fields.resources)).collect();
    let flat: Vec<&Resource> = lists.iter().flatten().flatten().collect();
    let items = struct_array(
        schema::resource_fields(),
        vec![strings(&flat, |r| text(r.arn)), strings(&flat, |r| text(r.accountid)), strings(&flat, |r| text(r.kind))],
        vec![true; flat.len()],
    );
    let offsets = OffsetBuffer::from_lengths(lists.iter().map(|l| l.as_ref().map_or(0, Vec::len)));
    let nulls = NullBuffer::from(lists.iter().map(Option::is_some).collect::<Vec<_>>());
    let schema::DataType::List(field) = schema::resources_type() else { unreachable!("resources is a list") };
    Arc::new(ListArray::new(field, offsets, items, (nulls.null_count() > 0).then_some(nulls)))
}

fn simple_struct<'e, T: serde::Deserialize<'e>>(
    events: &'e [Event<'e>],
    field: impl Fn(&Event<'e>) -> Option<&'e serde_json::value::RawValue>,
    fields: Vec<arrow::datatypes::Field>,
    leaves: &[&dyn Fn(&T) -> Option<&'e serde_json::value::RawValue>],
) -> ArrayRef {
    let items: Vec<Option<T>> = parsed(events.iter().map(field));
    let valid = items.iter().map(Option::is_some).collect();
    let cols = leaves.iter().map(|leaf| strings(&items, |i| i.as_ref().and_then(|i| text(leaf(i))))).collect();
    struct_array(fields, cols, valid)
}

/// One batch in [`schema::CLOUDTRAIL_FILE`] order.
pub fn build<'e>(events: &'e [Event<'e>], source: &Provenance<'_>) -> RecordBatch {
    type Pick<'e> = fn(&'e Event<'e>) -> Option<&'e serde_json::value::RawValue>;
    let t = |f: Pick<'e>| strings(events, move |e| text(f(e)));
    let j = |f: Pick<'e>| strings(events, move |e| json(f(e)).map(Cow::Borrowed));
    let columns: Vec<ArrayRef> = vec![
        t(|e| e.fields.eventversion),
        user_identity_array(events),
        Arc::new(TimestampMicrosecondArray::from_iter_values(events.iter().map(|e| e.time_us)).with_timezone("UTC")),
        t(|e| e.fields.eventsource),
        t(|e| e.fields.eventname),
        t(|e| e.fields.awsregion),
        t(|e| e.fields.sourceipaddress),
        t(|e| e.fields.useragent),
        t(|e| e.fields.errorcode),
        t(|e| e.fields.errormessage),
        j(|e| e.fields.requestparameters),
        j(|e| e.fields.responseelements),
        j(|e| e.fields.additionaleventdata),
        t(|e| e.fields.requestid),
        strings(events, |e| Some(Cow::Borrowed(e.id.as_ref()))),
        t(|e| e.fields.readonly),
        resources_array(events),
        t(|e| e.fields.eventtype),
        t(|e| e.fields.apiversion),
        t(|e| e.fields.recipientaccountid),
        j(|e| e.fields.serviceeventdetails),
        t(|e| e.fields.sharedeventid),
        t(|e| e.fields.vpcendpointid),
        t(|e| e.fields.vpcendpointaccountid),
        t(|e| e.fields.eventcategory),
        t(|e| e.fields.managementevent),
        simple_struct::<Addendum>(
            events,
            |e| e.fields.addendum,
            schema::addendum_fields(),
            &[&|a| a.reason, &|a| a.updatedfields, &|a| a.originalrequestid, &|a| a.originaleventid],
        ),
        t(|e| e.fields.sessioncredentialfromconsole),
        j(|e| e.fields.edgedevicedetails),
        simple_struct::<TlsDetails>(
            events,
            |e| e.fields.tlsdetails,
            schema::tls_fields(),
            &[&|d| d.tlsversion, &|d| d.ciphersuite, &|d| d.clientprovidedhostheader],
        ),
        j(|e| e.fields.insightdetails),
        j(|e| e.fields.eventcontext),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(source.uri, events.len()))),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(source.sha256, events.len()))),
        Arc::new(Int64Array::from_iter_values(events.iter().map(|e| e.index as i64))),
        Arc::new(StringArray::from_iter_values(events.iter().map(|e| e.raw))),
    ];
    RecordBatch::try_new(schema::CLOUDTRAIL_FILE.clone(), columns).expect("columns are built in schema order")
}
