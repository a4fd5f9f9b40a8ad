//! Vietnamese text: normalisation, the ND30 date line, number formats, upper case and the
//! table of document kinds with their ND30 codes (Phụ lục III of the decree).

use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// NFC-normalises `s`, repairs the `ƣ/Ƣ` mojibake of broken PDF font mappings
/// (U+01A3/U+01A2 where `ư/Ư` was meant), turns CR/LF into LF and cleans the characters that
/// text pasted from Word or the web carries (see [`unwanted`]): Word's manual line break
/// (U+000B) becomes [`LINE_BREAK`], a line break inside the paragraph; a page or paragraph
/// separator (U+000C, U+0085, U+2029) ends the line; a tab is a space; every other control,
/// bidi and invisible character is removed. `vanban check` reports each one with its place.
///
/// Only the two mojibake code points are replaced: they are not Vietnamese letters, so no
/// correct Vietnamese text contains them.
pub fn normalize(s: &str) -> String {
    // Nearly every string is already clean: a quick check spares the decomposition.
    if !s.chars().any(|c| matches!(c, '\r' | '\u{01A3}' | '\u{01A2}') || unwanted(c).is_some())
        && unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return s.to_string();
    }
    let fixed: String = s
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\u{01A3}' => Some('ư'),
            '\u{01A2}' => Some('Ư'),
            '\r' => Some('\n'),
            c => match unwanted(c) {
                None => Some(c),
                Some(Unwanted::LineBreak) => Some(LINE_BREAK),
                Some(Unwanted::ParagraphBreak) => Some('\n'),
                Some(Unwanted::Tab) => Some(' '),
                Some(Unwanted::Control | Unwanted::Bidi | Unwanted::Invisible) => None,
            },
        })
        .collect();
    fixed.nfc().collect()
}

/// A line break inside a paragraph, as Word's Shift+Enter (which pastes as U+000B): the
/// Unicode LINE SEPARATOR. Both back ends break the line there (Typst natively; the DOCX
/// writer as `<w:br/>`); in one-line fields it is a space.
pub const LINE_BREAK: char = '\u{2028}';

/// What [`normalize`] does with a character that does not belong in a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwanted {
    /// U+000B, Word's manual line break: becomes [`LINE_BREAK`].
    LineBreak,
    /// U+000C (page break), U+0085, U+2029: end the line (a new paragraph).
    ParagraphBreak,
    /// U+0009: a space.
    Tab,
    /// Any other C0 or C1 control, and U+FFFE/U+FFFF (not allowed in XML): removed.
    Control,
    /// Bidirectional embedding, override and isolate controls and marks (a name could
    /// display reversed): removed.
    Bidi,
    /// Zero-width and other invisible characters (U+200B, U+2060, U+FEFF, U+00AD…): removed.
    Invisible,
}

/// Whether `c` is a character [`normalize`] changes or removes, and how. `\n` is not.
pub fn unwanted(c: char) -> Option<Unwanted> {
    Some(match c {
        '\n' | LINE_BREAK => return None,
        '\u{0B}' => Unwanted::LineBreak,
        '\u{0C}' | '\u{85}' | '\u{2029}' => Unwanted::ParagraphBreak,
        '\t' => Unwanted::Tab,
        '\r' => return None,
        '\u{00}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' => Unwanted::Control,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => Unwanted::Bidi,
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' | '\u{FFF9}'..='\u{FFFB}' => Unwanted::Invisible,
        _ => return None,
    })
}

/// Upper-cases Vietnamese text (Unicode-aware: `đ` → `Đ`, `ư` → `Ư`, `ệ` → `Ệ`), in NFC.
pub fn upper(s: &str) -> String {
    s.to_uppercase().nfc().collect()
}

/// True when `s` has no lower-case letter.
pub fn is_upper(s: &str) -> bool {
    !s.chars().any(|c| c.is_lowercase())
}

/// A day or month in the date line: ND30 writes days below 10 and months 1 and 2 with a
/// leading zero (`ngày 05 tháng 01`, `ngày 07 tháng 3`).
pub fn day_str(day: u32) -> String {
    format!("{day:02}")
}

