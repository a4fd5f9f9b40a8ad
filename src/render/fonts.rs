//! Fonts: the bundled Vanban Serif — Liberation Serif 2.1.5 (metric-compatible with Times New
//! Roman, SIL OFL 1.1) without its TrueType hinting, renamed as the OFL asks of a modified
//! font (fonts/FONTLOG.txt) — compiled into the binary, plus any fonts the user adds with
//! `--font-path`: the faces loaded into Typst. Their bytes, metrics and coverage are the
//! core's ([`crate::metrics`]); this module only hands them to the back end.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::metrics::{self, BUNDLED};
use crate::metrics::{BUNDLED_FAMILY, PREFERRED_FAMILY};
use std::path::Path;
use std::sync::Arc;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

/// The fonts of one process, loaded once.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Every face, in book order.
    pub fonts: Arc<Vec<Font>>,
    /// Metadata of the faces.
    pub book: FontBook,
    /// Families to use, most preferred first.
    pub families: Vec<String>,
}

impl FontSet {
    /// The bundled fonts plus every `.ttf`, `.otf`, `.ttc` and `.otc` file found (not
    /// recursively) in `extra` directories. A family named Times New Roman among the extra
    /// fonts is preferred to the bundled one.
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<FontSet, Diagnostic> {
        let mut fonts = Vec::new();
        for data in BUNDLED {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        let mut has_times = false;
        for dir in extra {
            let dir = dir.as_ref();
            let entries = std::fs::read_dir(dir).map_err(|e| Diagnostic::error(Msg::FontDir { dir: dir.display().to_string(), error: e.to_string() }))?;
            let mut paths: Vec<_> = entries
                .map(|e| e.map(|e| e.path()).map_err(|e| Diagnostic::error(Msg::FontDir { dir: dir.display().to_string(), error: e.to_string() })))
                .collect::<Result<_, _>>()?;
            paths.sort();
            for p in paths {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                if !matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc") {
                    continue;
                }
                let data = std::fs::read(&p).map_err(|e| Diagnostic::error(Msg::FontRead { font: p.display().to_string(), error: e.to_string() }))?;
                let before = fonts.len();
                for f in Font::iter(Bytes::new(data)) {
                    if f.info().family.eq_ignore_ascii_case(PREFERRED_FAMILY) {
                        has_times = true;
                    }
                    fonts.push(f);
                }
                if fonts.len() == before {
                    return Err(Diagnostic::error(Msg::FontNotFont { font: p.display().to_string() }));
                }
            }
        }
        let book = FontBook::from_fonts(fonts.iter());
        let mut families = vec![BUNDLED_FAMILY.to_string()];
        if has_times {
            families.insert(0, PREFERRED_FAMILY.to_string());
            // What `vanban check` holds the text against: the fonts the PDF will use.
            let faces = fonts.iter().filter(|f| f.info().family.eq_ignore_ascii_case(PREFERRED_FAMILY));
            metrics::set_coverage(faces.map(|f| (f.data().as_slice(), f.index())));
        }
        Ok(FontSet { fonts: Arc::new(fonts), book, families })
    }
}
