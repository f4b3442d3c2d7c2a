//! The walk: each trail's digest chain from the newest digest back to the oldest, checking every
//! link (signature, previous-digest hash, time continuity) and collecting the log files each
//! digest vouches for; then the log files themselves, hashed in parallel.
//!
//! A digest's own signature lives in S3 metadata, which a folder copy loses; but the next digest
//! carries it as `previousDigestSignature`, so every digest but the newest is verifiable from the
//! chain alone. Any signature that verifies under CloudTrail's key proves the content, so where
//! it was found does not matter.

use std::collections::HashMap;

use rayon::prelude::*;

use super::check::{Check, Kind, Place, Status, time_text};
use super::content::{self, ReadError};
use super::digest::{Digest, MAX_DIGEST_BYTES};
use super::keys::PublicKeys;
use super::object::{self, LayoutKind, Object};
use super::signature;

pub struct Options {
    /// Only digests covering time at or after this, and logs delivered at or after it.
    pub since_us: Option<i64>,
    /// Only digests covering time before this, and logs delivered before it.
    pub until_us: Option<i64>,
    /// Largest uncompressed log file hashed.
    pub max_object_bytes: u64,
}

/// One trail's chain, as found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Trail {
    #[serde(flatten)]
    pub place: Place,
    pub home_region: String,
    pub backfill: bool,
    pub digests: usize,
    pub oldest: Option<String>,
    pub newest: Option<String>,
}

pub struct Outcome {
    pub checks: Vec<Check>,
    pub trails: Vec<Trail>,
}

/// What the newer digest says about the one it links to.
struct Link {
    from_key: String,
    from_start: Option<i64>,
    hash: Option<String>,
    signature: Option<String>,
}

/// A log file a digest lists, to be hashed once the walk is done.
struct LogTask {
    log: usize,
    expected: String,
    digest_key: String,
    /// The digest's row in its trail's checks, and its verdict once the walk is done.
    digest_row: usize,
    digest_status: Status,
    newest_unsigned: bool,
}

pub fn verify(objects: &[Object], keys: &PublicKeys, options: &Options) -> Outcome {
    let mut logs: HashMap<&str, usize> = HashMap::new();
    let mut groups: HashMap<(String, object::DigestName), Vec<(usize, object::DigestName)>> = HashMap::new();
    let mut out = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        let Some(layout) = object::layout(&o.key) else { continue };
        match layout.kind {
            LayoutKind::Log => {
                logs.entry(object::normal_key(&o.key)).or_insert(i);
            }
            LayoutKind::Digest => match object::digest_name(&layout.file) {
                Some(name) => {
                    // Account and region directory (with the organization id, if any) plus the
                    // trail name: one chain each.
                    let normal = object::normal_key(&o.key);
                    let dir = normal.split_once("/CloudTrail-Digest/").map_or("", |(d, _)| d);
                    let trail = (format!("{dir}/{}", layout.region), name.without_stamp());
                    groups.entry(trail).or_default().push((i, name));
                }
                None => {
                    let mut c = digest_check(o, Status::Unverifiable);
                    c.note("not a CloudTrail digest file name, so not part of any chain: renamed or foreign");
                    out.push(c);
                }
            },
        }
    }
    let mut listed = vec![false; objects.len()];
    let mut tasks = Vec::new();
    let mut trails = Vec::new();
    let mut group_keys: Vec<_> = groups.keys().cloned().collect();
    group_keys.sort();
    for group in group_keys {
        let mut members = groups.remove(&group).unwrap_or_default();
        members.sort_by(|a, b| (&a.1.stamp, &objects[a.0].key).cmp(&(&b.1.stamp, &objects[b.0].key)));
        let walk = Walk { objects, keys, options, logs: &logs, members: &members };
        let (checks, trail) = walk.run(&mut listed, &mut tasks);
        out.extend(checks);
        trails.push(trail);
    }
    out.extend(check_logs(objects, &tasks, options));
    out.extend(unlisted_logs(objects, &logs, &listed, &trails, options));
    Outcome { checks: out, trails }
}

impl object::DigestName {
    fn without_stamp(&self) -> object::DigestName {
        object::DigestName { stamp: String::new(), ..self.clone() }
    }
}

struct Walk<'a> {
    objects: &'a [Object],
    keys: &'a PublicKeys,
    options: &'a Options,
    logs: &'a HashMap<&'a str, usize>,
    /// The trail's digests, oldest first.
    members: &'a [(usize, object::DigestName)],
}

