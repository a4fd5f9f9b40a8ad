//! Writing output: every file goes to a temporary name in the target directory and is
//! renamed into place, so a reader never sees a half-written document and an existing file
//! is replaced only by a complete one.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use std::io::Write;
use std::path::Path;

/// Records as CSV in memory, after a UTF-8 byte-order mark when `bom` (so that Excel reads the
/// Vietnamese letters). It cannot fail: a `Vec` takes every write and flush, and the writer is
/// flexible (a record of another length than the first is written as it is), which leaves the
/// csv crate no error to give; hence the results below are not looked at.
pub fn csv_bytes<R, F>(bom: bool, records: impl IntoIterator<Item = R>) -> Vec<u8>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let start = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(start);
    for r in records {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

/// Writes `bytes` to `path` atomically, and flushes it to disk before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_atomic_with(path, bytes, true)
}

/// Writes `bytes` to `path` atomically; with `durable`, the data is flushed to disk before
/// the rename. Without it (bulk runs of thousands of files, where a flush per file would
/// cost more than the rendering), the rename still guarantees that an interrupted run
/// leaves either the complete file or none.
pub fn write_atomic_with(path: &Path, bytes: &[u8], durable: bool) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| Diagnostic::error(Msg::CannotWrite { path: path.display().to_string(), error: e.to_string() });
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

/// Writes a ZIP archive of `files` (name, bytes) in their order, atomically: a temporary file
/// renamed when complete. DOCX files (themselves ZIPs) are stored, the others deflated; no
/// dates are written, so the same files give the same bytes.
pub fn write_zip_atomic(path: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Diagnostic> {
    let fail = |e: &dyn std::fmt::Display| Diagnostic::error(Msg::CannotWrite { path: path.display().to_string(), error: e.to_string() });
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let base = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
        let stored = base.compression_method(zip::CompressionMethod::Stored);
        let deflated = base.compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1));
        for (name, bytes) in files {
            zip.start_file(name.as_str(), if name.ends_with(".docx") { stored } else { deflated }).map_err(|e| fail(&e))?;
            zip.write_all(bytes).map_err(|e| fail(&e))?;
        }
        zip.finish().map_err(|e| fail(&e))?;
    }
    write_atomic(path, &buf.into_inner())
}