/// The month of the date line (leading zero for January and February only).
pub fn month_str(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// The blank a clerk fills in by hand, used where a draft leaves the day, month or number empty.
pub const BLANK: &str = "\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}";

/// The place-and-date line, e.g. `Quảng Ngãi, ngày 30 tháng 6 năm 2025`. `None` for a day or
/// month leaves a blank for the clerk.
pub fn date_line(place: &str, year: i32, month: Option<u32>, day: Option<u32>) -> String {
    let d = day.map(day_str).unwrap_or_else(|| BLANK.to_string());
    let m = month.map(month_str).unwrap_or_else(|| BLANK.to_string());
    if place.is_empty() {
        // A form filled in by hand, with no place: `Ngày … tháng … năm 2025`.
        return format!("Ngày {d} tháng {m} năm {year}");
    }
    format!("{place}, ngày {d} tháng {m} năm {year}")
}

/// The name of an agency as written inside a sentence, from its upper-case letterhead form:
/// `SỞ GIÁO DỤC VÀ ĐÀO TẠO` → `Sở Giáo dục và Đào tạo`, `TRƯỜNG CAO ĐẲNG SƠN LA` →
/// `Trường Cao đẳng Sơn La`, `ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI` → `Ủy ban nhân dân tỉnh Quảng
/// Ngãi`. ND30 (Phụ lục II) capitalises the first syllable of each word naming the kind of
/// body, its function or field, and proper names in full; the words are told apart with a
/// short list of common compounds, so a name the list does not know may come out with a
/// capital too many: `co_quan.ten_goi` gives the name as it should be written.
pub fn name_in_sentence(upper_name: &str) -> String {
    // Compounds written with only their first syllable capitalised.
    const COMPOUNDS: &[&str] = &[
        "giáo dục",
        "đào tạo",
        "cao đẳng",
        "đại học",
        "trung cấp",
        "trung học",
        "tiểu học",
        "mầm non",
        "phổ thông",
        "cơ sở",
        "kỹ thuật",
        "nghiệp vụ",
        "kinh tế",
        "nông nghiệp",
        "y tế",
        "văn hóa",
        "thể thao",
        "du lịch",
        "khoa học",
        "công nghệ",
        "nội vụ",
        "tài chính",
        "tư pháp",
        "lao động",
        "thương binh",
        "xã hội",
        "giao thông",
        "vận tải",
        "xây dựng",
        "công thương",
        "tài nguyên",
        "môi trường",
        "thông tin",
        "truyền thông",
        "kế hoạch",
        "đầu tư",
        "ngoại vụ",
        "dân tộc",
        "ủy ban",
        "hội đồng",
        "sư phạm",
        "bách khoa",
        "nghề nghiệp",
        "thường xuyên",
        "nội trú",
        "năng khiếu",
        "văn phòng",
        "thanh tra",
        "công nghiệp",
        "thương mại",
        "dịch vụ",
        "liên cấp",
        "bán trú",
        "kiểm tra",
        "tổ chức",
        "cán bộ",
        "khảo thí",
        "chất lượng",
        "học sinh",
        "sinh viên",
        "thanh niên",
        "cộng sản",
        "hồ chí minh",
    ];
    // Written in lower case inside a name.
    const LOWER: &[&str] = &["nhân dân", "thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường", "và", "của", "các"];
    let words: Vec<String> = upper_name.split_whitespace().map(|w| w.to_lowercase()).collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
    };
    let mut i = 0;
    while i < words.len() {
        let two = words.get(i + 1).map(|n| format!("{} {n}", words[i]));
        let three = words.get(i + 2).and_then(|m| two.as_ref().map(|t| format!("{t} {m}")));
        let is_abbreviation = |w: &str| w.chars().any(char::is_alphabetic) && !is_syllable(w);
        if let Some(t) = three.as_ref().filter(|t| t.as_str() == "hồ chí minh") {
            out.push(t.split(' ').map(cap).collect::<Vec<_>>().join(" "));
            i += 3;
        } else if let Some(t) = two.as_ref().filter(|t| LOWER.contains(&t.as_str())) {
            // ND30's exception: Thành phố Hồ Chí Minh.
            let hcm = t == "thành phố" && words.get(i + 2..i + 5).is_some_and(|w| w.join(" ") == "hồ chí minh");
            out.push(if i == 0 || hcm { cap(t) } else { t.clone() });
            i += 2;
        } else if let Some(t) = two.as_ref().filter(|t| COMPOUNDS.contains(&t.as_str())) {
            out.push(cap(t));
            i += 2;
        } else if i > 0 && LOWER.contains(&words[i].as_str()) {
            out.push(words[i].clone());
            i += 1;
        } else if is_abbreviation(&words[i]) {
            out.push(upper(&words[i]));
            i += 1;
        } else {
            out.push(cap(&words[i]));
            i += 1;
        }
    }
    out.join(" ")
}

