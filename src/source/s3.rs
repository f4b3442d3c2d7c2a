//! `s3://bucket[/prefix]` sources: listing pruned by the key layout, and fetching, both
//! concurrent and bounded, with retries.
//!
//! Credentials come from the standard AWS chain (environment, profile, SSO, process,
//! container and instance roles). Throttling (`SlowDown`, 503) and transient errors are retried
//! by the SDK with exponential backoff and jitter; a denied prefix or object is reported with
//! its key and the rest goes on.

use std::collections::VecDeque;
use std::time::Duration;

use anyhow::{Context, Result};
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::get_object::GetObjectOutput;
use futures::StreamExt;
use futures::stream::FuturesUnordered;

use super::key_filter::KeyFilter;

/// Attempts per request, the first included (the SDK's standard retry mode).
const MAX_ATTEMPTS: u32 = 8;
/// Attempts at reading a response body that broke off mid-way (the SDK does not retry those).
const BODY_ATTEMPTS: u32 = 4;

pub fn is_s3_uri(text: &str) -> bool {
    text.starts_with("s3://")
}

/// What the manifest and every row cite for an object.
pub fn object_uri(bucket: &str, key: &str) -> String {
    format!("s3://{bucket}/{key}")
}

/// ETags travel quoted (`"9b2c…"`); we keep the bare value.
pub fn unquote_etag(etag: &str) -> String {
    etag.trim_matches('"').to_string()
}

#[derive(Debug, Clone, PartialEq)]
pub struct S3Uri {
    pub bucket: String,
    pub prefix: String,
}

impl S3Uri {
    pub fn parse(text: &str) -> Result<Self> {
        let rest = text.strip_prefix("s3://").with_context(|| format!("{text:?} is not an s3:// URI"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        anyhow::ensure!(!bucket.is_empty(), "{text:?} names no bucket: expected s3://bucket[/prefix]");
        Ok(S3Uri { bucket: bucket.to_string(), prefix: prefix.trim_start_matches('/').to_string() })
    }
}

/// How to reach the bucket and which objects to take.
#[derive(Debug, Clone)]
pub struct S3Options {
    pub profile: Option<String>,
    /// The region of the client (the bucket's); default from the environment or profile.
    pub region: Option<String>,
    /// An S3-compatible endpoint (MinIO, Ceph, a test server): addressed path-style.
    pub endpoint_url: Option<String>,
    pub filter: KeyFilter,
    /// Keys per ListObjectsV2 page (S3's maximum is 1000).
    pub page_size: i32,
    /// Requests in flight at once, for listing and for fetching.
    pub concurrency: usize,
}

impl Default for S3Options {
    fn default() -> Self {
        S3Options {
            profile: None,
            region: None,
            endpoint_url: None,
            filter: KeyFilter::default(),
            page_size: 1000,
            concurrency: 16,
        }
    }
}

/// One object found by listing.
#[derive(Debug, Clone)]
pub struct Listed {
    pub bucket: String,
    pub key: String,
    pub size: u64,
    pub etag: Option<String>,
}

impl Listed {
    pub fn uri(&self) -> String {
        object_uri(&self.bucket, &self.key)
    }
}

/// A prefix or object that could not be read, and why (AccessDenied, …).
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub uri: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Listing {
    pub objects: Vec<Listed>,
    pub unlisted: Vec<Unreadable>,
    /// ListObjectsV2 requests made (one per page).
    pub requests: u64,
}

/// A client and the runtime that drives it, for the synchronous callers (ingest, acquire).
pub struct S3Session {
    pub runtime: tokio::runtime::Runtime,
    pub remote: Remote,
}

/// The cloneable half, for tasks on the session's runtime.
#[derive(Clone)]
pub struct Remote {
    client: Client,
    page_size: i32,
    pub concurrency: usize,
}

impl S3Session {
    pub fn connect(options: &S3Options) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("trailhound-s3")
            .enable_all()
            .build()
            .context("starting the S3 runtime")?;
        let client = runtime.block_on(client(options));
        let remote =
            Remote { client, page_size: options.page_size.clamp(1, 1000), concurrency: options.concurrency.max(1) };
        Ok(S3Session { runtime, remote })
    }

    /// Every object under `uri` that the filter keeps, sorted by key.
    pub fn list(&self, uri: &S3Uri, filter: &KeyFilter) -> Listing {
        self.runtime.block_on(self.remote.list(uri, filter))
    }
}

async fn client(options: &S3Options) -> Client {
    // rustls on ring: the SDK's default client would build aws-lc, minutes of C on a small CI box.
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS));
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    let config = loader.load().await;
    let mut s3 = aws_sdk_s3::config::Builder::from(&config);
    if config.region().is_none() {
        // S3 signs with a region; us-east-1 is where a bucket lives unless told otherwise.
        s3 = s3.region(aws_config::Region::from_static("us-east-1"));
    }
    if let Some(url) = &options.endpoint_url {
        // S3-compatible stores rarely have wildcard DNS for virtual-hosted buckets.
        s3 = s3.endpoint_url(url).force_path_style(true);
    }
    Client::from_conf(s3.build())
}

/// What one prefix's listing gave.
struct PrefixListing {
    prefix: String,
    objects: Vec<Listed>,
    prefixes: Vec<String>,
    requests: u64,
    error: Option<String>,
}

