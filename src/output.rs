//! Writing output: every file goes to a temporary name in the target directory and is
//! renamed into place, so a reader never sees a half-written document and an existing file
//! is replaced only by a complete one.

use crate::diag::Diagnostic;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically, and flushes it to disk before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_atomic_with(path, bytes, true)
}

/// Writes `bytes` to `path` atomically; with `durable`, the data is flushed to disk before
/// the rename. Without it (bulk runs of thousands of files, where a flush per file would
/// cost more than the rendering), the rename still guarantees that an interrupted run
/// leaves either the complete file or none.
pub fn write_atomic_with(path: &Path, bytes: &[u8], durable: bool) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error("write", format!("cannot write {}: {e}", path.display()))
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".vanban-").suffix(".tmp").tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    if durable {
        tmp.as_file().sync_all().map_err(fail)?;
    }
    // Temporary files are created private; a document is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
