//! Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI-Windows) in spreadsheet text: detection and conversion to Unicode.
//! Old workbooks keep those bytes as Latin-1 characters that read as Vietnamese only in the `.VnTime` or `VNI-Times` fonts.
//! It must never alter genuine Unicode text: weak evidence answers `Unicode`, contradictory evidence `Mixed`, never a guess.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::{is_nfc, UnicodeNormalization};

/// Which legacy encoding a text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN3 (ABC, TCVN 5712:1993 VN3): one byte per letter, fonts `.VnTime`, `.VnTimeH`.
    Tcvn3,
    /// VNI-Windows: a base letter followed by a tone or shape byte, fonts `VNI-Times`.
    Vni,
}

/// The result of looking at one cell's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// Unicode (or plain ASCII) text: nothing to do.
    Unicode,
    /// Wholly in a legacy encoding: the converted text (NFC).
    Converted(Legacy, String),
    /// Looks legacy but cannot be converted cleanly (mixed with real Unicode Vietnamese, or
    /// characters with no meaning in the encoding): never to be printed as is.
    Mixed(Legacy),
}

/// TCVN3 (ABC): each byte, read as the Latin-1 character a spreadsheet stores, and the letter `.VnTime` draws.
/// Rows go plain, sắc, huyền, hỏi, ngã, nặng. TCVN3 has no toned capitals: `.VnTimeH` draws these lower-case bytes
/// as capitals, so they decode to lower case here.
#[rustfmt::skip]
const TCVN3: [(char, char); 74] = [
    /* a */                   ('\u{B8}', 'á'), ('\u{B5}', 'à'), ('\u{B6}', 'ả'), ('\u{B7}', 'ã'), ('\u{B9}', 'ạ'),
    /* ă */ ('\u{A8}', 'ă'), ('\u{BE}', 'ắ'), ('\u{BB}', 'ằ'), ('\u{BC}', 'ẳ'), ('\u{BD}', 'ẵ'), ('\u{C6}', 'ặ'),
    /* â */ ('\u{A9}', 'â'), ('\u{CA}', 'ấ'), ('\u{C7}', 'ầ'), ('\u{C8}', 'ẩ'), ('\u{C9}', 'ẫ'), ('\u{CB}', 'ậ'),
    /* e */                   ('\u{D0}', 'é'), ('\u{CC}', 'è'), ('\u{CE}', 'ẻ'), ('\u{CF}', 'ẽ'), ('\u{D1}', 'ẹ'),
    /* ê */ ('\u{AA}', 'ê'), ('\u{D5}', 'ế'), ('\u{D2}', 'ề'), ('\u{D3}', 'ể'), ('\u{D4}', 'ễ'), ('\u{D6}', 'ệ'),
    /* i */                   ('\u{DD}', 'í'), ('\u{D7}', 'ì'), ('\u{D8}', 'ỉ'), ('\u{DC}', 'ĩ'), ('\u{DE}', 'ị'),
    /* o */                   ('\u{E3}', 'ó'), ('\u{DF}', 'ò'), ('\u{E1}', 'ỏ'), ('\u{E2}', 'õ'), ('\u{E4}', 'ọ'),
    /* ô */ ('\u{AB}', 'ô'), ('\u{E8}', 'ố'), ('\u{E5}', 'ồ'), ('\u{E6}', 'ổ'), ('\u{E7}', 'ỗ'), ('\u{E9}', 'ộ'),
    /* ơ */ ('\u{AC}', 'ơ'), ('\u{ED}', 'ớ'), ('\u{EA}', 'ờ'), ('\u{EB}', 'ở'), ('\u{EC}', 'ỡ'), ('\u{EE}', 'ợ'),
    /* u */                   ('\u{F3}', 'ú'), ('\u{EF}', 'ù'), ('\u{F1}', 'ủ'), ('\u{F2}', 'ũ'), ('\u{F4}', 'ụ'),
    /* ư */ ('\u{AD}', 'ư'), ('\u{F8}', 'ứ'), ('\u{F5}', 'ừ'), ('\u{F6}', 'ử'), ('\u{F7}', 'ữ'), ('\u{F9}', 'ự'),
    /* y */                   ('\u{FD}', 'ý'), ('\u{FA}', 'ỳ'), ('\u{FB}', 'ỷ'), ('\u{FC}', 'ỹ'), ('\u{FE}', 'ỵ'),
    /* đ */ ('\u{AE}', 'đ'),
    /* the capitals TCVN3 has */
    ('\u{A1}', 'Ă'), ('\u{A2}', 'Â'), ('\u{A3}', 'Ê'), ('\u{A4}', 'Ô'), ('\u{A5}', 'Ơ'), ('\u{A6}', 'Ư'), ('\u{A7}', 'Đ'),
];