impl Remote {
    /// Walks the bucket level by level (delimiter `/`) as long as the key layout lets the filter
    /// prune (accounts → services → regions → days), then lists flat. Prefixes are listed
    /// `concurrency` at a time; a prefix that fails is reported and its siblings go on.
    pub async fn list(&self, uri: &S3Uri, filter: &KeyFilter) -> Listing {
        let mut listing = Listing::default();
        let mut queue = VecDeque::from([uri.prefix.clone()]);
        let mut running = FuturesUnordered::new();
        loop {
            while running.len() < self.concurrency
                && let Some(prefix) = queue.pop_front()
            {
                let walk = filter.walk_below(&prefix);
                running.push(self.list_prefix(&uri.bucket, prefix, walk));
            }
            let Some(done) = running.next().await else { break };
            listing.requests += done.requests;
            if let Some(reason) = done.error {
                listing.unlisted.push(Unreadable { uri: object_uri(&uri.bucket, &done.prefix), reason });
            }
            listing.objects.extend(done.objects.into_iter().filter(|o| filter.admits_key(&o.key)));
            queue.extend(done.prefixes.into_iter().filter(|p| filter.admits_prefix(p)));
        }
        listing.objects.sort_by(|a, b| a.key.cmp(&b.key));
        self.fill_missing_etags(&mut listing.objects).await;
        listing
    }

    async fn list_prefix(&self, bucket: &str, prefix: String, walk: bool) -> PrefixListing {
        let mut out = PrefixListing { prefix, objects: Vec::new(), prefixes: Vec::new(), requests: 0, error: None };
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(bucket)
            .prefix(&out.prefix)
            .set_delimiter(walk.then(|| "/".to_string()))
            .max_keys(self.page_size)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            out.requests += 1;
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    out.error = Some(error_text(&e));
                    break;
                }
            };
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                out.objects.push(Listed {
                    bucket: bucket.to_string(),
                    key: key.to_string(),
                    size: object.size().unwrap_or(0).max(0) as u64,
                    etag: object.e_tag().map(unquote_etag),
                });
            }
            out.prefixes.extend(page.common_prefixes().iter().filter_map(|p| p.prefix().map(str::to_string)));
        }
        out
    }

    /// S3 lists every object with its ETag; some S3-compatible stores do not. Incremental runs
    /// need it before fetching, so ask for it (HEAD) where it is missing.
    async fn fill_missing_etags(&self, objects: &mut [Listed]) {
        let missing: Vec<usize> = (0..objects.len()).filter(|&i| objects[i].etag.is_none()).collect();
        let heads: Vec<(usize, Option<String>)> = futures::stream::iter(missing)
            .map(|i| {
                let (bucket, key) = (objects[i].bucket.clone(), objects[i].key.clone());
                async move {
                    let head = self.client.head_object().bucket(bucket).key(key).send().await;
                    (i, head.ok().and_then(|h| h.e_tag().map(unquote_etag)))
                }
            })
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        for (i, etag) in heads {
            objects[i].etag = etag;
        }
    }

    /// Starts a GET; the body is read by the caller. Errors are rendered with their S3 code.
    pub async fn get(&self, bucket: &str, key: &str) -> Result<GetObjectOutput, String> {
        self.client.get_object().bucket(bucket).key(key).send().await.map_err(|e| error_text(&e))
    }

    /// The whole object in memory, retrying a body that broke off. Refuses objects above `max_bytes`.
    pub async fn fetch(&self, bucket: &str, key: &str, max_bytes: u64) -> Result<Fetched, String> {
        let mut attempt = 0;
        loop {
            let out = self.get(bucket, key).await?;
            let size = out.content_length().unwrap_or(0).max(0) as u64;
            if size > max_bytes {
                return Err(format!("{size} bytes, larger than --max-object-bytes ({max_bytes})"));
            }
            let etag = out.e_tag().map(unquote_etag);
            match out.body.collect().await {
                Ok(data) => return Ok(Fetched { bytes: data.to_vec(), etag }),
                Err(_) if attempt + 1 < BODY_ATTEMPTS => {
                    attempt += 1;
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(e) => return Err(format!("reading the object: {}", DisplayErrorContext(&e))),
            }
        }
    }
}

pub struct Fetched {
    pub bytes: Vec<u8>,
    pub etag: Option<String>,
}

/// Exponential backoff with full jitter: a random wait in [0, 200 ms × 2^attempt].
pub fn backoff(attempt: u32) -> Duration {
    use std::hash::{BuildHasher, RandomState};
    let cap = 200u64 << attempt.min(6);
    let random = RandomState::new().hash_one(std::time::SystemTime::now());
    Duration::from_millis(random % (cap + 1))
}

/// `AccessDenied: Access Denied`, or the transport error behind a request that never got an answer.
pub fn error_text<E, R>(e: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match e.as_service_error() {
        Some(service) => {
            let code = service.code().unwrap_or("error");
            match service.message() {
                Some(message) if !message.is_empty() => format!("{code}: {message}"),
                _ => code.to_string(),
            }
        }
        None => DisplayErrorContext(e).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bucket_and_prefix() {
        assert_eq!(S3Uri::parse("s3://b").unwrap(), S3Uri { bucket: "b".into(), prefix: "".into() });
        assert_eq!(S3Uri::parse("s3://b/x/AWSLogs/").unwrap().prefix, "x/AWSLogs/");
        assert!(S3Uri::parse("s3:///x").is_err());
        assert_eq!(unquote_etag("\"abc\""), "abc");
    }
}
