//! The law as data: the legal texts vanban knows (`templates/phap-luat.json`, extended with
//! `--van-ban-phap-luat FILE`), the day each ceased to have effect and what replaced it; the
//! citations of a document found and dated against them; default basis lines that are current.

use crate::diag::Diagnostic;
use chrono::NaiveDate;
use serde::Deserialize;
use std::sync::OnceLock;

/// The table shipped with vanban.
pub const BUILT_IN: &str = include_str!("../templates/phap-luat.json");

/// One legal text.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LegalText {
    /// Its number and symbol as cited: `98/2023/NĐ-CP`.
    pub so_hieu: String,
    /// Its short name: `Nghị định số 98/2023/NĐ-CP`.
    pub ten: String,
    /// How a basis line cites it, without `Căn cứ ` and the closing `;`.
    pub can_cu: String,
    /// The day it took effect, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "date")]
    pub hieu_luc: Option<NaiveDate>,
    /// The day it ceased to have effect, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "date")]
    pub het_hieu_luc: Option<NaiveDate>,
    /// The number of the text that replaced it.
    #[serde(default)]
    pub thay_the_boi: Option<String>,
}

/// A date written `YYYY-MM-DD`.
fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let s = String::deserialize(d)?;
    crate::vn::parse_day(&s).map(Some).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date: write YYYY-MM-DD")))
}

/// The table of legal texts, and default basis lines by subject.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// A note for the reader of the file.
    #[serde(default)]
    pub ghi_chu: Option<String>,
    /// The texts.
    #[serde(default)]
    pub van_ban: Vec<LegalText>,
    /// Default basis lines by subject (`khen-thuong`): the numbers of the texts, in order.
    #[serde(default)]
    pub can_cu_mac_dinh: std::collections::BTreeMap<String, Vec<String>>,
}

static TABLE: OnceLock<Table> = OnceLock::new();

impl Table {
    /// The built-in table.
    pub fn built_in() -> Table {
        serde_json::from_str(BUILT_IN).expect("templates/phap-luat.json is valid (tested)")
    }

    /// Reads a table from `path` (`--van-ban-phap-luat`): every error with its place.
    pub fn read(path: &str) -> Result<Table, Diagnostic> {
        let text = crate::input::read_text(path)?;
        let mut de = serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let p = e.path().to_string();
            let mut d =
                Diagnostic::error(crate::messages::Msg::LawTable { detail: e.inner().to_string() }).in_file(path).at(if p == "." { String::new() } else { p });
            if let Some(o) = d.path.as_deref().and_then(|p| crate::locate_nearest(&text, p)) {
                let (l, c) = crate::diag::line_col(&text, o);
                d = d.line_col(l, c);
            }
            d
        })
    }

    /// `self` with the texts and default lines of `other` added (a text of the same number
    /// replaced by `other`'s).
    pub fn extend(mut self, other: Table) -> Table {
        for t in other.van_ban {
            match self.van_ban.iter_mut().find(|x| x.so_hieu == t.so_hieu) {
                Some(x) => *x = t,
                None => self.van_ban.push(t),
            }
        }
        self.can_cu_mac_dinh.extend(other.can_cu_mac_dinh);
        self
    }

    /// The text of number `so_hieu`.
    pub fn get(&self, so_hieu: &str) -> Option<&LegalText> {
        self.van_ban.iter().find(|t| t.so_hieu == so_hieu)
    }

    /// The text in effect on `date` in place of `so_hieu`: itself, or what replaced it (and
    /// what replaced that) when it had ceased by then, or — before it took effect — the text
    /// it replaced (the first of the table's that it did).
    pub fn current(&self, so_hieu: &str, date: NaiveDate) -> Option<&LegalText> {
        let mut t = self.get(so_hieu)?;
        for _ in 0..self.van_ban.len() {
            if t.hieu_luc.is_none_or(|from| date >= from) {
                break;
            }
            match self.van_ban.iter().find(|x| x.thay_the_boi.as_deref() == Some(t.so_hieu.as_str())) {
                Some(before) => t = before,
                None => break,
            }
        }
        for _ in 0..self.van_ban.len() {
            match (&t.het_hieu_luc, &t.thay_the_boi) {
                (Some(end), Some(next)) if date >= *end => match self.get(next) {
                    Some(n) => t = n,
                    None => break,
                },
                _ => break,
            }
        }
        Some(t)
    }

    /// The default basis lines of `subject` (`khen-thuong`) for a document dated `date`,
    /// each text the one in effect that day: `Căn cứ …;`.
    pub fn default_bases(&self, subject: &str, date: NaiveDate) -> Vec<String> {
        self.can_cu_mac_dinh.get(subject).into_iter().flatten().filter_map(|n| self.current(n, date)).map(|t| format!("Căn cứ {};", t.can_cu)).collect()
    }
}

