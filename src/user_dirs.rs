//! Where trailhound keeps per-user files: the XDG base directories (`$XDG_CACHE_HOME`, …), else
//! their usual places under `$HOME`. Each returns the `trailhound` folder inside.

use std::path::PathBuf;

fn base(variable: &str, under_home: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(under_home)))
        .map(|b| b.join("trailhound"))
}

/// Rebuildable things: cache lakes, acquired copies (the system temp folder without a home).
pub fn cache() -> PathBuf {
    base("XDG_CACHE_HOME", ".cache").unwrap_or_else(|| std::env::temp_dir().join("trailhound"))
}

/// Things to keep: case directories.
pub fn data() -> PathBuf {
    base("XDG_DATA_HOME", ".local/share").unwrap_or_else(|| std::env::temp_dir().join("trailhound"))
}

/// Per-user state such as the REPL history; none without a home (nothing is written then).
pub fn state() -> Option<PathBuf> {
    base("XDG_STATE_HOME", ".local/state")
}
