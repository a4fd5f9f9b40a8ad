//! Font metrics and coverage, a concern of the core: the advance widths of the bundled faces
//! (compose fits lines with them, profile sizes rules, check measures letterheads) and the
//! characters the document's fonts can print. No back end here: render loads the faces.

use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};

/// The family of the bundled fonts.
pub const BUNDLED_FAMILY: &str = "Vanban Serif";
/// The family preferred when the user supplies it.
pub const PREFERRED_FAMILY: &str = "Times New Roman";

/// The bundled faces: regular, bold, italic, bold italic.
pub(crate) static BUNDLED: [&[u8]; 4] = [
    include_bytes!("../fonts/VanbanSerif-Regular.ttf"),
    include_bytes!("../fonts/VanbanSerif-Bold.ttf"),
    include_bytes!("../fonts/VanbanSerif-Italic.ttf"),
    include_bytes!("../fonts/VanbanSerif-BoldItalic.ttf"),
];

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

/// Makes the coverage the bundled regular face plus `faces` (a Times New Roman that
/// `--font-path` brought, which the PDF prefers). Only the first call counts.
pub(crate) fn set_coverage<'a>(faces: impl Iterator<Item = (&'a [u8], u32)>) {
    let _ = COVERAGE.set(Coverage::of(faces.chain([(BUNDLED[0], 0)])));
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