/// VNI-Windows: the Latin-1 characters of each letter and the letter. Rows go plain, sắc, huyền, hỏi, ngã, nặng.
/// Capitals take the capital form of every byte (`TRÖÔØNG`); `i` and `ỵ` are single bytes, `ơ ư đ` too.
#[rustfmt::skip]
const VNI: [(&str, char); 134] = [
    /* a */                     ("a\u{F9}", 'á'), ("a\u{F8}", 'à'), ("a\u{FB}", 'ả'), ("a\u{F5}", 'ã'), ("a\u{EF}", 'ạ'),
    /* ă */ ("a\u{EA}", 'ă'), ("a\u{E9}", 'ắ'), ("a\u{E8}", 'ằ'), ("a\u{FA}", 'ẳ'), ("a\u{FC}", 'ẵ'), ("a\u{EB}", 'ặ'),
    /* â */ ("a\u{E2}", 'â'), ("a\u{E1}", 'ấ'), ("a\u{E0}", 'ầ'), ("a\u{E5}", 'ẩ'), ("a\u{E3}", 'ẫ'), ("a\u{E4}", 'ậ'),
    /* e */                     ("e\u{F9}", 'é'), ("e\u{F8}", 'è'), ("e\u{FB}", 'ẻ'), ("e\u{F5}", 'ẽ'), ("e\u{EF}", 'ẹ'),
    /* ê */ ("e\u{E2}", 'ê'), ("e\u{E1}", 'ế'), ("e\u{E0}", 'ề'), ("e\u{E5}", 'ể'), ("e\u{E3}", 'ễ'), ("e\u{E4}", 'ệ'),
    /* i */                     ("\u{ED}", 'í'),  ("\u{EC}", 'ì'),  ("\u{E6}", 'ỉ'),  ("\u{F3}", 'ĩ'),  ("\u{F2}", 'ị'),
    /* o */                     ("o\u{F9}", 'ó'), ("o\u{F8}", 'ò'), ("o\u{FB}", 'ỏ'), ("o\u{F5}", 'õ'), ("o\u{EF}", 'ọ'),
    /* ô */ ("o\u{E2}", 'ô'), ("o\u{E1}", 'ố'), ("o\u{E0}", 'ồ'), ("o\u{E5}", 'ổ'), ("o\u{E3}", 'ỗ'), ("o\u{E4}", 'ộ'),
    /* ơ */ ("\u{F4}", 'ơ'), ("\u{F4}\u{F9}", 'ớ'), ("\u{F4}\u{F8}", 'ờ'), ("\u{F4}\u{FB}", 'ở'), ("\u{F4}\u{F5}", 'ỡ'), ("\u{F4}\u{EF}", 'ợ'),
    /* u */                     ("u\u{F9}", 'ú'), ("u\u{F8}", 'ù'), ("u\u{FB}", 'ủ'), ("u\u{F5}", 'ũ'), ("u\u{EF}", 'ụ'),
    /* ư */ ("\u{F6}", 'ư'), ("\u{F6}\u{F9}", 'ứ'), ("\u{F6}\u{F8}", 'ừ'), ("\u{F6}\u{FB}", 'ử'), ("\u{F6}\u{F5}", 'ữ'), ("\u{F6}\u{EF}", 'ự'),
    /* y */                     ("y\u{F9}", 'ý'), ("y\u{F8}", 'ỳ'), ("y\u{FB}", 'ỷ'), ("y\u{F5}", 'ỹ'), ("\u{EE}", 'ỵ'),
    /* đ */ ("\u{F1}", 'đ'),
    /* A */                     ("A\u{D9}", 'Á'), ("A\u{D8}", 'À'), ("A\u{DB}", 'Ả'), ("A\u{D5}", 'Ã'), ("A\u{CF}", 'Ạ'),
    /* Ă */ ("A\u{CA}", 'Ă'), ("A\u{C9}", 'Ắ'), ("A\u{C8}", 'Ằ'), ("A\u{DA}", 'Ẳ'), ("A\u{DC}", 'Ẵ'), ("A\u{CB}", 'Ặ'),
    /* Â */ ("A\u{C2}", 'Â'), ("A\u{C1}", 'Ấ'), ("A\u{C0}", 'Ầ'), ("A\u{C5}", 'Ẩ'), ("A\u{C3}", 'Ẫ'), ("A\u{C4}", 'Ậ'),
    /* E */                     ("E\u{D9}", 'É'), ("E\u{D8}", 'È'), ("E\u{DB}", 'Ẻ'), ("E\u{D5}", 'Ẽ'), ("E\u{CF}", 'Ẹ'),
    /* Ê */ ("E\u{C2}", 'Ê'), ("E\u{C1}", 'Ế'), ("E\u{C0}", 'Ề'), ("E\u{C5}", 'Ể'), ("E\u{C3}", 'Ễ'), ("E\u{C4}", 'Ệ'),
    /* I */                     ("\u{CD}", 'Í'),  ("\u{CC}", 'Ì'),  ("\u{C6}", 'Ỉ'),  ("\u{D3}", 'Ĩ'),  ("\u{D2}", 'Ị'),
    /* O */                     ("O\u{D9}", 'Ó'), ("O\u{D8}", 'Ò'), ("O\u{DB}", 'Ỏ'), ("O\u{D5}", 'Õ'), ("O\u{CF}", 'Ọ'),
    /* Ô */ ("O\u{C2}", 'Ô'), ("O\u{C1}", 'Ố'), ("O\u{C0}", 'Ồ'), ("O\u{C5}", 'Ổ'), ("O\u{C3}", 'Ỗ'), ("O\u{C4}", 'Ộ'),
    /* Ơ */ ("\u{D4}", 'Ơ'), ("\u{D4}\u{D9}", 'Ớ'), ("\u{D4}\u{D8}", 'Ờ'), ("\u{D4}\u{DB}", 'Ở'), ("\u{D4}\u{D5}", 'Ỡ'), ("\u{D4}\u{CF}", 'Ợ'),
    /* U */                     ("U\u{D9}", 'Ú'), ("U\u{D8}", 'Ù'), ("U\u{DB}", 'Ủ'), ("U\u{D5}", 'Ũ'), ("U\u{CF}", 'Ụ'),
    /* Ư */ ("\u{D6}", 'Ư'), ("\u{D6}\u{D9}", 'Ứ'), ("\u{D6}\u{D8}", 'Ừ'), ("\u{D6}\u{DB}", 'Ử'), ("\u{D6}\u{D5}", 'Ữ'), ("\u{D6}\u{CF}", 'Ự'),
    /* Y */                     ("Y\u{D9}", 'Ý'), ("Y\u{D8}", 'Ỳ'), ("Y\u{DB}", 'Ỷ'), ("Y\u{D5}", 'Ỹ'), ("\u{CE}", 'Ỵ'),
    /* Đ */ ("\u{D1}", 'Đ'),
];