/// Whether `w` (lower case) is one Vietnamese syllable: an initial consonant, vowels, a
/// final consonant. `ubnd`, `thpt`, `gdđt` are not: they are abbreviations.
fn is_syllable(w: &str) -> bool {
    const INITIALS: &[&str] =
        &["ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"];
    const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    let w = w.trim_matches(|c: char| !c.is_alphabetic());
    let rest = INITIALS.iter().find_map(|i| w.strip_prefix(i)).unwrap_or(w);
    let base: String = rest.nfd().filter(|c| !('\u{0300}'..='\u{036F}').contains(c)).collect();
    let vowels = base.chars().take_while(|c| "aeiouy".contains(*c)).count();
    vowels > 0 && vowels <= 3 && FINALS.contains(&&base[vowels..])
}

/// Compares two texts in Vietnamese letter order (ICU4X's collation for `vi`): names of
/// collectives, units, classes.
pub fn compare_text(a: &str, b: &str) -> std::cmp::Ordering {
    static COLLATOR: LazyLock<Option<icu_collator::CollatorBorrowed<'static>>> = LazyLock::new(|| {
        let vi: icu_locale_core::Locale = "vi".parse().ok()?;
        icu_collator::Collator::try_new((&vi).into(), icu_collator::options::CollatorOptions::default()).ok()
    });
    match COLLATOR.as_ref() {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    }
}

/// Compares two personal names as Vietnamese lists order them: by the given name (the last
/// word), then the middle names (in their order; none before any), then the family name (the
/// first word), each word in
/// Vietnamese letter order (a ă â b c d đ e ê … o ô ơ … u ư …, a word without a tone mark
/// before the same word with one) — ICU4X's collation for `vi`, not a table of our own. Two
/// names equal word for word keep their order (the shorter first).
pub fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    let cmp = compare_text;
    // [given], [middle…], [family]; a name of one word is a given name.
    let parts = |s: &str| -> Vec<Vec<String>> {
        let w: Vec<String> = normalize(s).split_whitespace().map(str::to_string).collect();
        match w.len() {
            0 => vec![vec![], vec![], vec![]],
            1 => vec![w, vec![], vec![]],
            n => vec![vec![w[n - 1].clone()], w[1..n - 1].to_vec(), vec![w[0].clone()]],
        }
    };
    for (x, y) in parts(a).iter().zip(&parts(b)) {
        for (p, q) in x.iter().zip(y) {
            let o = cmp(p, q);
            if o != std::cmp::Ordering::Equal {
                return o;
            }
        }
        if x.len() != y.len() {
            return x.len().cmp(&y.len());
        }
    }
    std::cmp::Ordering::Equal
}

/// Formats an integer the Vietnamese way: `12000` → `12.000`.
pub fn format_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Formats a decimal the Vietnamese way with at most `decimals` places, trailing zeros
/// removed: `69.5` → `69,5`, `1234.25` → `1.234,25`.
pub fn format_decimal(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let int: i64 = int.parse().unwrap_or(0);
    let sign = if x < 0.0 && (int != 0 || !frac.is_empty()) { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{}", format_int(int))
    } else {
        format!("{sign}{},{frac}", format_int(int))
    }
}

/// A percentage in Vietnamese style: `69.5` → `69,5%`.
pub fn format_percent(x: f64) -> String {
    format!("{}%", format_decimal(x, 2))
}

/// Roman numeral for 1..=3999 (quarters, parts, appendix numbers).
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (value, sym) in TABLE {
        while n >= value {
            out.push_str(sym);
            n -= value;
        }
    }
    out
}

