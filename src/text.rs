//! The plain-text conventions of the seeds: a line `I. MỤC ĐÍCH` is a level-1 heading,
//! `1.` level 2, `1.1.` level 3, deeper numbers level 4+, `a)` a point, `- ` and `+ `
//! items, `Điều 1.` an article, a line ending in dots a fill-in line; `**bold**` and
//! `*italic*` inline.

use serde::Serialize;

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The text, printed literally.
    pub text: String,
    /// Bold.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub b: bool,
    /// Italic.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub i: bool,
    /// Never broken across lines: a document symbol, a date or a URL (see [`protect`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nb: bool,
}

/// What one line of plain text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Heading of the level, with its number as written (`I.`, `1.1.`).
    Heading { level: u8, number: String },
    /// `a)` point.
    Point,
    /// `- ` item (the text after the dash).
    Dash,
    /// `+ ` item.
    Plus,
    /// `Điều 1.` article (number part as written).
    Article { number: String },
    /// A fill-in line.
    Fill,
    /// A paragraph.
    Paragraph,
}

/// Classifies a line; returns the kind and the rest of the line where the marker was
/// consumed (for items) or the whole line (for headings and others).
pub fn classify(line: &str) -> (LineKind, &str) {
    if let Some(rest) = line.strip_prefix("- ") {
        return (LineKind::Dash, rest.trim_start());
    }
    if let Some(rest) = line.strip_prefix("+ ") {
        return (LineKind::Plus, rest.trim_start());
    }
    if let Some(number) = heading_number(line) {
        let level = heading_level(&number);
        return (LineKind::Heading { level, number }, line);
    }
    if let Some(number) = article_number(line) {
        return (LineKind::Article { number }, line);
    }
    if is_point(line) {
        return (LineKind::Point, line);
    }
    if is_fill(line) {
        return (LineKind::Fill, line);
    }
    (LineKind::Paragraph, line)
}

/// The heading number at the start of a line: `I.` (Roman), `1.`, `1.1.`, `4.2.1.1.`,
/// followed by a space. Markdown-style `**` around the heading is allowed.
fn heading_number(line: &str) -> Option<String> {
    let line = line.trim_start_matches("**");
    let (head, rest) = line.split_once(' ')?;
    if rest.trim().is_empty() || !head.ends_with('.') {
        return None;
    }
    let parts: Vec<&str> = head[..head.len() - 1].split('.').collect();
    if parts.len() == 1 && crate::vn::parse_roman(parts[0]).is_some() {
        return Some(head.to_string());
    }
    if parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit())) {
        return Some(head.to_string());
    }
    None
}

/// Level of a heading number: Roman → 1, `1.` → 2, `1.1.` → 3, deeper → 4 and 5.
pub fn heading_level(number: &str) -> u8 {
    let inner = number.trim_end_matches('.');
    if crate::vn::parse_roman(inner).is_some() {
        return 1;
    }
    let depth = inner.split('.').count();
    (depth + 1).min(5) as u8
}

fn article_number(line: &str) -> Option<String> {
    let rest = line.strip_prefix("Điều ")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || !rest[digits.len()..].starts_with('.') {
        return None;
    }
    Some(format!("Điều {digits}."))
}

/// The letters of điểm (points) in Vietnamese order: `a)`, `b)`, … `đ)`, `e)`, `g)` (no f, j,
/// w, z).
pub const POINT_LETTERS: [char; 24] = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'x', 'y'];

/// A division of a Quyết định, Quy chế or Quy định: Phần and Chương (Roman numerals), Mục and
/// Tiểu mục (Arabic), each on a line of its own with its title under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Division {
    /// `Phần I`.
    Phan,
    /// `Chương I`.
    Chuong,
    /// `Mục 1`.
    Muc,
    /// `Tiểu mục 1`.
    TieuMuc,
}

