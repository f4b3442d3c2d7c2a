//! Hands input objects to the decoding workers in path order.
//!
//! Local files are read by the worker that takes them. S3 objects are fetched ahead on the S3
//! runtime, `concurrency` at a time and under a byte budget, so memory stays bounded however
//! big the bucket: a fetch only starts once the objects before it have left enough room.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use crate::source::s3::S3Session;
use crate::source::{InputObject, Location};

/// Bytes of fetched objects waiting for (or in) decoding at any moment.
const FETCH_BUDGET: u64 = 128 << 20;

/// One object's bytes, or why they could not be had.
pub struct Taken<'a> {
    pub object: &'a InputObject,
    pub raw: Result<Arc<Vec<u8>>, String>,
    /// The ETag the GET answered with (the object may have changed since it was listed).
    pub etag: Option<String>,
    /// This object's share of the fetch budget, given back when it is dropped.
    _budget: Option<OwnedSemaphorePermit>,
}

struct Fetched {
    index: usize,
    raw: Option<Result<crate::source::s3::Fetched, String>>,
    budget: Option<OwnedSemaphorePermit>,
}

pub struct Feed<'a> {
    objects: &'a [InputObject],
    next: AtomicUsize,
    prefetched: Option<Mutex<mpsc::Receiver<Fetched>>>,
    pub fetched: AtomicU64,
    pub fetched_bytes: AtomicU64,
    pub fetch_failures: AtomicU64,
}

impl<'a> Feed<'a> {
    pub fn new(objects: &'a [InputObject], s3: Option<&S3Session>, max_object_bytes: u64) -> Self {
        let prefetched = s3.map(|session| Mutex::new(prefetch(objects, session, max_object_bytes)));
        Feed {
            objects,
            next: AtomicUsize::new(0),
            prefetched,
            fetched: AtomicU64::new(0),
            fetched_bytes: AtomicU64::new(0),
            fetch_failures: AtomicU64::new(0),
        }
    }

    /// The next object and its bytes; `None` when all are taken. Blocks while a fetch is running.
    pub fn next(&self) -> Option<Taken<'a>> {
        let Some(prefetched) = &self.prefetched else {
            let object = self.objects.get(self.next.fetch_add(1, Ordering::Relaxed))?;
            return Some(Taken { object, raw: read(object), etag: None, _budget: None });
        };
        let item = prefetched.lock().expect("lock").blocking_recv()?;
        let object = &self.objects[item.index];
        let (raw, etag) = match item.raw {
            None => (read(object), None),
            Some(Ok(f)) => {
                self.fetched.fetch_add(1, Ordering::Relaxed);
                self.fetched_bytes.fetch_add(f.bytes.len() as u64, Ordering::Relaxed);
                (Ok(Arc::new(f.bytes)), f.etag)
            }
            Some(Err(reason)) => {
                self.fetch_failures.fetch_add(1, Ordering::Relaxed);
                (Err(format!("cannot fetch: {reason}")), None)
            }
        };
        Some(Taken { object, raw, etag, _budget: item.budget })
    }
}

fn read(object: &InputObject) -> Result<Arc<Vec<u8>>, String> {
    object.read().map_err(|e| format!("cannot read: {e}"))
}

/// Starts fetching every S3 object in order; local objects pass through to be read by a worker.
fn prefetch(objects: &[InputObject], session: &S3Session, max_object_bytes: u64) -> mpsc::Receiver<Fetched> {
    let jobs: Vec<(usize, Option<(String, String, u64)>)> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| match &o.location {
            Location::S3 { bucket, key } => (i, Some((bucket.clone(), key.clone(), o.size))),
            _ => (i, None),
        })
        .collect();
    let remote = session.remote.clone();
    let concurrency = remote.concurrency;
    let (sender, receiver) = mpsc::channel(concurrency);
    // Budget in KiB so that it fits the semaphore's u32 permits.
    let total = (FETCH_BUDGET >> 10) as u32;
    let budget = Arc::new(Semaphore::new(total as usize));
    session.runtime.spawn(async move {
        // Budget is taken in order (`then` is sequential), so the object at the head of the
        // queue never waits for room held by the objects behind it.
        let mut fetched = std::pin::pin!(
            futures::stream::iter(jobs)
                .then(|(index, job)| {
                    let budget = budget.clone();
                    async move {
                        let permit = match &job {
                            Some((_, _, size)) => {
                                let kib = (size.div_ceil(1024)).clamp(1, total as u64) as u32;
                                budget.acquire_many_owned(kib).await.ok()
                            }
                            None => None,
                        };
                        (index, job, permit)
                    }
                })
                .map(|(index, job, budget)| {
                    let remote = remote.clone();
                    async move {
                        let raw = match job {
                            Some((bucket, key, _)) => Some(remote.fetch(&bucket, &key, max_object_bytes).await),
                            None => None,
                        };
                        Fetched { index, raw, budget }
                    }
                })
                .buffered(concurrency)
        );
        while let Some(item) = fetched.next().await {
            if sender.send(item).await.is_err() {
                break; // the run stopped taking objects
            }
        }
    });
    receiver
}