/// Parses a Roman numeral (upper case); `None` if it is not one.
pub fn parse_roman(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| "IVXLCDM".contains(c)) {
        return None;
    }
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let chars: Vec<u32> = s.chars().map(value).collect();
    let mut total = 0;
    for (i, v) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let n = u32::try_from(total).ok()?;
    (roman(n) == s).then_some(n)
}

/// Strips Vietnamese diacritics and lower-cases: `Kế hoạch` → `ke hoach`, `Đ` → `d`.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// A document kind of ND30 (tên loại văn bản).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// Identifier used in input files: `ke-hoach`.
    pub id: &'static str,
    /// Name as printed in a sentence: `Kế hoạch`.
    pub name: &'static str,
    /// Code in the symbol: `KH`. Empty for a công văn, which has none.
    pub code: &'static str,
}

impl Kind {
    /// A công văn has no kind line and no kind code.
    pub fn is_cong_van(&self) -> bool {
        self.id == "cong-van"
    }

    /// The kind line printed under the letterhead: `KẾ HOẠCH`.
    pub fn title(&self) -> String {
        upper(self.name)
    }

    /// The operative line between the basis lines and the articles, centred and bold (ND30
    /// Phụ lục III): `QUYẾT ĐỊNH:` of a Quyết định (Mẫu 1.2, 1.3), `QUYẾT NGHỊ:` of a Nghị
    /// quyết (Mẫu 1.1); none for other kinds.
    pub fn operative_line(&self) -> Option<&'static str> {
        match self.id {
            "quyet-dinh" => Some("QUYẾT ĐỊNH:"),
            "nghi-quyet" => Some("QUYẾT NGHỊ:"),
            _ => None,
        }
    }
}

/// Every kind of Phụ lục III of ND30, plus the công văn.
pub const KINDS: &[Kind] = &[
    Kind { id: "nghi-quyet", name: "Nghị quyết", code: "NQ" },
    Kind { id: "quyet-dinh", name: "Quyết định", code: "QĐ" },
    Kind { id: "chi-thi", name: "Chỉ thị", code: "CT" },
    Kind { id: "quy-che", name: "Quy chế", code: "QC" },
    Kind { id: "quy-dinh", name: "Quy định", code: "QyĐ" },
    Kind { id: "thong-cao", name: "Thông cáo", code: "TC" },
    Kind { id: "thong-bao", name: "Thông báo", code: "TB" },
    Kind { id: "huong-dan", name: "Hướng dẫn", code: "HD" },
    Kind { id: "chuong-trinh", name: "Chương trình", code: "CTr" },
    Kind { id: "ke-hoach", name: "Kế hoạch", code: "KH" },
    Kind { id: "phuong-an", name: "Phương án", code: "PA" },
    Kind { id: "de-an", name: "Đề án", code: "ĐA" },
    Kind { id: "du-an", name: "Dự án", code: "DA" },
    Kind { id: "bao-cao", name: "Báo cáo", code: "BC" },
    Kind { id: "bien-ban", name: "Biên bản", code: "BB" },
    Kind { id: "to-trinh", name: "Tờ trình", code: "TTr" },
    Kind { id: "hop-dong", name: "Hợp đồng", code: "HĐ" },
    Kind { id: "cong-dien", name: "Công điện", code: "CĐ" },
    Kind { id: "ban-ghi-nho", name: "Bản ghi nhớ", code: "GN" },
    Kind { id: "ban-thoa-thuan", name: "Bản thỏa thuận", code: "TTh" },
    Kind { id: "giay-uy-quyen", name: "Giấy ủy quyền", code: "GUQ" },
    Kind { id: "giay-moi", name: "Giấy mời", code: "GM" },
    Kind { id: "giay-gioi-thieu", name: "Giấy giới thiệu", code: "GGT" },
    Kind { id: "giay-nghi-phep", name: "Giấy nghỉ phép", code: "GNP" },
    Kind { id: "phieu-gui", name: "Phiếu gửi", code: "PG" },
    Kind { id: "phieu-chuyen", name: "Phiếu chuyển", code: "PC" },
    Kind { id: "phieu-bao", name: "Phiếu báo", code: "PB" },
    Kind { id: "cong-van", name: "Công văn", code: "" },
];