impl Division {
    /// Every division, outermost first.
    pub const ALL: [Division; 4] = [Division::Phan, Division::Chuong, Division::Muc, Division::TieuMuc];

    /// The word as printed (`Chương`).
    pub fn word(self) -> &'static str {
        match self {
            Division::Phan => "Phần",
            Division::Chuong => "Chương",
            Division::Muc => "Mục",
            Division::TieuMuc => "Tiểu mục",
        }
    }

    /// Numbered in Roman numerals (Phần, Chương), else Arabic.
    pub fn roman(self) -> bool {
        matches!(self, Division::Phan | Division::Chuong)
    }
}

/// A line of the legal structure (ND30: Phần, Chương, Mục, Tiểu mục, Điều, khoản, điểm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Legal {
    /// `Chương II`: the division and its number's value.
    Division(Division, u32),
    /// `Điều 5. …`: its number; `titled` when the rest is a title (no closing punctuation),
    /// printed bold whole, rather than the article's text after a bold label.
    Article { number: u32, titled: bool },
    /// `2. …` inside an article.
    Clause(u32),
    /// `đ) …` inside an article: the letter's place in [`POINT_LETTERS`] (from 1).
    Point(u32),
}

/// Reads lines in order and says which belong to the legal structure: khoản (`1.`) and điểm
/// (`a)`) only inside an article, so that a Kế hoạch's `1.` headings stay headings.
#[derive(Debug, Default)]
pub struct Structure {
    in_article: bool,
}

impl Structure {
    /// What `line` (trimmed) is in the structure, if anything.
    pub fn line(&mut self, line: &str) -> Option<Legal> {
        if let Some((d, n)) = division(line) {
            self.in_article = false;
            return Some(Legal::Division(d, n));
        }
        if let Some(number) = article_number(line) {
            self.in_article = true;
            let n = number.trim_start_matches("Điều ").trim_end_matches('.').parse().ok()?;
            let rest = line[number.len()..].trim();
            let titled = !rest.is_empty() && !rest.ends_with(['.', ';', ':', ',']) && !rest.ends_with("./.");
            return Some(Legal::Article { number: n, titled });
        }
        if !self.in_article {
            return None;
        }
        let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && line[digits.len()..].starts_with(". ") {
            return digits.parse().ok().map(Legal::Clause);
        }
        if is_point(line) {
            let c = line.chars().next()?;
            return POINT_LETTERS.iter().position(|l| *l == c).map(|k| Legal::Point(k as u32 + 1));
        }
        None
    }

    /// An explicit article block was read (khoản and điểm may follow it as text).
    pub fn enter_article(&mut self) {
        self.in_article = true;
    }

    /// An explicit division block was read.
    pub fn leave_article(&mut self) {
        self.in_article = false;
    }
}

/// `Chương IV`, `Phần II`, `Mục 2`, `Tiểu mục 1` alone on their line (case as written, or
/// all upper case), with the value of the number.
fn division(line: &str) -> Option<(Division, u32)> {
    let line = line.trim().trim_end_matches('.');
    for d in Division::ALL {
        let upper = crate::vn::upper(d.word());
        let Some(rest) = line.strip_prefix(d.word()).or_else(|| line.strip_prefix(upper.as_str())) else { continue };
        let Some(number) = rest.strip_prefix(' ') else { continue };
        let value = if d.roman() { crate::vn::parse_roman(number) } else { number.parse().ok() };
        if let Some(v) = value {
            return Some((d, v));
        }
    }
    None
}

fn is_point(line: &str) -> bool {
    let mut chars = line.chars();
    matches!((chars.next(), chars.next(), chars.next()),
        (Some(c), Some(')'), Some(' ')) if c.is_lowercase() && c.is_alphabetic())
}

fn is_fill(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with("....") || t.ends_with("……")
}