/// The walk's progress through one trail.
struct State {
    visited: Vec<bool>,
    checks: Vec<Check>,
    /// Whether each check is inside --since/--until (gaps: decided once both ends are known).
    in_window: Vec<bool>,
    /// A gap or missing-digest row whose start is the end of the next (older) digest found.
    open_gap: Option<usize>,
    tasks: Vec<LogTask>,
}

impl State {
    fn push(&mut self, check: Check, in_window: bool) -> usize {
        self.checks.push(check);
        self.in_window.push(in_window);
        self.checks.len() - 1
    }
}

impl Walk<'_> {
    /// Walks one trail, adding the log files its digests list to `tasks`.
    fn run(&self, listed: &mut [bool], tasks: &mut Vec<LogTask>) -> (Vec<Check>, Trail) {
        let objects = self.objects;
        let position: HashMap<&str, usize> =
            self.members.iter().enumerate().map(|(m, (i, _))| (object::normal_key(&objects[*i].key), m)).collect();
        let mut st = State {
            visited: vec![false; self.members.len()],
            checks: Vec::new(),
            in_window: Vec::new(),
            open_gap: None,
            tasks: Vec::new(),
        };
        let mut next: Option<(usize, Link)> = None;
        let newest = self.members.len() - 1;
        let (mut oldest_time, mut newest_time) = (None::<i64>, None::<i64>);
        loop {
            // Follow the link, or start again from the newest digest not yet seen.
            let (m, link) = match next.take() {
                Some((m, link)) => (m, Some(link)),
                None => match (0..self.members.len()).rev().find(|&m| !st.visited[m]) {
                    Some(m) => (m, None),
                    None => break,
                },
            };
            st.visited[m] = true;
            let o = &objects[self.members[m].0];
            let mut c = digest_check(o, Status::Valid);
            c.place.trail = Some(self.members[m].1.trail.clone());
            let stamp_us = object::stamp_time(&self.members[m].1.stamp);
            (c.start_time, c.end_time) = (stamp_us, stamp_us);
            c.digest_key = link.as_ref().map(|l| l.from_key.clone());
            let Some((digest, content_sha256)) = self.load(o, link.as_ref(), &mut c) else {
                self.close_gap(&mut st, stamp_us);
                let window = self.overlaps(stamp_us, stamp_us);
                st.push(c, window);
                continue;
            };
            oldest_time = min_opt(oldest_time, c.start_time);
            newest_time = max_opt(newest_time, c.end_time);
            self.close_gap(&mut st, c.end_time);
            if let Some(link) = &link {
                self.time_gap(&c, link, &mut st);
            }
            self.check_location(o, &digest, &mut c);
            self.check_signature(o, &digest, &content_sha256, link.as_ref(), m == newest, &mut c);
            let window = self.overlaps(c.start_time, c.end_time);
            let own = st.checks.len();
            let missing = self.list_logs(&digest, &c, window, own, listed, &mut st.tasks);
            st.push(c, window);
            for row in missing {
                st.push(row, true);
            }
            next = self.follow(&digest, m, own, &position, &mut st);
        }
        // An open gap with nothing older behind it keeps an unknown start.
        for mut task in st.tasks {
            task.digest_status = st.checks[task.digest_row].status;
            task.newest_unsigned = st.checks[task.digest_row].newest_unsigned;
            tasks.push(task);
        }
        let (_, name) = &self.members[0];
        let layout = object::layout(&objects[self.members[0].0].key);
        let trail = Trail {
            place: Place {
                account: layout.as_ref().map(|l| l.account.clone()),
                region: layout.as_ref().map(|l| l.region.clone()),
                trail: Some(name.trail.clone()),
            },
            home_region: name.home_region.clone(),
            backfill: name.backfill,
            digests: self.members.len(),
            oldest: oldest_time.map(time_text),
            newest: newest_time.map(time_text),
        };
        let kept = st.checks.into_iter().zip(st.in_window).filter(|(_, w)| *w).map(|(c, _)| c).collect();
        (kept, trail)
    }

    /// Reads and parses a digest, checking its content against what the newer digest recorded
    /// and against the acquisition record. `None` when it cannot be parsed (the reason is in `c`).
    fn load(&self, o: &Object, link: Option<&Link>, c: &mut Check) -> Option<(Digest, String)> {
        let loaded = (o.open)().map_err(ReadError::Io).and_then(|r| content::read(r, MAX_DIGEST_BYTES));
        let (bytes, hashes) = match loaded {
            Ok(x) => x,
            Err(e) => {
                c.fail(Status::Modified, format!("unreadable digest: {e}"));
                return None;
            }
        };
        c.sha256 = Some(hashes.stored.clone());
        c.content_sha256 = Some(hashes.content.clone());
        if let Some(expected) = link.and_then(|l| l.hash.as_deref())
            && !expected.trim().eq_ignore_ascii_case(&hashes.content)
        {
            c.fail(
                Status::Modified,
                format!(
                    "content SHA-256 {} is not the previousDigestHashValue {} recorded in the next digest",
                    hashes.content,
                    expected.trim()
                ),
            );
        }
        acquired_check(o, &hashes.stored, c);
        let digest = match Digest::parse(&bytes) {
            Ok(d) => d,
            Err(e) => {
                c.fail(Status::Modified, e);
                return None;
            }
        };
        let (start, end) = (digest.start_us(), digest.end_us());
        if start.is_none() || end.is_none() {
            c.fail(Status::Modified, "digestStartTime/digestEndTime are not RFC 3339 times");
        }
        c.start_time = start.or(c.start_time);
        c.end_time = end.or(c.end_time);
        Some((digest, hashes.content))
    }

    /// Time between this digest's end and the newer digest's start that no digest covers.
    fn time_gap(&self, c: &Check, link: &Link, st: &mut State) {
        let (Some(end), Some(next_start)) = (c.end_time, link.from_start) else { return };
        if end >= next_start {
            return;
        }
        let mut gap = Check::new(Kind::Digest, Status::Gap, link.from_key.clone());
        gap.place = c.place.clone();
        gap.bucket = c.bucket.clone();
        (gap.start_time, gap.end_time) = (Some(end), Some(next_start));
        gap.digest_key = Some(c.key.clone());
        gap.note(format!(
            "no digest covers {} to {}: logging or delivery stopped in between",
            time_text(end),
            time_text(next_start)
        ));
        let window = self.overlaps(Some(end), Some(next_start));
        st.push(gap, window);
    }

    /// Queues the present log files the digest lists for hashing; returns rows for those absent.
    fn list_logs(
        &self,
        digest: &Digest,
        c: &Check,
        window: bool,
        own: usize,
        listed: &mut [bool],
        tasks: &mut Vec<LogTask>,
    ) -> Vec<Check> {
        let mut missing_logs = Vec::new();
        for entry in &digest.log_files {
            match self.logs.get(object::normal_key(&entry.s3_object)) {
                Some(&log) => {
                    let first = !listed[log];
                    listed[log] = true;
                    if window && first {
                        tasks.push(LogTask {
                            log,
                            expected: entry.hash_value.clone(),
                            digest_key: c.key.clone(),
                            digest_row: own,
                            digest_status: Status::Valid,
                            newest_unsigned: false,
                        });
                    }
                }
                None if window => {
                    let mut missing = Check::new(Kind::Log, Status::Missing, entry.s3_object.clone());
                    missing.place = log_place(&entry.s3_object);
                    missing.bucket = entry.s3_bucket.clone();
                    (missing.start_time, missing.end_time) = (c.start_time, c.end_time);
                    missing.digest_key = Some(c.key.clone());
                    missing.note(format!("listed in the digest (hashValue {}) but not found", entry.hash_value));
                    missing_logs.push(missing);
                }
                None => {}
            }
        }
        missing_logs
    }

    /// Where the chain goes from digest `m` (whose row is `own`): the previous digest with what
    /// this one says about it, or nothing (chain start, missing digest, loop), reported.
    fn follow(
        &self,
        digest: &Digest,
        m: usize,
        own: usize,
        position: &HashMap<&str, usize>,
        st: &mut State,
    ) -> Option<(usize, Link)> {
        let (key, place, start_time) = {
            let c = &st.checks[own];
            (c.key.clone(), c.place.clone(), c.start_time)
        };
        let Some(previous) = digest.previous() else {
            // Only a gap when older digests exist: the first digest of a trail has no previous.
            if st.visited[..m].iter().any(|v| !v) {
                let mut gap = Check::new(Kind::Digest, Status::Gap, key);
                gap.place = place;
                gap.end_time = start_time;
                gap.note(
                    "the digest chain starts again here (no previous digest): logging or log file validation was \
                     off before it",
                );
                st.open_gap = Some(st.push(gap, true));
            }
            return None;
        };
        match position.get(object::normal_key(previous)) {
            Some(&p) if !st.visited[p] => Some((
                p,
                Link {
                    from_key: key,
                    from_start: start_time,
                    hash: digest.previous_digest_hash_value.clone(),
                    signature: digest.previous_digest_signature.clone(),
                },
            )),
            Some(_) => {
                st.checks[own].fail(
                    Status::Modified,
                    format!("links back to {previous}, which a newer digest already links to or follows"),
                );
                None
            }
            None => {
                let mut missing = Check::new(Kind::Digest, Status::Missing, previous);
                missing.place = place;
                missing.bucket = digest.previous_digest_s3_bucket.clone();
                missing.end_time = start_time;
                missing.digest_key = Some(key.clone());
                missing.note(format!(
                    "the previous digest named by {key} is not here: the chain is broken (deleted digest?)"
                ));
                st.open_gap = Some(st.push(missing, true));
                None
            }
        }
    }

    /// Gives an open gap its start (the end of the digest found before it) and decides whether it
    /// falls inside the window.
    fn close_gap(&self, st: &mut State, end: Option<i64>) {
        if let Some(g) = st.open_gap.take() {
            st.checks[g].start_time = end;
            st.in_window[g] = self.overlaps(end, st.checks[g].end_time);
        }
    }

    fn overlaps(&self, start: Option<i64>, end: Option<i64>) -> bool {
        let after_since = match (self.options.since_us, end) {
            (Some(since), Some(end)) => end > since,
            _ => true,
        };
        let before_until = match (self.options.until_us, start) {
            (Some(until), Some(start)) => start < until,
            _ => true,
        };
        after_since && before_until
    }

    /// The digest must say it is the object it was found as (aws-cli: "moved from its original
    /// location"). Without an acquisition record the bucket and key prefix are unknown, so the
    /// `AWSLogs/…` part is compared.
    fn check_location(&self, o: &Object, digest: &Digest, c: &mut Check) {
        let exact = o.bucket.is_some();
        let same_key = if exact {
            digest.digest_s3_object == o.key
        } else {
            object::normal_key(&digest.digest_s3_object) == object::normal_key(&o.key)
        };
        let same_bucket = o.bucket.as_ref().is_none_or(|b| *b == digest.digest_s3_bucket);
        if !same_key || !same_bucket {
            c.fail(
                Status::Modified,
                format!(
                    "moved: the digest says it is s3://{}/{} but was found as {}",
                    digest.digest_s3_bucket, digest.digest_s3_object, o.key
                ),
            );
        }
        c.bucket = Some(digest.digest_s3_bucket.clone());
    }

    fn check_signature(
        &self,
        o: &Object,
        digest: &Digest,
        content_sha256: &str,
        link: Option<&Link>,
        is_newest: bool,
        c: &mut Check,
    ) {
        if let Some(algorithm) = &digest.digest_signature_algorithm
            && algorithm != "SHA256withRSA"
        {
            c.fail(Status::Unverifiable, format!("unsupported digestSignatureAlgorithm {algorithm:?}"));
            return;
        }
        let mut candidates: Vec<(&str, &str)> = Vec::new();
        if let Some(sig) = link.and_then(|l| l.signature.as_deref()) {
            candidates.push(("the next digest's previousDigestSignature", sig));
        }
        if let Some(sig) = metadata_signature(o) {
            match metadata(o, "signature-algorithm") {
                Some(a) if a != "SHA256withRSA" => c.note(format!("S3 metadata signature-algorithm is {a:?}")),
                _ => candidates.push(("the S3 metadata signature", sig)),
            }
        }
        let fingerprint = &digest.digest_public_key_fingerprint;
        let key = match self.keys.get(fingerprint) {
            Some(Ok(key)) => key,
            Some(Err(e)) => {
                c.fail(Status::Unverifiable, e);
                return;
            }
            None if self.keys.none_given() => {
                c.fail(Status::Unverifiable, "no --public-keys given: signature not checked");
                return;
            }
            None => {
                c.fail(
                    Status::Unverifiable,
                    format!(
                        "public key {fingerprint} is not in --public-keys: run `aws cloudtrail list-public-keys` \
                         in {} for a range covering {}",
                        c.place.region.as_deref().unwrap_or("the trail's region"),
                        digest.digest_end_time
                    ),
                );
                return;
            }
        };
        if candidates.is_empty() {
            let why = if is_newest {
                "newest digest: unverifiable offline (signature metadata missing: use trailhound acquire)"
            } else {
                "no newer digest links to it and its signature metadata is missing"
            };
            c.fail(Status::Unverifiable, why);
            c.newest_unsigned = is_newest && c.status == Status::Unverifiable;
            return;
        }
        let message = signature::signing_string(digest, content_sha256);
        let mut failures = Vec::new();
        for (source, sig) in candidates {
            match signature::verify(key, message.as_bytes(), sig) {
                Ok(()) => return,
                Err(e) => failures.push(format!("{source}: {e}")),
            }
        }
        c.fail(Status::BadSignature, failures.join("; "));
    }
}

