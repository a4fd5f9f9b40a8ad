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

/// `text` as printed in a column `width` mm wide: one line if it fits, otherwise broken at
/// spaces into as few lines as it needs, as even in length as can be (never one word left
/// alone on a line when two would balance). A single word wider than the column stays whole.
pub fn fit_line(m: &Metrics, text: &str, size: f64, bold: bool, italic: bool, width: f64) -> Vec<String> {
    let w = |s: &str| m.width_mm(s, size, bold, italic);
    if w(text) <= width {
        return vec![text.to_string()];
    }
    // A dash between two parts of a name ends the first line, never starts the next.
    let mut words: Vec<String> = Vec::new();
    for x in text.split(' ').filter(|x| !x.is_empty()) {
        match words.last_mut() {
            Some(last) if matches!(x, "-" | "–" | "—") => {
                last.push(' ');
                last.push_str(x);
            }
            _ => words.push(x.to_string()),
        }
    }
    let n = words.len();
    // Widths add up (the metrics apply no kerning): prefix sums of words and spaces.
    let space = w(" ");
    let mut prefix = vec![0.0; n + 1];
    for (i, x) in words.iter().enumerate() {
        prefix[i + 1] = prefix[i] + w(x);
    }
    let span = |i: usize, j: usize| prefix[j] - prefix[i] + space * (j - i - 1) as f64;
    // A name of many words (not a letterhead line a person wrote): greedy lines.
    if n > 40 {
        let mut out = Vec::new();
        let mut start = 0;
        for j in 1..=n {
            if j > start + 1 && span(start, j) > width {
                out.push(words[start..j - 1].join(" "));
                start = j - 1;
            }
        }
        out.push(words[start..].join(" "));
        return out;
    }
    // best[k][j]: the least widest line setting words[..j] on k lines, and where line k starts.
    let least = ((prefix[n] / width).ceil() as usize).clamp(2, n.max(2));
    for k in least..=n.max(2) {
        let mut best = vec![vec![(f64::INFINITY, 0usize); n + 1]; k + 1];
        best[0][0] = (0.0, 0);
        for lines in 1..=k {
            for j in 1..=n {
                for i in (lines - 1)..j {
                    let prev = best[lines - 1][i].0;
                    if prev.is_finite() {
                        let cost = prev.max(span(i, j));
                        if cost < best[lines][j].0 {
                            best[lines][j] = (cost, i);
                        }
                    }
                }
            }
        }
        if best[k][n].0 <= width || k >= n {
            let mut cuts = vec![n];
            let mut j = n;
            for lines in (1..=k).rev() {
                j = best[lines][j].1;
                cuts.push(j);
            }
            cuts.reverse();
            return cuts.windows(2).filter(|c| c[1] > c[0]).map(|c| words[c[0]..c[1]].join(" ")).collect();
        }
    }
    vec![text.to_string()]
}