/// The Vietnamese vowels with their tones: plain, sắc, huyền, hỏi, ngã, nặng. Used to check that a reading is made of
/// syllables, and to know which Latin-1 letters Unicode Vietnamese itself uses.
#[rustfmt::skip]
const VOWELS: [[char; 6]; 12] = [
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
    ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
    ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'],
    ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
];

/// Initial consonants, with the clusters of Central Highlands place names (`Krông`, `Pleiku` as `Plây`, `Glei`).
const ONSETS: [&str; 36] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
    "kr", "pr", "br", "bl", "gl", "dr", "pl", "kl",
];

/// Final consonants; `k` only for Central Highlands names (`Đắk Lắk`).
const CODAS: [&str; 9] = ["c", "ch", "k", "m", "n", "ng", "nh", "p", "t"];

/// Whether a vowel group takes a final consonant.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Final {
    /// Ends in a glide (`ai`, `ươu`): nothing may follow.
    Never,
    /// Open or closed (`a`, `oa`).
    May,
    /// Only closed (`ă`, `iê`, `ươ`).
    Must,
}

/// The vowel groups of Vietnamese syllables, toneless.
#[rustfmt::skip]
const NUCLEI: [(&str, Final); 47] = [
    ("a", Final::May), ("e", Final::May), ("ê", Final::May), ("i", Final::May), ("o", Final::May), ("ô", Final::May),
    ("ơ", Final::May), ("u", Final::May), ("ư", Final::May), ("y", Final::May), ("oa", Final::May), ("oe", Final::May),
    ("uê", Final::May), ("uy", Final::May),
    ("ă", Final::Must), ("â", Final::Must), ("iê", Final::Must), ("yê", Final::Must), ("uô", Final::Must), ("ươ", Final::Must),
    ("uâ", Final::Must), ("uyê", Final::Must), ("oă", Final::Must), ("oo", Final::Must),
    ("ai", Final::Never), ("ao", Final::Never), ("au", Final::Never), ("ay", Final::Never), ("âu", Final::Never), ("ây", Final::Never),
    ("eo", Final::Never), ("êu", Final::Never), ("ia", Final::Never), ("iu", Final::Never), ("oi", Final::Never), ("ôi", Final::Never),
    ("ơi", Final::Never), ("ui", Final::Never), ("ưi", Final::Never), ("ưu", Final::Never), ("ua", Final::Never), ("ưa", Final::Never),
    ("uơ", Final::Never), ("iêu", Final::Never), ("yêu", Final::Never), ("oai", Final::Never), ("oay", Final::Never),
];

/// Three-vowel groups with a glide at the end, kept apart so that `NUCLEI` stays a readable grid.
const NUCLEI_LONG: [&str; 8] = ["oao", "oeo", "uôi", "ươi", "ươu", "uây", "uya", "uyu"];

const TCVN3_MARK: u8 = 1;
const VNI_MARK: u8 = 2;

/// Lookup structures built once from the tables above.
struct Tables {
    /// TCVN3 decoding of U+00A0..=U+00FF, `'\0'` where the byte has no letter.
    tcvn3: [char; 96],
    /// Marker flags of U+00A0..=U+00FF.
    marks: [u8; 96],
    vni_single: HashMap<char, char>,
    /// Keyed by (base, mark); also holds the mark in the other case, since typists mixed them (`Aù`).
    vni_pair: HashMap<(char, char), char>,
    /// Every Vietnamese letter (both cases) to its toneless lower-case base and tone (0 = none, 1 = sắc … 5 = nặng).
    letters: HashMap<char, (char, u8)>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut letters = HashMap::new();
    for row in VOWELS {
        for (tone, &c) in row.iter().enumerate() {
            letters.insert(c, (row[0], tone as u8));
            letters.insert(upper(c), (row[0], tone as u8));
        }
    }
    letters.insert('đ', ('đ', 0));
    letters.insert('Đ', ('đ', 0));
    // Latin-1 letters that Unicode Vietnamese uses: seeing them proves nothing.
    let vietnamese = |c: char| letters.contains_key(&c);

    let mut tcvn3 = ['\0'; 96];
    let mut marks = [0u8; 96];
    for (byte, letter) in TCVN3 {
        tcvn3[byte as usize - 0xA0] = letter;
        if !vietnamese(byte) {
            marks[byte as usize - 0xA0] |= TCVN3_MARK;
        }
    }
    let mut vni_single = HashMap::new();
    let mut vni_pair = HashMap::new();
    for (code, letter) in VNI {
        let chars: Vec<char> = code.chars().collect();
        for &c in chars.iter().filter(|c| !c.is_ascii()) {
            if !vietnamese(c) {
                marks[c as usize - 0xA0] |= VNI_MARK;
            }
        }
        match chars[..] {
            [c] => {
                vni_single.insert(c, letter);
            }
            [base, mark] => {
                vni_pair.insert((base, mark), letter);
            }
            _ => unreachable!("VNI letters are one or two characters"),
        }
    }
    let swapped: Vec<_> = vni_pair.iter().map(|(&(base, mark), &letter)| ((base, swap_case(mark)), letter)).collect();
    for (key, letter) in swapped {
        vni_pair.entry(key).or_insert(letter);
    }
    Tables { tcvn3, marks, vni_single, vni_pair, letters }
});

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