/// Parses inline `**bold**` and `*italic*` into spans. A backslash escapes the next
/// character (`\*` is a literal asterisk). Unclosed markers print literally.
pub fn inline(text: &str, bold: bool, italic: bool) -> Vec<Span> {
    // Tokenise into text pieces and marker tokens, then match markers pairwise.
    #[derive(Debug)]
    enum Tok {
        Text(String),
        // Marker length, whether it may open (followed by a non-space) and close
        // (preceded by a non-space), as in CommonMark, so `2 * 3` stays literal.
        Star(usize, bool, bool),
    }
    let mut toks: Vec<Tok> = Vec::new();
    let mut buf = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c == '\\' && k + 1 < chars.len() && (chars[k + 1] == '*' || chars[k + 1] == '\\') {
            buf.push(chars[k + 1]);
            k += 2;
            continue;
        }
        if c == '*' {
            let n = if k + 1 < chars.len() && chars[k + 1] == '*' { 2 } else { 1 };
            if !buf.is_empty() {
                toks.push(Tok::Text(std::mem::take(&mut buf)));
            }
            let open = chars.get(k + n).is_some_and(|c| !c.is_whitespace());
            let close = k > 0 && !chars[k - 1].is_whitespace();
            toks.push(Tok::Star(n, open, close));
            k += n;
            continue;
        }
        buf.push(c);
        k += 1;
    }
    if !buf.is_empty() {
        toks.push(Tok::Text(buf));
    }
    // A marker is active only if a matching closer follows.
    let mut active = vec![false; toks.len()];
    let mut open: Vec<usize> = Vec::new();
    for (idx, t) in toks.iter().enumerate() {
        if let Tok::Star(n, can_open, can_close) = *t {
            let found = if can_close { open.iter().rposition(|&o| matches!(toks[o], Tok::Star(m, _, _) if m == n)) } else { None };
            if let Some(pos) = found {
                let o = open[pos];
                open.truncate(pos);
                active[o] = true;
                active[idx] = true;
            } else if can_open {
                open.push(idx);
            }
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    let (mut b, mut i) = (bold, italic);
    let push = |spans: &mut Vec<Span>, s: &str, b: bool, i: bool| {
        if s.is_empty() {
            return;
        }
        if let Some(last) = spans.last_mut() {
            if last.b == b && last.i == i {
                last.text.push_str(s);
                return;
            }
        }
        spans.push(Span { text: s.to_string(), b, i, nb: false });
    };
    for (idx, t) in toks.iter().enumerate() {
        match t {
            Tok::Text(s) => push(&mut spans, s, b, i),
            Tok::Star(n, _, _) if active[idx] => {
                if *n == 2 {
                    b = if b == bold { !bold } else { bold };
                } else {
                    i = if i == italic { !italic } else { italic };
                }
            }
            Tok::Star(n, _, _) => push(&mut spans, &"*".repeat(*n), b, i),
        }
    }
    spans
}

/// Whether a word (a run without spaces) is one a line must never break inside: it holds a
/// `/` between two characters, as a document symbol (`98/2023/NĐ-CP`, `106/KH-TCKTNVCB`), a
/// date (`15/11/2026`) or a URL does. Word breaks none of them (only at spaces and after a
/// hyphen); Typst would break after the `/` and the `-`.
pub fn is_unbreakable(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    w.chars().count() >= 3 && w.contains('/')
}

/// Splits the unbreakable words of `spans` (see [`is_unbreakable`]) into spans of their own
/// marked `nb`, so that both back ends keep each on one line.
pub fn protect(spans: Vec<Span>) -> Vec<Span> {
    if !spans.iter().any(|s| s.text.contains('/')) {
        return spans;
    }
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if s.nb || !s.text.contains('/') {
            out.push(s);
            continue;
        }
        let mut plain = String::new();
        for piece in s.text.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end_matches(char::is_whitespace);
            if is_unbreakable(word) {
                // The word's own trailing punctuation (`NĐ-CP;`) may follow it on the line.
                let core_end = word.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
                if !plain.is_empty() {
                    out.push(Span { text: std::mem::take(&mut plain), nb: false, ..s.clone() });
                }
                out.push(Span { text: word[..core_end].to_string(), nb: true, ..s.clone() });
                plain.push_str(&piece[core_end..]);
            } else {
                plain.push_str(piece);
            }
        }
        if !plain.is_empty() {
            out.push(Span { text: plain, nb: false, ..s });
        }
    }
    out
}

