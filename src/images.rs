//! The images a document names for ký số — the signer's signature (`ky.anh_chu_ky`) and the
//! agency's seal (`co_quan.anh_dau`) — read through one door, as fonts are: a path relative to
//! the document's folder, refused when it leaves that folder (unless a folder is allowed on
//! the command line, `--image-path`), when it is not a PNG, or when it is too large. Nothing
//! else in vanban reads an image; a document that did not come from a file (the web editor, a
//! bulk template's rows) reads none.

use crate::messages::Msg;
use std::path::{Path, PathBuf};

/// Largest image file accepted: a scanned signature or seal is a few hundred kilobytes.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
/// Largest width or height in pixels (a seal scanned at 1200 dpi is about 1,700).
pub const MAX_PIXELS: u32 = 6000;

/// Where a document's images may come from.
#[derive(Debug, Clone)]
pub struct Access {
    /// The document's folder: relative paths start here.
    base: PathBuf,
    /// Folders given on the command line, where images may be too.
    allowed: Vec<PathBuf>,
}

/// A PNG read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Png {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Width and height in pixels.
    pub pixels: (u32, u32),
    /// Physical size from the file's `pHYs` chunk, mm (width, height), when it gives one.
    pub size_mm: Option<(f64, f64)>,
    /// Whether it has transparency (an alpha channel or a transparent colour).
    pub transparent: bool,
}

impl Access {
    /// The images of the document read from `file` (`-`: standard input, the current folder),
    /// and of the folders `allowed`.
    pub fn of_file(file: &str, allowed: &[PathBuf]) -> Access {
        let base = if file == "-" { PathBuf::from(".") } else { Path::new(file).parent().map(Path::to_path_buf).unwrap_or_default() };
        let base = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };
        Access { base, allowed: allowed.to_vec() }
    }

    /// Reads the PNG at `path` (as the document writes it). The error says what is wrong,
    /// naming the file.
    pub fn read(&self, path: &str) -> Result<Png, Msg> {
        let target = self.base.join(path);
        let real = target.canonicalize().map_err(|_| Msg::ImageNotFound { image: target.display().to_string() })?;
        let inside = |dir: &Path| dir.canonicalize().is_ok_and(|d| real.starts_with(d));
        if !inside(&self.base) && !self.allowed.iter().any(|d| inside(d)) {
            return Err(Msg::ImageOutside { image: path.to_string(), base: self.base.display().to_string() });
        }
        let cannot = |e: std::io::Error| Msg::ImageCannotRead { image: real.display().to_string(), error: e.to_string() };
        let len = std::fs::metadata(&real).map_err(cannot)?.len();
        if len > MAX_BYTES {
            return Err(Msg::ImageTooBig { image: path.to_string(), size: format!("{:.1}", len as f64 / 1048576.0), max: MAX_BYTES / 1048576 });
        }
        let bytes = std::fs::read(&real).map_err(cannot)?;
        png_info(bytes, path)
    }
}

/// Checks that `bytes` are a PNG of a sensible size and reads its header.
fn png_info(bytes: Vec<u8>, path: &str) -> Result<Png, Msg> {
    let image = || path.to_string();
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(Msg::ImageNotPng { image: image() });
    }
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes.as_slice()));
    let reader = decoder.read_info().map_err(|e| Msg::ImageDamaged { image: image(), error: e.to_string() })?;
    let info = reader.info();
    let (w, h) = (info.width, info.height);
    if w == 0 || h == 0 || w > MAX_PIXELS || h > MAX_PIXELS {
        return Err(Msg::ImagePixels { image: image(), width: w, height: h, max: MAX_PIXELS });
    }
    let size_mm = info
        .pixel_dims
        .filter(|d| d.unit == png::Unit::Meter && d.xppu > 0 && d.yppu > 0)
        .map(|d| (w as f64 * 1000.0 / d.xppu as f64, h as f64 * 1000.0 / d.yppu as f64));
    let transparent = matches!(info.color_type, png::ColorType::Rgba | png::ColorType::GrayscaleAlpha) || info.trns.is_some();
    Ok(Png { pixels: (w, h), size_mm, transparent, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_png_is_refused() {
        assert!(png_info(b"GIF89a....".to_vec(), "a.gif").unwrap_err().to_string().contains("not a PNG"));
        assert!(png_info(b"\x89PNG\r\n\x1a\n\0\0".to_vec(), "a.png").unwrap_err().to_string().contains("damaged"));
    }
}