/// Finds a kind by its id (`ke-hoach`), its Vietnamese name in any case and with or
/// without diacritics (`Kế hoạch`, `KE HOACH`) or its code (`KH`).
pub fn find_kind(s: &str) -> Option<&'static Kind> {
    let key = fold(s.trim()).replace([' ', '_'], "-");
    KINDS.iter().find(|k| k.id == key || fold(k.name).replace(' ', "-") == key || (!k.code.is_empty() && k.code == s.trim()))
}

/// Reads a whole number in Vietnamese words: `153000` → `một trăm năm mươi ba nghìn`.
pub fn read_number(n: u64) -> String {
    const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    // One group of three digits; `full` reads the hundreds even when zero (after a higher group).
    fn triple(n: u64, full: bool) -> Vec<&'static str> {
        let (h, t, u) = ((n / 100) as usize, (n / 10 % 10) as usize, (n % 10) as usize);
        let mut w = Vec::new();
        if full || h > 0 {
            w.extend([DIGITS[h], "trăm"]);
        }
        match t {
            0 if u > 0 && (full || h > 0) => w.extend(["linh", DIGITS[u]]),
            0 if u > 0 => w.push(DIGITS[u]),
            0 => {}
            1 => {
                w.push("mười");
                match u {
                    0 => {}
                    5 => w.push("lăm"),
                    _ => w.push(DIGITS[u]),
                }
            }
            _ => {
                w.extend([DIGITS[t], "mươi"]);
                match u {
                    0 => {}
                    1 => w.push("mốt"),
                    4 => w.push("tư"),
                    5 => w.push("lăm"),
                    _ => w.push(DIGITS[u]),
                }
            }
        }
        w
    }
    if n == 0 {
        return "không".to_string();
    }
    // Groups of three from the top: … tỷ, triệu, nghìn, units; above a tỷ the scale repeats.
    let scales = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"];
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    let mut words: Vec<&str> = Vec::new();
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        let full = i + 1 < groups.len();
        words.extend(triple(*g, full));
        if !scales[i].is_empty() {
            words.push(scales[i]);
        }
    }
    words.join(" ")
}