/// The plain text of spans.
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_seed_lines() {
        assert_eq!(classify("I. MỤC ĐÍCH, YÊU CẦU").0, LineKind::Heading { level: 1, number: "I.".into() });
        assert_eq!(classify("V. TỔ CHỨC THỰC HIỆN").0, LineKind::Heading { level: 1, number: "V.".into() });
        assert_eq!(classify("1. Mục đích").0, LineKind::Heading { level: 2, number: "1.".into() });
        assert_eq!(classify("1.1. Truyền thông").0, LineKind::Heading { level: 3, number: "1.1.".into() });
        assert_eq!(classify("4.2.1.1. Cá nhân").0, LineKind::Heading { level: 5, number: "4.2.1.1.".into() });
        assert_eq!(classify("4.2.1. Tập thể").0, LineKind::Heading { level: 4, number: "4.2.1.".into() });
        assert_eq!(classify("- Nâng cao"), (LineKind::Dash, "Nâng cao"));
        assert_eq!(classify("+ Một"), (LineKind::Plus, "Một"));
        assert_eq!(classify("a) Điểm a").0, LineKind::Point);
        assert_eq!(classify("Điều 1. Ban hành").0, LineKind::Article { number: "Điều 1.".into() });
        assert_eq!(classify("Họ và tên: ..........").0, LineKind::Fill);
        assert_eq!(classify("Thực hiện Kế hoạch số 291").0, LineKind::Paragraph);
        // Not headings: a date, a sentence starting with a word and a dot.
        assert_eq!(classify("10/10 hằng năm").0, LineKind::Paragraph);
        assert_eq!(classify("Mr. X").0, LineKind::Paragraph);
        assert_eq!(classify("2025. Năm").0, LineKind::Paragraph);
    }

    #[test]
    fn inline_markup() {
        let s = inline("trước ngày **15/11/2026** để *tổng hợp*", false, false);
        assert_eq!(s.len(), 4);
        assert!(s[1].b && s[1].text == "15/11/2026");
        assert!(s[3].i && s[3].text == "tổng hợp");
        let lit = inline("$5*_a_ and 2 * 3 and \\*x\\*", false, false);
        assert_eq!(plain(&lit), "$5*_a_ and 2 * 3 and *x*");
        let nested = inline("“*Bình dân học vụ số*”", false, false);
        assert_eq!(nested[1].text, "Bình dân học vụ số");
        assert!(nested[1].i);
        // Inside a bold paragraph, ** turns bold off.
        let off = inline("a **b** c", true, false);
        assert!(off[0].b && !off[1].b && off[2].b);
    }

    #[test]
    fn symbols_dates_and_urls_are_kept_whole() {
        let s = protect(inline("Căn cứ Nghị định số 98/2023/NĐ-CP ngày **15/11/2026**; xem https://moet.gov.vn/a.", false, false));
        let nb: Vec<&str> = s.iter().filter(|x| x.nb).map(|x| x.text.as_str()).collect();
        assert_eq!(nb, ["98/2023/NĐ-CP", "15/11/2026", "https://moet.gov.vn/a"]);
        assert_eq!(plain(&s), "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 15/11/2026; xem https://moet.gov.vn/a.");
        assert!(s.iter().find(|x| x.text == "15/11/2026").unwrap().b);
        // A fraction and `và/hoặc` are kept whole too; a lone slash or dash is not a word.
        assert!(is_unbreakable("1/2") && !is_unbreakable("/") && !is_unbreakable("-") && is_unbreakable("và/hoặc"));
    }
}