fn swap_case(c: char) -> char {
    if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        upper(c)
    }
}

impl Tables {
    fn latin1(c: char) -> Option<usize> {
        (c as u32).checked_sub(0xA0).filter(|&i| i < 96).map(|i| i as usize)
    }

    fn tcvn3(&self, c: char) -> Option<char> {
        Self::latin1(c).map(|i| self.tcvn3[i]).filter(|&l| l != '\0')
    }

    fn is_marker(&self, enc: Legacy, c: char) -> bool {
        let flag = match enc {
            Legacy::Tcvn3 => TCVN3_MARK,
            Legacy::Vni => VNI_MARK,
        };
        Self::latin1(c).is_some_and(|i| self.marks[i] & flag != 0)
    }

    /// Whether `c` belongs to a word of text read in `enc`: TCVN3 draws letters on Latin-1 symbols too.
    fn in_word(&self, enc: Legacy, c: char) -> bool {
        c.is_alphabetic() || (enc == Legacy::Tcvn3 && self.tcvn3(c).is_some())
    }
}

/// `oà oá oã` are VNI's `ồ ố ỗ` but also Unicode `hoà`, `hoá`, `thoã`: they prove nothing on their own.
fn ambiguous_pair(base: char, mark: char) -> bool {
    matches!(base, 'o' | 'O') && matches!(mark, 'á' | 'à' | 'ã' | 'Á' | 'À' | 'Ã')
}

/// TCVN3 draws lower-case letters on Latin-1 capitals (`TiÕn` for `Tiến`, `YÕu` for `Yếu`): Unicode never puts a
/// capital after a lower-case letter, nor between a letter and a lower-case letter, so that counts as a marker even
/// where the capital is also a Unicode Vietnamese letter.
fn capital_inside_word(prev: char, c: char, next: char) -> bool {
    ('\u{C0}'..='\u{DE}').contains(&c) && (prev.is_lowercase() || (prev.is_alphabetic() && next.is_lowercase())) && TABLES.tcvn3(c).is_some()
}

/// What decoding a run of characters found.
#[derive(Default)]
struct Found {
    /// A marker was decoded.
    evidence: bool,
    /// A marker that is a lower-case letter, or a VNI two-character letter, was decoded: enough for a one-letter word.
    letter_evidence: bool,
    /// Non-ASCII characters the encoding gives no meaning to, left as they are.
    left: usize,
}

fn decode_into(enc: Legacy, chars: &[char], out: &mut String) -> Found {
    let t = &*TABLES;
    let mut found = Found::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        i += 1;
        let letter = match enc {
            Legacy::Tcvn3 => t.tcvn3(c).inspect(|_| {
                if t.is_marker(enc, c) {
                    found.evidence = true;
                    found.letter_evidence |= c.is_lowercase() && c != 'µ' && c != 'ª';
                }
                found.evidence |= capital_inside_word(prev, c, next);
            }),
            Legacy::Vni => {
                if let Some(&letter) = chars.get(i).and_then(|&mark| t.vni_pair.get(&(c, mark))) {
                    let mark = chars[i];
                    i += 1;
                    if t.is_marker(enc, c) || t.is_marker(enc, mark) || !ambiguous_pair(c, mark) {
                        found.evidence = true;
                        found.letter_evidence |= t.is_marker(enc, c) || t.is_marker(enc, mark);
                    }
                    Some(letter)
                } else {
                    t.vni_single.get(&c).copied().inspect(|_| {
                        if t.is_marker(enc, c) {
                            found.evidence = true;
                            found.letter_evidence |= c.is_lowercase();
                        }
                    })
                }
            }
        };
        match letter {
            Some(l) => out.push(l),
            None => {
                found.left += usize::from(!c.is_ascii());
                out.push(c);
            }
        }
    }
    found
}

