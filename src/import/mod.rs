//! Word in: a `.docx` read into a neutral model ([`word`]), and turned into vanban's document
//! (`vanban nhap`) or a bulk template (`--template`) ([`document`]); the same model serves the check of DOCX made elsewhere.
//! It must not write files, print or know the CLI or the server: they call it and report.

pub mod document;
pub mod word;
mod xml;

pub use document::{import_docx, Imported, Unmapped};
use std::path::{Path, PathBuf};

/// The bytes a legacy Word file (`.doc`, OLE2) starts with.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Imports the Word document at `path` (see [`document`]): a `.doc` is first converted with
/// LibreOffice when it is installed (`soffice` on the PATH), else refused with how to save it
/// as `.docx`. Errors are in Vietnamese and name the file.
pub fn import_file(path: &Path, template: bool) -> Result<Imported, String> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("không đọc được tệp `{file}`: {e}"))?;
    if bytes.starts_with(&OLE_MAGIC) || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("doc")) {
        let converted = convert_doc(path)?;
        return import_docx(&file, &converted, template);
    }
    import_docx(&file, &bytes, template)
}

/// `soffice` (or `libreoffice`) on the PATH.
fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| ["soffice", "libreoffice"].map(|n| d.join(n))).find(|p| p.is_file())
}

/// A `.doc` converted to `.docx` by LibreOffice, in a temporary folder.
fn convert_doc(path: &Path) -> Result<Vec<u8>, String> {
    let file = path.display().to_string();
    let how = "hãy mở tệp bằng Word (hoặc LibreOffice Writer), chọn Tệp → Lưu thành (Save As) → Word Document (*.docx), rồi nhập tệp .docx";
    let Some(office) = soffice() else {
        return Err(format!(
            "tệp `{file}` là tài liệu Word cũ (.doc), cần LibreOffice để chuyển sang .docx nhưng máy này không có LibreOffice (soffice); {how}"
        ));
    };
    let dir = tempfile::tempdir().map_err(|e| format!("không tạo được thư mục tạm để chuyển `{file}`: {e}"))?;
    // A profile of its own: an office already open for the user does not take the job.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let input = dir.path().join("in.doc");
    std::fs::copy(path, &input).map_err(|e| format!("không đọc được tệp `{file}`: {e}"))?;
    let out = std::process::Command::new(office)
        .arg(profile)
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .map_err(|e| format!("không chạy được LibreOffice để chuyển `{file}`: {e}; {how}"))?;
    match std::fs::read(dir.path().join("in.docx")) {
        Ok(b) => Ok(b),
        Err(_) => Err(format!("LibreOffice không chuyển được `{file}` sang .docx ({}); {how}", String::from_utf8_lossy(&out.stderr).trim())),
    }
}
