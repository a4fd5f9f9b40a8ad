//! Fonts: the bundled Vanban Serif — Liberation Serif 2.1.5 (metric-compatible with Times New
//! Roman, SIL OFL 1.1) without its TrueType hinting, renamed as the OFL asks of a modified
//! font (fonts/FONTLOG.txt) — compiled into the binary, plus any fonts the user adds with
//! `--font-path`.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, LazyLock, OnceLock};
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

/// The family of the bundled fonts.
pub const BUNDLED_FAMILY: &str = "Vanban Serif";
/// The family preferred when the user supplies it.
pub const PREFERRED_FAMILY: &str = "Times New Roman";

static BUNDLED: [&[u8]; 4] = [
    include_bytes!("../../fonts/VanbanSerif-Regular.ttf"),
    include_bytes!("../../fonts/VanbanSerif-Bold.ttf"),
    include_bytes!("../../fonts/VanbanSerif-Italic.ttf"),
    include_bytes!("../../fonts/VanbanSerif-BoldItalic.ttf"),
];

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
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
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
            let _ = COVERAGE.set(Coverage::of(faces.map(|f| (f.data().as_slice(), f.index())).chain([(BUNDLED[0], 0)])));
        }
        Ok(FontSet { fonts: Arc::new(fonts), book, families })
    }
}

/// The characters the document's fonts can print (the PDF sets text without fallback to
/// another font, so any other character is an error).
#[derive(Debug)]
pub struct Coverage(HashSet<u32>);

static COVERAGE: OnceLock<Coverage> = OnceLock::new();

impl Coverage {
    fn of<'a>(faces: impl Iterator<Item = (&'a [u8], u32)>) -> Coverage {
        let mut set = HashSet::new();
        for (data, index) in faces {
            let Ok(face) = ttf_parser::Face::parse(data, index) else { continue };
            for sub in face.tables().cmap.iter().flat_map(|c| c.subtables) {
                if sub.is_unicode() {
                    sub.codepoints(|cp| {
                        if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                            set.insert(cp);
                        }
                    });
                }
            }
        }
        Coverage(set)
    }

    /// Whether the fonts have a glyph for `c`. Line breaks are not printed.
    pub fn covers(&self, c: char) -> bool {
        matches!(c, '\n' | crate::vn::LINE_BREAK) || self.0.contains(&(c as u32))
    }
}

/// The coverage of the fonts in use: the bundled regular face, plus a Times New Roman that
/// `--font-path` brought (the PDF prefers it, and falls back to the bundled face).
pub fn coverage() -> &'static Coverage {
    COVERAGE.get_or_init(|| Coverage::of([(BUNDLED[0], 0)].into_iter()))
}

/// Advance widths of the bundled faces, to size rules in back ends that cannot measure
/// text themselves (DOCX). Vanban Serif (Liberation Serif) has the advance widths of Times New Roman, so
/// the lengths hold in Word too.
#[derive(Debug, Clone, Copy, Default)]
pub struct Metrics;

impl Metrics {
    /// Width of `text` in millimetres at `size` pt (no kerning; Word applies none by default).
    pub fn width_mm(&self, text: &str, size: f64, bold: bool, italic: bool) -> f64 {
        // Parsed once: compose measures many words of every document.
        static FACES: LazyLock<Vec<Option<ttf_parser::Face<'static>>>> = LazyLock::new(|| BUNDLED.iter().map(|d| ttf_parser::Face::parse(d, 0).ok()).collect());
        let Some(face) = FACES[usize::from(bold) + 2 * usize::from(italic)].as_ref() else { return 0.0 };
        let upem = f64::from(face.units_per_em());
        let units: f64 = text.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(upem / 2.0, f64::from)).sum();
        units / upem * size * 25.4 / 72.0
    }

    /// Ascent and descent of a single-spaced line as word processors set it, in em: the
    /// regular face's hhea ascender, and its descender plus line gap.
    pub fn line_em() -> (f64, f64) {
        let Ok(face) = ttf_parser::Face::parse(BUNDLED[0], 0) else { return (0.93, 0.22) };
        let upem = f64::from(face.units_per_em());
        (f64::from(face.ascender()) / upem, f64::from(face.line_gap() - face.descender()) / upem)
    }
}