/// Whether a decoded word is a Vietnamese syllable or a consonant-only abbreviation (`ĐVT`, `đ`).
fn is_vietnamese_word(word: &str) -> bool {
    let t = &*TABLES;
    let mut bases = String::with_capacity(word.len());
    let mut tone = 0u8;
    let mut vowel = false;
    for c in word.chars() {
        if let Some(&(base, t)) = t.letters.get(&c) {
            if t != 0 {
                if tone != 0 {
                    return false;
                }
                tone = t;
            }
            vowel |= base != 'đ';
            bases.push(base);
        } else if c.is_ascii_alphabetic() {
            bases.push(c.to_ascii_lowercase());
        } else {
            return false;
        }
    }
    if !vowel {
        return true;
    }
    ONSETS.iter().any(|onset| bases.strip_prefix(onset).is_some_and(|rime| rime_ok(rime, tone)))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

fn rime_ok(rime: &str, tone: u8) -> bool {
    let end = rime.find(|c| !is_vowel(c)).unwrap_or(rime.len());
    let (nucleus, coda) = rime.split_at(end);
    let rule = match NUCLEI.iter().find(|(n, _)| *n == nucleus) {
        Some(&(_, rule)) => rule,
        None if NUCLEI_LONG.contains(&nucleus) => Final::Never,
        None => return false,
    };
    let fits = match (rule, coda.is_empty()) {
        (Final::Never | Final::May, true) => true,
        (Final::Must, true) | (Final::Never, false) => false,
        (_, false) => CODAS.contains(&coda),
    };
    if !fits {
        return false;
    }
    if matches!(coda, "ch" | "nh") && !nucleus.ends_with(['a', 'ê', 'i', 'y']) {
        return false;
    }
    // Stop finals carry only the sắc or nặng tone.
    !matches!(coda, "c" | "ch" | "k" | "p" | "t") || matches!(tone, 1 | 5)
}

/// One reading of a text in one encoding.
struct Reading {
    enc: Legacy,
    text: String,
    /// Words of two letters or more with a marker that read as Vietnamese.
    evidence: usize,
    /// One-letter words that read as Vietnamese (`ë` for `ở`, `®` for `đ` after an amount): enough to convert a text
    /// that holds nothing else, never enough to call a Unicode text `Mixed`.
    weak: usize,
    /// Words with non-ASCII letters that do not read as Vietnamese.
    broken: usize,
    /// Letters the encoding cannot hold (Unicode Vietnamese, other Latin-1 letters).
    foreign: usize,
    /// Latin-1 symbols outside words, left unconverted.
    symbols: usize,
}

impl Reading {
    fn of(s: &str, enc: Legacy) -> Reading {
        let t = &*TABLES;
        let chars: Vec<char> = s.chars().collect();
        let mut r = Reading { enc, text: String::with_capacity(s.len() + 8), evidence: 0, weak: 0, broken: 0, foreign: 0, symbols: 0 };
        let mut i = 0;
        while i < chars.len() {
            if !t.in_word(enc, chars[i]) {
                let c = chars[i];
                r.symbols += usize::from(Tables::latin1(c).is_some() && !c.is_whitespace());
                r.text.push(c);
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && t.in_word(enc, chars[i]) {
                i += 1;
            }
            let word = &chars[start..i];
            let from = r.text.len();
            let found = decode_into(enc, word, &mut r.text);
            let read = &r.text[from..];
            let valid = found.left == 0 && (read.is_ascii() || is_vietnamese_word(read));
            r.foreign += found.left;
            r.broken += usize::from(found.left == 0 && !valid);
            if found.evidence && valid && !micro_unit(enc, word) {
                if read.chars().count() >= 2 {
                    r.evidence += 1;
                } else if found.letter_evidence || dong_after_amount(enc, &chars[..start], word) {
                    r.weak += 1;
                }
            }
        }
        r
    }

    fn clean(&self) -> bool {
        self.evidence + self.weak > 0 && self.broken == 0 && self.foreign == 0
    }
}

/// `1.250.000 ®`: alone, `®` is TCVN3 `đ` (đồng) only after an amount; elsewhere it may be the registered sign.
fn dong_after_amount(enc: Legacy, before: &[char], word: &[char]) -> bool {
    enc == Legacy::Tcvn3 && word == ['®'] && before.iter().rev().find(|c| !c.is_whitespace()).is_some_and(char::is_ascii_digit)
}

/// `µm`, `µg`: the micro sign before a unit reads as TCVN3 `à`, and `àm` is a syllable.
fn micro_unit(enc: Legacy, word: &[char]) -> bool {
    enc == Legacy::Tcvn3 && word.first() == Some(&'µ') && word[1..].iter().all(char::is_ascii_alphabetic)
}

/// The quick scan: a marker of either encoding, or a VNI pair that Unicode never spells.
fn may_be_legacy(s: &str) -> bool {
    let t = &*TABLES;
    let mut prev = ' ';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii() {
            if Tables::latin1(c).is_some_and(|i| t.marks[i] != 0) {
                return true;
            }
            let next = chars.peek().copied().unwrap_or(' ');
            if capital_inside_word(prev, c, next) || (t.vni_pair.contains_key(&(prev, c)) && !ambiguous_pair(prev, c)) {
                return true;
            }
        }
        prev = c;
    }
    false
}

/// Decides whether a cell's text is in a legacy encoding and converts it.
///
/// The rule, in order:
/// 1. A text is looked at only if it holds a *marker*: a character of the encoding's table that Unicode Vietnamese
///    never uses (for TCVN3 `µ ¸ ¶ · ¹ ¨ © ª « ¬`, the soft hyphen, `® ¡ … §`, `» ¼ ½ ¾ Æ Ç Ë Î Ï Ð Ñ Ö × Ø Ü Þ ß ä å æ ç
///    ë î ï ñ ö ÷ ø û ü þ`; for VNI `ä å æ ë î ï ñ ö ø û ü` and their capitals), or a VNI pair "vowel + mark" that
///    Unicode Vietnamese never spells (`aù`, `eâ`, `yõ`, `oâ`…; `oà oá oã` are left out: they are also Unicode `hoà`…).
///    The Latin-1 letters of Unicode Vietnamese (`à á â ã è é ê ì í ò ó ô õ ù ú ý` and capitals) are never markers,
///    except a TCVN3 capital inside a word before or after a lower-case letter (`TiÕn`, `YÕu`), which Unicode never spells.
/// 2. The text is read in each encoding, word by word. A word counts as evidence when it holds a marker and its reading
///    is a well-formed Vietnamese syllable (onset, vowel group, final consonant, one tone, stop finals only with sắc or
///    nặng) or a consonant-only abbreviation such as `ĐVT`. A one-letter word is weak evidence, and only when its marker
///    is a lower-case letter (`ë` for `ở`), a VNI two-character sequence or `®` after an amount (`1.250.000 ®`); stray
///    symbols (`©`, `«`, `§`, `Ø10`) and `µ` before a unit (`5 µm`) are no evidence at all.
/// 3. A reading is clean when it has evidence, every word with a non-ASCII letter reads as a syllable, and no letter is
///    left that the encoding cannot hold (Unicode `ư`, `ợ`, or Latin-1 letters outside the table). A clean reading gives
///    `Converted`; when both are clean, the one leaving fewer Latin-1 symbols unconverted wins, then the one with more
///    evidence, then TCVN3. Without a clean reading, a word of two letters or more as evidence gives `Mixed` (the
///    encoding with more such words, TCVN3 on a tie); weak evidence alone gives `Unicode`.
///
/// ASCII text returns at once, text without any marker after one scan. Text with no marker at all (TCVN3 `Giái` for
/// `Giỏi`) cannot be told from Unicode and is left as it is; a foreign name whose letters happen to spell a syllable in
/// a legacy encoding (`Loïc` is VNI `Lọc`) is converted, the price of reading one-word name cells.
pub fn detect(s: &str) -> Detected {
    if s.is_ascii() || !may_be_legacy(s) {
        return Detected::Unicode;
    }
    let tcvn3 = Reading::of(s, Legacy::Tcvn3);
    let vni = Reading::of(s, Legacy::Vni);
    let best = match (tcvn3.clean(), vni.clean()) {
        (true, true) => {
            // Fewer leftover symbols, then more evidence; TCVN3 on a tie.
            if (vni.symbols, std::cmp::Reverse(vni.evidence + vni.weak)) < (tcvn3.symbols, std::cmp::Reverse(tcvn3.evidence + tcvn3.weak)) {
                vni
            } else {
                tcvn3
            }
        }
        (true, false) => tcvn3,
        (false, true) => vni,
        (false, false) => {
            return match (tcvn3.evidence, vni.evidence) {
                (0, 0) => Detected::Unicode,
                (t, v) if v > t => Detected::Mixed(Legacy::Vni),
                _ => Detected::Mixed(Legacy::Tcvn3),
            };
        }
    };
    Detected::Converted(best.enc, nfc(best.text))
}

fn nfc(s: String) -> String {
    if is_nfc(&s) {
        s
    } else {
        s.nfc().collect()
    }
}

fn convert(s: &str, enc: Legacy) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    decode_into(enc, &chars, &mut out);
    nfc(out)
}