/// An amount of money in words, as written under a total: `Một trăm năm mươi ba nghìn đồng`.
pub fn money_in_words(n: u64) -> String {
    let w = read_number(n);
    let mut c = w.chars();
    match c.next() {
        Some(f) => format!("{}{} đồng", f.to_uppercase(), c.as_str()),
        None => w,
    }
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, checking that the date exists.
pub fn parse_date(s: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| (p.len() == len && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten();
    match parts.as_slice() {
        [y] => Some((num(y, 4)? as i32, None, None)),
        [y, m] => {
            let m = num(m, 2)?;
            (1..=12).contains(&m).then_some((num(y, 4)? as i32, Some(m), None))
        }
        [y, m, d] => {
            let (y, m, d) = (num(y, 4)? as i32, num(m, 2)?, num(d, 2)?);
            chrono::NaiveDate::from_ymd_opt(y, m, d)?;
            Some((y, Some(m), Some(d)))
        }
        _ => None,
    }
}

/// A whole day written `YYYY-MM-DD` ([`parse_date`] with its month and day): the date of a
/// copy, a decision, a council's meeting.
pub fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    match parse_date(s)? {
        (y, Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    }
}

/// The symbol after `/`: `KH-SGDĐT[-VP]`, or for a công văn `SGDĐT-VP`.
pub fn computed_symbol(kind: &Kind, issuer: &str, unit: Option<&str>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !kind.code.is_empty() {
        parts.push(kind.code);
    }
    parts.push(issuer);
    if let Some(u) = unit.filter(|u| !u.is_empty()) {
        parts.push(u);
    }
    parts.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_line_leading_zeros() {
        assert_eq!(date_line("Hà Nội", 2026, Some(1), Some(5)), "Hà Nội, ngày 05 tháng 01 năm 2026");
        assert_eq!(date_line("Hà Nội", 2026, Some(3), Some(7)), "Hà Nội, ngày 07 tháng 3 năm 2026");
        assert_eq!(date_line("Hà Nội", 2026, Some(2), Some(28)), "Hà Nội, ngày 28 tháng 02 năm 2026");
        assert_eq!(date_line("Hà Nội", 2025, Some(10), Some(17)), "Hà Nội, ngày 17 tháng 10 năm 2025");
        let draft = date_line("Hà Tĩnh", 2026, Some(6), None);
        assert!(draft.starts_with("Hà Tĩnh, ngày \u{a0}"));
        assert!(draft.ends_with(" tháng 6 năm 2026"));
    }

    #[test]
    fn numbers() {
        assert_eq!(format_int(12000), "12.000");
        assert_eq!(format_int(153631), "153.631");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(-1234567), "-1.234.567");
        assert_eq!(format_percent(69.5), "69,5%");
        assert_eq!(format_decimal(1234.25, 2), "1.234,25");
        assert_eq!(format_decimal(3.0, 2), "3");
    }

    #[test]
    fn romans() {
        assert_eq!(roman(3), "III");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(parse_roman("V"), Some(5));
        assert_eq!(parse_roman("IIII"), None);
        assert_eq!(parse_roman("ABC"), None);
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("Trƣờng"), "Trường");
        assert_eq!(normalize("TRƢỜNG"), "TRƯỜNG");
        // "ệ" decomposed (e + dot below + circumflex) becomes one code point.
        assert_eq!(normalize("e\u{0323}\u{0302}"), "ệ");
        // Composed and decomposed forms mixed in one string; a combining mark whose order
        // matters (dot below before circumflex, written the other way round).
        assert_eq!(normalize("Nguyễn Du – Tru\u{031B}o\u{031B}\u{0300}ng"), "Nguyễn Du – Trường");
        assert_eq!(normalize("e\u{0302}\u{0323}"), "ệ");
        assert_eq!(normalize("a\r\nb\rc"), "a\nb\nc");
        // Clean text comes back as it was (the quick path).
        assert_eq!(normalize("Trường THCS Nguyễn Du, Hà Tĩnh"), "Trường THCS Nguyễn Du, Hà Tĩnh");
        assert_eq!(upper("đường phố"), "ĐƯỜNG PHỐ");
    }

    #[test]
    fn names_in_vietnamese_order() {
        let mut names = vec![
            "Trần Thị Ánh",
            "Lê Văn Anh",
            "Phạm Thị Ảnh",
            "Nguyễn Minh Đức",
            "Hoàng Văn Dũng",
            "Lò Thị Ơn",
            "Cầm Văn Ôn",
            "Vì Văn On",
            "Nguyễn Văn An",
            "Lê Văn An",
            "Đặng Thị Bình",
            "Nguyễn Thị Bích Ngọc",
            "Trần Ngọc",
            "Lê Thị Ngọc",
        ];
        names.sort_by(|a, b| compare_names(a, b));
        assert_eq!(
            names,
            [
                // An: the same given and middle name, by family name (L before N).
                "Lê Văn An",
                "Nguyễn Văn An",
                // Anh, Ảnh, Ánh: the letters first, then the tone (none, hỏi, sắc).
                "Lê Văn Anh",
                "Phạm Thị Ảnh",
                "Trần Thị Ánh",
                "Đặng Thị Bình",
                // D before Đ.
                "Hoàng Văn Dũng",
                "Nguyễn Minh Đức",
                // Ngọc: by the middle names, none first (Thị before Thị Bích), then the family.
                "Trần Ngọc",
                "Lê Thị Ngọc",
                "Nguyễn Thị Bích Ngọc",
                // o, ô, ơ.
                "Vì Văn On",
                "Cầm Văn Ôn",
                "Lò Thị Ơn",
            ]
        );
        // Decomposed input sorts as its composed form.
        assert_eq!(compare_names("Nguyễn Văn A\u{0300}nh", "Nguyễn Văn Ành"), std::cmp::Ordering::Equal);
    }

    #[test]
    fn agency_names_in_a_sentence() {
        assert_eq!(name_in_sentence("SỞ GIÁO DỤC VÀ ĐÀO TẠO"), "Sở Giáo dục và Đào tạo");
        assert_eq!(name_in_sentence("TRƯỜNG CAO ĐẲNG SƠN LA"), "Trường Cao đẳng Sơn La");
        assert_eq!(name_in_sentence("TRƯỜNG TRUNG CẤP KỸ THUẬT – NGHIỆP VỤ CÁI BÈ"), "Trường Trung cấp Kỹ thuật – Nghiệp vụ Cái Bè");
        assert_eq!(name_in_sentence("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"), "Ủy ban nhân dân tỉnh Quảng Ngãi");
        assert_eq!(name_in_sentence("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN CÁI BÈ"), "Phòng Giáo dục và Đào tạo huyện Cái Bè");
        assert_eq!(name_in_sentence("TRƯỜNG THCS NGUYỄN DU"), "Trường THCS Nguyễn Du");
        assert_eq!(name_in_sentence("TRƯỜNG MẦM NON THỌ NGỌC"), "Trường Mầm non Thọ Ngọc");
        assert_eq!(name_in_sentence("SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH"), "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh");
        assert_eq!(name_in_sentence("UBND TỈNH LÂM ĐỒNG"), "UBND tỉnh Lâm Đồng");
    }

    #[test]
    fn pasted_controls_are_cleaned() {
        // Word's manual line break stays a line break; a page break ends the line.
        assert_eq!(normalize("Dòng một\u{0B}dòng hai"), "Dòng một\u{2028}dòng hai");
        assert_eq!(normalize("Trang một\u{0C}trang hai"), "Trang một\ntrang hai");
        assert_eq!(normalize("a\tb"), "a b");
        // Other controls, bidi and invisible characters are removed.
        assert_eq!(normalize("Nguy\u{0}ễn\u{7}\u{1B}[31m Văn\u{9C} A"), "Nguyễn[31m Văn A");
        assert_eq!(normalize("\u{202E}ANH NGUYỄN\u{202C}"), "ANH NGUYỄN");
        assert_eq!(normalize("Tr\u{200B}ường\u{FEFF}\u{2066}x\u{2069}\u{AD}"), "Trườngx");
        assert_eq!(normalize("\u{FFFE}\u{FFFF}ok"), "ok");
        for c in (0u32..0x3000).chain(0xFE00..0x10000).filter_map(char::from_u32) {
            let out = normalize(&format!("a{c}b"));
            assert!(
                out.chars().all(|x| x == '\n' || x == LINE_BREAK || (x >= ' ' && !('\u{7F}'..='\u{9F}').contains(&x) && x != '\u{FFFE}' && x != '\u{FFFF}')),
                "U+{:04X} left {out:?}",
                c as u32
            );
        }
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(money_in_words(153_000), "Một trăm năm mươi ba nghìn đồng");
        assert_eq!(read_number(15), "mười lăm");
        assert_eq!(read_number(21), "hai mươi mốt");
        assert_eq!(read_number(24), "hai mươi tư");
        assert_eq!(read_number(105), "một trăm linh năm");
        assert_eq!(read_number(1_005_000), "một triệu không trăm linh năm nghìn");
        assert_eq!(read_number(2_000_000_000), "hai tỷ");
        assert_eq!(read_number(49_500_000), "bốn mươi chín triệu năm trăm nghìn");
        assert_eq!(read_number(10), "mười");
        assert_eq!(read_number(0), "không");
    }

    #[test]
    fn kinds() {
        assert_eq!(find_kind("ke-hoach").unwrap().code, "KH");
        assert_eq!(find_kind("Kế hoạch").unwrap().code, "KH");
        assert_eq!(find_kind("TỜ TRÌNH").unwrap().code, "TTr");
        assert_eq!(find_kind("QĐ").unwrap().id, "quyet-dinh");
        assert!(find_kind("cong van").unwrap().is_cong_van());
        assert!(find_kind("ke-hoach-x").is_none());
    }

    #[test]
    fn symbols() {
        let kh = find_kind("ke-hoach").unwrap();
        let cv = find_kind("cong-van").unwrap();
        assert_eq!(computed_symbol(kh, "TCKTNVCB", None), "KH-TCKTNVCB");
        assert_eq!(computed_symbol(kh, "SGDĐT", Some("VP")), "KH-SGDĐT-VP");
        assert_eq!(computed_symbol(cv, "SGDĐT", Some("VP")), "SGDĐT-VP");
    }
}