fn digest_check(o: &Object, status: Status) -> Check {
    let mut c = Check::new(Kind::Digest, status, o.key.clone());
    if let Some(l) = object::layout(&o.key) {
        c.place = Place { account: Some(l.account), region: Some(l.region), trail: None };
    }
    c.bucket = o.bucket.clone();
    c.uri = Some(o.uri.clone());
    c
}

fn log_place(key: &str) -> Place {
    object::layout(key)
        .map(|l| Place { account: Some(l.account), region: Some(l.region), trail: None })
        .unwrap_or_default()
}

fn metadata<'a>(o: &'a Object, name: &str) -> Option<&'a str> {
    o.metadata
        .iter()
        .find(|(k, _)| {
            let k = k.to_ascii_lowercase();
            k == name || k.strip_prefix("x-amz-meta-") == Some(name)
        })
        .map(|(_, v)| v.as_str())
}

fn metadata_signature(o: &Object) -> Option<&str> {
    metadata(o, "signature").filter(|s| !s.trim().is_empty())
}

/// The copy must still be the bytes that were acquired.
fn acquired_check(o: &Object, stored_sha256: &str, c: &mut Check) {
    if let Some(acquired) = &o.acquired_sha256
        && !acquired.trim().eq_ignore_ascii_case(stored_sha256)
    {
        c.fail(
            Status::Modified,
            format!("the file's SHA-256 {stored_sha256} differs from the acquired object's {}", acquired.trim()),
        );
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Hashes every listed log file (in parallel) and compares it with its digest's hashValue. A
/// match only counts as valid when the digest itself verified.
fn check_logs(objects: &[Object], tasks: &[LogTask], options: &Options) -> Vec<Check> {
    tasks
        .par_iter()
        .map(|task| {
            let o = &objects[task.log];
            let mut c = Check::new(Kind::Log, Status::Valid, o.key.clone());
            c.place = log_place(&o.key);
            c.bucket = o.bucket.clone();
            c.uri = Some(o.uri.clone());
            c.start_time = object::layout(&o.key).and_then(|l| object::log_stamp(&l.file));
            c.end_time = c.start_time;
            c.digest_key = Some(task.digest_key.clone());
            let hashed = (o.open)().map_err(ReadError::Io).and_then(|r| content::hash(r, options.max_object_bytes));
            match hashed {
                Err(e @ ReadError::Damaged(_)) => c.fail(Status::Modified, e.to_string()),
                Err(e) => c.fail(Status::Unverifiable, e.to_string()),
                Ok(h) => {
                    c.sha256 = Some(h.stored.clone());
                    c.content_sha256 = Some(h.content.clone());
                    if !task.expected.trim().eq_ignore_ascii_case(&h.content) {
                        c.fail(
                            Status::Modified,
                            format!(
                                "content SHA-256 {} does not match the hashValue {} in the digest",
                                h.content,
                                task.expected.trim()
                            ),
                        );
                    }
                    acquired_check(o, &h.stored, &mut c);
                }
            }
            if c.status == Status::Valid && task.digest_status != Status::Valid {
                c.fail(
                    Status::Unverifiable,
                    format!(
                        "matches its digest, but that digest is {}: the listing is not proven",
                        task.digest_status.as_str()
                    ),
                );
                c.newest_unsigned = task.newest_unsigned;
            }
            c
        })
        .collect()
}

/// Log files that no digest lists: added, or their digest is gone.
fn unlisted_logs(
    objects: &[Object],
    logs: &HashMap<&str, usize>,
    listed: &[bool],
    trails: &[Trail],
    options: &Options,
) -> Vec<Check> {
    let mut indices: Vec<usize> = logs.values().copied().filter(|&i| !listed[i]).collect();
    indices.sort();
    indices
        .into_iter()
        .filter_map(|i| {
            let o = &objects[i];
            let place = log_place(&o.key);
            let stamp = object::layout(&o.key).and_then(|l| object::log_stamp(&l.file));
            if let Some(t) = stamp
                && (options.since_us.is_some_and(|s| t < s) || options.until_us.is_some_and(|u| t >= u))
            {
                return None;
            }
            let mut c = Check::new(Kind::Log, Status::NotInDigest, o.key.clone());
            c.uri = Some(o.uri.clone());
            c.bucket = o.bucket.clone();
            c.start_time = stamp;
            c.end_time = stamp;
            let covered = trails.iter().any(|t| t.place.account == place.account && t.place.region == place.region);
            c.note(if covered {
                "listed in no digest here: added after delivery, or its digest is missing"
            } else {
                "no digest files for this account and region here: was log file validation on, and were the \
                 CloudTrail-Digest/ files copied?"
            });
            c.place = place;
            Some(c)
        })
        .collect()
}