/// Converts TCVN3 (ABC) text to Unicode (NFC), without detection. Toned capitals come out in lower case: TCVN3 has
/// none, the `.VnTimeH` font draws lower-case bytes as capitals.
pub fn from_tcvn3(s: &str) -> String {
    convert(s, Legacy::Tcvn3)
}

/// Converts VNI-Windows text to Unicode (NFC), without detection.
pub fn from_vni(s: &str) -> String {
    convert(s, Legacy::Vni)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TCVN3 bytes for each row of `VOWELS` (plain letters stay ASCII), typed from a second source.
    #[rustfmt::skip]
    const TCVN3_BYTES: [[u8; 6]; 12] = [
        [b'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9],
        [0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6],
        [0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB],
        [b'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1],
        [0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6],
        [b'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE],
        [b'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4],
        [0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9],
        [0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE],
        [b'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4],
        [0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9],
        [b'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE],
    ];

    const TCVN3_CAPITALS: [(char, u8); 7] = [('Ă', 0xA1), ('Â', 0xA2), ('Ê', 0xA3), ('Ô', 0xA4), ('Ơ', 0xA5), ('Ư', 0xA6), ('Đ', 0xA7)];

    fn find(c: char) -> Option<(usize, usize)> {
        let l = c.to_lowercase().next().unwrap();
        VOWELS.iter().enumerate().find_map(|(r, row)| row.iter().position(|&v| v == l).map(|t| (r, t)))
    }

    fn enc_tcvn3(s: &str) -> String {
        s.chars()
            .map(|c| {
                if let Some(&(_, b)) = TCVN3_CAPITALS.iter().find(|(cap, _)| *cap == c) {
                    return char::from(b);
                }
                match (c, find(c)) {
                    ('đ', _) => '\u{AE}',
                    (_, Some((r, t))) if !c.is_ascii() => char::from(TCVN3_BYTES[r][t]),
                    _ => c,
                }
            })
            .collect()
    }

    /// What a TCVN3 round trip gives back: toned capitals other than Ă Â Ê Ô Ơ Ư Đ come back in lower case.
    fn tcvn3_shown(s: &str) -> String {
        s.chars()
            .map(|c| if !c.is_ascii() && c.is_uppercase() && !TCVN3_CAPITALS.iter().any(|(cap, _)| *cap == c) { c.to_lowercase().next().unwrap() } else { c })
            .collect()
    }

    /// VNI spelled from its rules: the base, then one mark for the tone, from the set of the vowel's shape.
    fn enc_vni_letter(c: char) -> Option<String> {
        const PLAIN: [char; 5] = ['\u{F9}', '\u{F8}', '\u{FB}', '\u{F5}', '\u{EF}'];
        const HAT: [char; 5] = ['\u{E1}', '\u{E0}', '\u{E5}', '\u{E3}', '\u{E4}'];
        const BREVE: [char; 5] = ['\u{E9}', '\u{E8}', '\u{FA}', '\u{FC}', '\u{EB}'];
        const I: [char; 5] = ['\u{ED}', '\u{EC}', '\u{E6}', '\u{F3}', '\u{F2}'];
        let lower = if c == 'Đ' || c == 'đ' {
            "\u{F1}".to_string()
        } else {
            let (r, t) = find(c)?;
            let (base, shape, marks) = match VOWELS[r][0] {
                'ă' => ("a", "\u{EA}", BREVE),
                'â' => ("a", "\u{E2}", HAT),
                'ê' => ("e", "\u{E2}", HAT),
                'ô' => ("o", "\u{E2}", HAT),
                'ơ' => ("\u{F4}", "", PLAIN),
                'ư' => ("\u{F6}", "", PLAIN),
                'a' => ("a", "", PLAIN),
                'e' => ("e", "", PLAIN),
                'o' => ("o", "", PLAIN),
                'u' => ("u", "", PLAIN),
                'y' => ("y", "", PLAIN),
                _ => ("i", "", I),
            };
            match (VOWELS[r][0], t) {
                (_, 0) => format!("{base}{shape}"),
                ('i', t) => I[t - 1].to_string(),
                ('y', 5) => "\u{EE}".to_string(),
                (_, t) => format!("{base}{}", marks[t - 1]),
            }
        };
        Some(if c.is_uppercase() { lower.to_uppercase() } else { lower })
    }

    fn enc_vni(s: &str) -> String {
        s.chars().map(|c| if c.is_ascii() { c.to_string() } else { enc_vni_letter(c).unwrap_or_else(|| c.to_string()) }).collect()
    }

    /// Every Vietnamese letter, lower case then capitals: 134.
    fn all_letters() -> Vec<char> {
        let lower: Vec<char> = VOWELS.iter().flatten().copied().filter(|c| !c.is_ascii()).chain(['đ']).collect();
        lower.iter().copied().chain(lower.iter().map(|&c| upper(c))).collect()
    }

    const PHRASES: [&str; 34] = [
        "Nguyễn Thị Thủy",
        "Phạm Văn Đồng",
        "Trần Quốc Toản",
        "Lữ Đoàn",
        "Ỷ Lan",
        "Võ Thị Sáu",
        "Bùi Thị Xuân",
        "Trường Mầm non Hoa Sen",
        "Ủy ban nhân dân",
        "Sở Giáo dục và Đào tạo Quảng Ngãi",
        "Người lập biểu",
        "Trường THPT Lê Lợi",
        "Hà Nội",
        "Đà Nẵng",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Nguyễn Văn An",
        "ĐẶNG THỊ HỒNG",
        "Tổng cộng: 1.250.000 đ",
        "Đắk Lắk",
        "Hiệu trưởng",
        "Kế toán trưởng",
        "Phường Bến Nghé, Quận 1",
        "Hoàng Thị Ngọc Ánh",
        "Đỗ Hữu Phước",
        "Huỳnh Tấn Phát",
        "Ông Ích Khiêm",
        "Ngô Quyền",
        "Lý Thường Kiệt",
        "Mạc Đĩnh Chi",
        "Hồ Xuân Hương",
        "Yên Bái",
        "Khuất Duy Tiến",
        "Rượu khuya, ngoằn ngoèo, khuỷu tay",
    ];

    #[test]
    fn samples_from_old_workbooks() {
        assert_eq!(detect("Tr\u{AD}êng THPT Lª Lîi"), Detected::Converted(Legacy::Tcvn3, "Trường THPT Lê Lợi".into()));
        assert_eq!(detect("Hµ Néi"), Detected::Converted(Legacy::Tcvn3, "Hà Nội".into()));
        assert_eq!(detect("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), Detected::Converted(Legacy::Tcvn3, "Cộng hoà xã hội chủ nghĩa Việt Nam".into()));
        assert_eq!(detect("§µ N½ng"), Detected::Converted(Legacy::Tcvn3, "Đà Nẵng".into()));
        assert_eq!(detect("Tröôøng"), Detected::Converted(Legacy::Vni, "Trường".into()));
        assert_eq!(detect("Haø Noäi"), Detected::Converted(Legacy::Vni, "Hà Nội".into()));
        assert_eq!(detect("Ñaø Naüng"), Detected::Converted(Legacy::Vni, "Đà Nẵng".into()));
        assert_eq!(detect("Vieät Nam"), Detected::Converted(Legacy::Vni, "Việt Nam".into()));
        assert_eq!(detect("TRÖÔØNG THPT LEÂ LÔÏI"), Detected::Converted(Legacy::Vni, "TRƯỜNG THPT LÊ LỢI".into()));
        // Marks typed in the other case still read.
        assert_eq!(from_vni("AùNH"), "ÁNH");
        assert_eq!(detect("Nguyeãn Vaên An"), Detected::Converted(Legacy::Vni, "Nguyễn Văn An".into()));
        assert_eq!(detect("1.250.000 ®"), Detected::Converted(Legacy::Tcvn3, "1.250.000 đ".into()));
        assert_eq!(detect("§VT"), Detected::Converted(Legacy::Tcvn3, "ĐVT".into()));
        // Capitals inside a word are TCVN3 letters even where they are also Unicode Vietnamese ones.
        assert_eq!(detect("YÕu"), Detected::Converted(Legacy::Tcvn3, "Yếu".into()));
        assert_eq!(detect("KhuÊt Duy TiÕn"), Detected::Converted(Legacy::Tcvn3, "Khuất Duy Tiến".into()));
        // One-letter words decide only when nothing else does.
        assert_eq!(detect("û Lan"), Detected::Converted(Legacy::Tcvn3, "ỷ Lan".into()));
        assert_eq!(detect("ë Hµ Néi"), Detected::Converted(Legacy::Tcvn3, "ở Hà Nội".into()));
        // Both readings are clean (VNI `Nưa`, TCVN3 `Nửa`): no leftover symbols either way, as much evidence, so TCVN3.
        assert_eq!(detect("Nöa"), Detected::Converted(Legacy::Tcvn3, "Nửa".into()));
        // Text with no marker at all cannot be told from Unicode (`Giái` is TCVN3 `Giỏi`): it stays as it is.
        assert_eq!(detect("Giái"), Detected::Unicode);
    }

    #[test]
    fn tables_agree_with_the_second_source() {
        let t = &*TABLES;
        for (r, row) in VOWELS.iter().enumerate() {
            for (tone, &letter) in row.iter().enumerate() {
                let byte = char::from(TCVN3_BYTES[r][tone]);
                let want = if byte.is_ascii() { byte } else { letter };
                assert_eq!(from_tcvn3(&byte.to_string()), want.to_string(), "TCVN3 {:#X}", TCVN3_BYTES[r][tone]);
            }
        }
        assert_eq!(t.tcvn3.iter().filter(|&&c| c != '\0').count(), 74);
        let mut codes: Vec<&str> = VNI.iter().map(|(code, _)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 134, "VNI codes are distinct");
        for (code, letter) in VNI {
            assert_eq!(enc_vni_letter(letter).as_deref(), Some(code), "VNI {letter}");
        }
    }

    #[test]
    fn every_letter_round_trips() {
        let letters = all_letters();
        assert_eq!(letters.len(), 134);
        for c in letters {
            let s = c.to_string();
            assert_eq!(from_vni(&enc_vni(&s)), s, "VNI {c}");
            assert_eq!(from_tcvn3(&enc_tcvn3(&s)), tcvn3_shown(&s), "TCVN3 {c}");
            if c.is_lowercase() || TCVN3_CAPITALS.iter().any(|(cap, _)| *cap == c) {
                assert_eq!(from_tcvn3(&enc_tcvn3(&s)), s, "TCVN3 {c}");
            }
        }
    }

    #[test]
    fn phrases_round_trip_and_are_detected() {
        for p in PHRASES {
            let (t, v) = (enc_tcvn3(p), enc_vni(p));
            assert_eq!(from_tcvn3(&t), tcvn3_shown(p), "{p}");
            assert_eq!(from_vni(&v), p, "{p}");
            assert_eq!(detect(&t), Detected::Converted(Legacy::Tcvn3, tcvn3_shown(p)), "TCVN3 {t}");
            assert_eq!(detect(&v), Detected::Converted(Legacy::Vni, p.to_string()), "VNI {v}");
            assert_eq!(detect(p), Detected::Unicode, "{p}");
        }
    }

    #[test]
    fn unicode_and_ascii_are_left_alone() {
        for s in [
            "Trường THPT Lê Lợi",
            "Hà Nội",
            "Nguyễn Văn An",
            "Đà Nẵng",
            "ĐẶNG THỊ HỒNG",
            "Tổng cộng: 1.250.000 đ",
            "Tỷ lệ 63%",
            "Café",
            "MN-0001",
            "nguyen.van.an@gmail.com",
            "©2024",
            "Hoà, hoá đơn, thoả thuận, khoẻ",
            "Xin chào các bạn",
            "naïve, Müller, Noël, garçon, Straße, Señor, Øst, Ångström",
            "José Gómez, Raúl, São Paulo",
            "où est la gare",
            "Kích thước 5 µm",
            "Trường « Lê Lợi »",
            "Nhiệt độ 30°C, diện tích 20 m², ½ ngày",
            "Thép Ø10",
            "§ 3",
            "Công ty TNHH ABC®",
            "Năm học 2023–2024 ®",
            "Mr. Müller, Ørsted, Æsir, Smörgåsbord, Curaçao, Zoë Saldaña",
            "Crème brûlée, château, forêt, août, goût, Jérôme",
            "Lớp 10A¹, Số 12 · Tầng 3",
            "",
        ] {
            assert_eq!(detect(s), Detected::Unicode, "{s}");
        }
    }

    #[test]
    fn half_converted_text_is_mixed() {
        assert_eq!(detect("Trường Lª Lîi"), Detected::Mixed(Legacy::Tcvn3));
        assert_eq!(detect("Hµ Nội"), Detected::Mixed(Legacy::Tcvn3));
        assert_eq!(detect("Thành phố Hµ Néi"), Detected::Mixed(Legacy::Tcvn3));
        assert_eq!(detect("Họ tên: Hoaøng Anh"), Detected::Mixed(Legacy::Vni));
        assert_eq!(detect("Trường Ñaø Naüng"), Detected::Mixed(Legacy::Vni));
        // A TCVN3 word that is no syllable: a byte with no meaning where a letter should be.
        assert_eq!(detect("Hµ Néi Hµg"), Detected::Mixed(Legacy::Tcvn3));
    }

    #[test]
    fn many_short_ascii_strings() {
        let mut unicode = 0;
        for i in 0..100_000 {
            let s = match i % 4 {
                0 => format!("MN-{i:05}"),
                1 => format!("Nguyen Van {i}"),
                2 => format!("{i}.000"),
                _ => format!("row{i}@school.edu.vn"),
            };
            unicode += usize::from(detect(&s) == Detected::Unicode);
        }
        assert_eq!(unicode, 100_000);
    }
}