/// Adds the texts of `extra` (`--van-ban-phap-luat`) to the table every check uses from now
/// on; the first call wins (the CLI calls it once, before any check).
pub fn install(extra: Table) {
    let _ = TABLE.set(Table::built_in().extend(extra));
}

/// The table in use: the built-in one, with what [`install`] added.
pub fn table() -> &'static Table {
    TABLE.get_or_init(Table::built_in)
}

/// A citation of a text that had ceased to have effect on the document's date.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale<'a> {
    /// The text cited.
    pub cited: &'a LegalText,
    /// Where in the string, in characters.
    pub at: usize,
    /// What replaced it, in effect on the date (when the table knows).
    pub replaced_by: Option<&'a LegalText>,
}

/// The citations in `text` of texts of `table` that had ceased to have effect by `date`.
/// A number is found whole (`98/2023/NĐ-CP`, not inside `198/2023/NĐ-CP`).
pub fn stale_citations<'a>(table: &'a Table, text: &str, date: NaiveDate) -> Vec<Stale<'a>> {
    let mut out = Vec::new();
    for t in &table.van_ban {
        let Some(end) = t.het_hieu_luc else { continue };
        if date < end {
            continue;
        }
        let mut from = 0;
        while let Some(i) = text[from..].find(t.so_hieu.as_str()).map(|i| i + from) {
            let before = text[..i].chars().next_back();
            let after = text[i + t.so_hieu.len()..].chars().next();
            let whole = !before.is_some_and(|c| c.is_alphanumeric() || c == '/') && !after.is_some_and(|c| c.is_alphanumeric() || c == '/');
            if whole {
                let replaced_by = t.thay_the_boi.as_deref().and_then(|n| table.current(n, date));
                out.push(Stale { cited: t, at: text[..i].chars().count(), replaced_by });
            }
            from = i + t.so_hieu.len();
        }
    }
    out.sort_by_key(|s| s.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_built_in_table_reads_and_every_replacement_is_known() {
        let t = Table::built_in();
        for x in &t.van_ban {
            if let Some(n) = &x.thay_the_boi {
                assert!(t.get(n).is_some(), "{} is replaced by {n}, which the table lacks", x.so_hieu);
                assert!(x.het_hieu_luc.is_some(), "{}: replaced, but no end date", x.so_hieu);
            }
        }
        for list in t.can_cu_mac_dinh.values() {
            for n in list {
                assert!(t.get(n).is_some(), "default basis {n} unknown");
            }
        }
    }

    #[test]
    fn replaced_texts_follow_their_chain_by_date() {
        let t = Table::built_in();
        assert_eq!(t.current("91/2017/NĐ-CP", d("2023-06-01")).unwrap().so_hieu, "91/2017/NĐ-CP");
        assert_eq!(t.current("91/2017/NĐ-CP", d("2024-06-01")).unwrap().so_hieu, "98/2023/NĐ-CP");
        assert_eq!(t.current("91/2017/NĐ-CP", d("2026-01-01")).unwrap().so_hieu, "152/2025/NĐ-CP");
        assert_eq!(t.current("98/2023/NĐ-CP", d("2025-06-30")).unwrap().so_hieu, "98/2023/NĐ-CP");
        assert_eq!(t.current("98/2023/NĐ-CP", d("2025-07-01")).unwrap().so_hieu, "152/2025/NĐ-CP");
        let bases = t.default_bases("khen-thuong", d("2026-03-01")).join("\n");
        assert!(bases.contains("152/2025/NĐ-CP") && !bases.contains("98/2023"), "{bases}");
        // Before 152/2025 took effect, the text it replaced.
        assert_eq!(t.current("152/2025/NĐ-CP", d("2025-06-30")).unwrap().so_hieu, "98/2023/NĐ-CP");
        assert_eq!(t.current("152/2025/NĐ-CP", d("2023-06-30")).unwrap().so_hieu, "91/2017/NĐ-CP");
    }

    #[test]
    fn citations_are_found_whole_and_dated() {
        let t = Table::built_in();
        let text = "Căn cứ Nghị định số 98/2023/NĐ-CP và 198/2023/NĐ-CP; Thông tư 01/2011/TT-BNV.";
        let found = stale_citations(&t, text, d("2026-01-05"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].cited.so_hieu, "98/2023/NĐ-CP");
        assert_eq!(found[0].at, text[..text.find("98/2023").unwrap()].chars().count());
        assert_eq!(found[0].replaced_by.unwrap().so_hieu, "152/2025/NĐ-CP");
        assert_eq!(found[1].replaced_by.unwrap().so_hieu, "30/2020/NĐ-CP");
        assert!(stale_citations(&t, text, d("2024-05-01")).iter().all(|s| s.cited.so_hieu != "98/2023/NĐ-CP"));
    }
}
