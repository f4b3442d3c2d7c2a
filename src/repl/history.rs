//! Where the line history lives: it holds indicators of compromise (keys, IPs, names), so it is
//! kept private (0600 in a 0700 directory) under the user's state directory, never in the
//! working directory where it could be committed or shared with the evidence.

use std::path::PathBuf;

use anyhow::{Context, Result};

/// `TRAILHOUND_HISTORY` (empty: no history), else `$XDG_STATE_HOME/trailhound/history`, else
/// `~/.local/state/trailhound/history`. The file is created private before anything is written.
pub fn open() -> Result<Option<PathBuf>> {
    let path = match std::env::var_os("TRAILHOUND_HISTORY") {
        Some(p) if p.is_empty() => return Ok(None),
        Some(p) => PathBuf::from(p),
        None => match crate::user_dirs::state() {
            Some(dir) => dir.join("history"),
            None => return Ok(None),
        },
    };
    if let Some(dir) = path.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&path).with_context(|| format!("opening the history file {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} private", path.display()))?;
    }
    Ok(Some(path))
}
