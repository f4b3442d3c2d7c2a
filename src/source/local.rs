//! Local inputs: files, directories walked recursively, and `-` for stdin.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use super::acquire_manifest::{self, Entry};
use super::{InputObject, Location, s3, s3_key_of};

/// Expands the command-line sources into objects, in a stable order.
pub fn enumerate(sources: &[String], max_object_bytes: u64) -> Result<Vec<InputObject>> {
    let mut objects = Vec::new();
    for source in sources {
        if source == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().lock().take(max_object_bytes + 1).read_to_end(&mut bytes).context("reading stdin")?;
            if bytes.len() as u64 > max_object_bytes {
                bail!(
                    "stdin is larger than --max-object-bytes ({max_object_bytes}); save it to a file or raise the cap"
                );
            }
            objects.push(InputObject {
                uri: "stdin".into(),
                key: None,
                size: bytes.len() as u64,
                etag: None,
                location: Location::Memory(Arc::new(bytes)),
            });
            continue;
        }
        let path = Path::new(source);
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read the input {source}"))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            files.sort();
            let acquired = Acquired::find(path)?;
            for file in files {
                objects.push(acquired.attribute(file_object(&file)?, &file));
            }
        } else {
            let acquired = Acquired::find(path.parent().unwrap_or(Path::new(".")))?;
            objects.push(acquired.attribute(file_object(path)?, path));
        }
    }
    Ok(objects)
}

fn file_object(path: &Path) -> Result<InputObject> {
    let absolute = std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))?;
    let size = std::fs::metadata(&absolute).with_context(|| format!("reading {}", absolute.display()))?.len();
    let uri = absolute.to_string_lossy().into_owned();
    Ok(InputObject { key: s3_key_of(&uri), uri, size, etag: None, location: Location::File(absolute) })
}

/// The `acquire-manifest.jsonl` of a folder made by `trailhound acquire` (found in the folder
/// or above it), so each file is cited by the bucket and key it was copied from.
struct Acquired {
    root: PathBuf,
    entries: std::collections::HashMap<String, Entry>,
}

impl Acquired {
    fn find(dir: &Path) -> Result<Self> {
        let dir = std::path::absolute(dir).with_context(|| format!("resolving {}", dir.display()))?;
        for root in dir.ancestors() {
            if root.join(acquire_manifest::FILE_NAME).is_file() {
                return Ok(Acquired { root: root.to_path_buf(), entries: acquire_manifest::read(root)? });
            }
        }
        Ok(Acquired { root: dir, entries: Default::default() })
    }

    /// Cites the original `s3://bucket/key` when the manifest lists this very file (same size);
    /// the local path stays in the manifest's `path` column.
    fn attribute(&self, mut object: InputObject, file: &Path) -> InputObject {
        let Ok(absolute) = std::path::absolute(file) else { return object };
        let Ok(relative) = absolute.strip_prefix(&self.root) else { return object };
        let relative: Vec<String> =
            relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if let Some(entry) = self.entries.get(&relative.join("/"))
            && entry.size == object.size
        {
            object.uri = s3::object_uri(&entry.bucket, &entry.key);
            object.key = s3_key_of(&entry.key);
            object.etag = entry.etag.clone();
        }
        object
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        // Hidden files (editor swap files, .DS_Store, our own caches) are never evidence.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if kind.is_file() && is_candidate(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Files worth opening in a directory walk: logs, not the sidecars that sit beside them.
fn is_candidate(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    !(name.ends_with(".md")
        || name.ends_with(".txt")
        || name.ends_with(".parquet")
        || name.ends_with(".truth.json")
        || name == acquire_manifest::FILE_NAME)
}
