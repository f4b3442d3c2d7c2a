//! Local inputs: files, directories walked recursively, and `-` for stdin.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use super::{InputObject, Location, s3_key_of};

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
            for file in files {
                objects.push(file_object(&file)?);
            }
        } else {
            objects.push(file_object(path)?);
        }
    }
    Ok(objects)
}

fn file_object(path: &Path) -> Result<InputObject> {
    let absolute = std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))?;
    let size = std::fs::metadata(&absolute).with_context(|| format!("reading {}", absolute.display()))?.len();
    let uri = absolute.to_string_lossy().into_owned();
    Ok(InputObject { key: s3_key_of(&uri), uri, size, location: Location::File(absolute) })
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
    !(name.ends_with(".md") || name.ends_with(".txt") || name.ends_with(".parquet") || name.ends_with(".truth.json"))
}
