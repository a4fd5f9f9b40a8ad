//! The outgoing-document register (sổ đăng ký văn bản đi, ND30 Điều 15–16, Phụ lục IV): each
//! document's number taken once from its issuer's sequence for the year, the book's ten
//! columns recorded, listed, exported and imported. Nothing here renders or prints: the CLI
//! and the server ask for a number and render.
//!
//! - `mod.rs`: the [`Store`] trait, the entry a document makes, sequences, the config.
//! - [`algorithm`]: issue, void and import, written once over a store's transaction.
//! - [`sqlite`]: the register as one SQLite file (its SQL only).
//! - [`postgres`]: the register shared by several machines on a PostgreSQL server (its SQL only).
//! - [`book`]: the book's ten columns as CSV, XLSX and the PDF's data; an Excel book imported.

pub mod algorithm;
pub mod book;
pub mod postgres;
pub mod sqlite;

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model::{CopyData, CopyKind, Document};
use crate::vn;
use sha2::{Digest, Sha256};

/// What the register's `meta` table says it is (both stores).
pub(crate) const APP: &str = "vanban-register";
/// The schema version this vanban writes; migrations take an older register up to it.
pub const SCHEMA_VERSION: i64 = 2;

/// The schema version a register's meta table records (`found`), or `None` when it is not a
/// whole number of 0 or more: the register is damaged, and the caller says so.
pub(crate) fn schema_version(found: &str) -> Option<i64> {
    found.trim().parse::<i64>().ok().filter(|v| *v >= 0)
}
/// The sequence of secret documents (`do_mat`): the decree numbers them apart.
pub const SECRET: &str = "mat";
/// The sequence copies of every kind (SY, SL, TS) share, from 01 each year (ND30 Điều 26).
pub const COPIES: &str = "sao";
/// The columns of an entry, in the order both stores write and read them.
pub(crate) const COLUMNS: &str = "issuer, agency, sequence, year, number, symbol, date, kind, summary, signer, recipients, kept_by, copies, sent, received_by, note, hash, issued_at, void_at, void_by, void_reason";

/// Fault injection for the crash tests: with `VANBAN_FAULT_AT` naming this point, the
/// process sleeps `VANBAN_FAULT_PAUSE_MS` there (the test kills it meanwhile). Compiled only
/// with the `fault-injection` feature, which only the tests enable (Cargo.toml): a build for
/// use reads no such variable.
#[cfg(feature = "fault-injection")]
pub(crate) fn fault(point: &str) {
    if std::env::var("VANBAN_FAULT_AT").is_ok_and(|p| p == point) {
        let ms = std::env::var("VANBAN_FAULT_PAUSE_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
        eprintln!("fault point {point}: pausing {ms} ms");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Without the `fault-injection` feature a fault point is nothing.
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub(crate) fn fault(_point: &str) {}

/// The book's table as schema version 1 made it, named `table`, its key of type `id`: the
/// same for SQLite and PostgreSQL but for those two words. Version 2 ([`symbol_unique`]) lets
/// a secret document carry the number and symbol of an ordinary one: they are in different
/// books.
pub(crate) fn entries_table(table: &str, id: &str) -> String {
    format!("{}\n    {}", create_entries(table, id, true), hash_index(table))
}

/// `CREATE TABLE {name}` with the book's columns; `symbol_constraint`: schema version 1's
/// UNIQUE (issuer, year, number, symbol) over every entry.
pub(crate) fn create_entries(name: &str, id: &str, symbol_constraint: bool) -> String {
    let symbol = if symbol_constraint { ",\n        UNIQUE (issuer, year, number, symbol)" } else { "" };
    format!(
        "CREATE TABLE {name} (
        id {id},
        issuer TEXT NOT NULL,
        agency TEXT NOT NULL,
        sequence TEXT NOT NULL,
        year INTEGER NOT NULL,
        number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 9999),
        symbol TEXT NOT NULL,
        date TEXT NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        signer TEXT NOT NULL,
        recipients TEXT NOT NULL,
        kept_by TEXT NOT NULL,
        copies INTEGER NOT NULL,
        sent TEXT NOT NULL DEFAULT '',
        received_by TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        hash TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        void_at TEXT,
        void_by TEXT,
        void_reason TEXT,
        UNIQUE (issuer, sequence, year, number){symbol}
    );"
    )
}

/// The index that finds a document issued before by its hash.
pub(crate) fn hash_index(table: &str) -> String {
    format!("CREATE INDEX {table}_hash ON {table} (issuer, year, hash);")
}

/// Schema version 2's rule for the number and symbol: unique within the year among the
/// ordinary documents, and among the secret ones (which have a sequence of their own).
pub(crate) fn symbol_unique(table: &str) -> String {
    format!("CREATE UNIQUE INDEX {table}_symbol ON {table} (issuer, year, number, symbol) WHERE sequence <> '{SECRET}';")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_next_number_steps_over_those_the_symbol_has_elsewhere() {
        assert_eq!(super::next_free(0, &[]), 1);
        assert_eq!(super::next_free(1, &[2, 3, 5]), 4);
        assert_eq!(super::next_free(3, &[1, 2]), 4);
        assert_eq!(super::next_free(3, &[4, 5, 6]), 7);
    }
}

/// One line of the register: the book's ten columns and what identifies the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The issuer's abbreviation (`SGDĐT`): whose sequence.
    pub issuer: String,
    /// The issuer's letterhead lines (parent, then issuer), one a line: the book's cover.
    pub agency: String,
    /// The sequence within the issuer: `chung` (one for all administrative documents) or a
    /// kind code with a sequence of its own (see [`Config`]); the store decides it.
    pub sequence: String,
    /// The year of the document's date.
    pub year: i32,
    /// The number (printed `07`).
    pub number: u32,
    /// The symbol after `/` (`KH-SGDĐT`).
    pub symbol: String,
    /// (2) the document's date, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when left blank).
    pub date: String,
    /// (3) the kind (`Kế hoạch`) …
    pub kind: String,
    /// … and the summary (trích yếu).
    pub summary: String,
    /// (4) the signer.
    pub signer: String,
    /// (5) the recipients (Nơi nhận but `Lưu`).
    pub recipients: String,
    /// (6) who keeps the file copies (from `Lưu: VT, …`).
    pub kept_by: String,
    /// (7) number of copies: one per recipient and file copy.
    pub copies: u32,
    /// (8) date sent, (9) received by, (10) notes: filled in by the clerk.
    pub sent: String,
    /// (9).
    pub received_by: String,
    /// (10); a void number's reason is here too.
    pub note: String,
    /// SHA-256 of the document's data, so that issuing it again gives its number again.
    pub hash: String,
    /// When the number was taken (UTC, RFC 3339).
    pub issued_at: String,
    /// Void: (when, by whom, why); the number is never given again.
    pub void: Option<(String, String, String)>,
}

impl Entry {
    /// (1) `07/KH-SGDĐT`: two digits below 10, as the decree prints it.
    pub fn number_and_symbol(&self) -> String {
        format!("{:02}/{}", self.number, self.symbol)
    }
}

/// What a document asks of the register.
#[derive(Debug, Clone)]
pub struct Request {
    /// The entry to record (its `number` is what the document already carries, or 0).
    pub entry: Entry,
    /// The number the document already carries, if any.
    pub given: Option<u32>,
}

/// What issuing gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issued {
    /// A new number was taken.
    New(Entry),
    /// The same document (same data) was issued before: its number.
    Again(Entry),
    /// The document carried this number; it is now recorded.
    Recorded(Entry),
}

impl Issued {
    /// The entry, whichever way.
    pub fn entry(&self) -> &Entry {
        match self {
            Issued::New(e) | Issued::Again(e) | Issued::Recorded(e) => e,
        }
    }
}

/// A filter for listing.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this year.
    pub year: Option<i32>,
    /// Only this kind code (`KH`: the symbol starts with it).
    pub kind: Option<String>,
    /// Text in the summary, symbol, signer or recipients (case- and tone-insensitive).
    pub search: Option<String>,
}

/// How an agency's numbers run (`vanban register config`): by default one sequence per
/// issuer and year for every administrative document; the head may give some kinds a
/// sequence of their own (ND30 Điều 15).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Kind codes numbered in a sequence of their own (`QĐ`, `KH`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theo_loai: Vec<String>,
    /// Advisory bodies (Hội đồng, Ban, Tổ) that issue under the agency's seal, by the
    /// abbreviation their documents' symbols carry (`QĐ-HĐTĐKT`): each keeps a sequence of
    /// its own within the agency's register, as the decree says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hoi_dong: Vec<String>,
}

impl Config {
    /// The sequence of a document with `symbol` (`QĐ-SGDĐT` → `QĐ` when QĐ has its own);
    /// a secret document's (`secret`) is always [`SECRET`], as the decree says.
    /// Copies (`SY-…`, `SL-…`, `TS-…`) share [`COPIES`]; an advisory body's documents
    /// (its abbreviation in the symbol) are in its own, named by that abbreviation.
    pub fn sequence(&self, symbol: &str, secret: bool) -> String {
        if secret {
            return SECRET.to_string();
        }
        let code = symbol.split('-').next().unwrap_or("");
        if CopyKind::ALL.iter().any(|k| k.code() == code) {
            return COPIES.to_string();
        }
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b) || vn::fold(a) == vn::fold(b);
        if let Some(body) = self.hoi_dong.iter().find(|b| symbol.split('-').skip(1).any(|part| same(part, b))) {
            return body.clone();
        }
        if self.theo_loai.iter().any(|k| same(k, code)) {
            code.to_string()
        } else {
            "chung".to_string()
        }
    }

    /// The sequence of a request's entry: the secret documents' and the copies' whatever
    /// their symbol, else as [`Config::sequence`] decides.
    pub fn sequence_of(&self, entry: &Entry) -> String {
        match entry.sequence.as_str() {
            SECRET | COPIES => entry.sequence.clone(),
            _ => self.sequence(&entry.symbol, false),
        }
    }
}

/// Storage of a register. Every operation is one transaction: a number is taken and
/// recorded together or not at all.
pub trait Store {
    /// Takes the next number of the request's sequence (or records the number it carries, or
    /// returns the number of the same document issued before).
    fn issue(&mut self, req: &Request) -> Result<Issued, Diagnostic>;
    /// Entries in number order within (issuer, sequence, year).
    fn list(&mut self, filter: &Filter) -> Result<Vec<Entry>, Diagnostic>;
    /// Marks a number void with the reason (never reused, never deleted); `symbol` says which
    /// when the year has the number in several sequences.
    /// `secret`: a number of the secret documents' sequence, else of the others.
    fn void(&mut self, symbol: Option<&str>, secret: bool, year: i32, number: u32, reason: &str, who: &str) -> Result<Entry, Diagnostic>;
    /// Records entries of an existing register (`import`): all in one transaction, or none
    /// when one of their numbers is already taken. Returns how many.
    fn import(&mut self, entries: &[Entry]) -> Result<usize, Diagnostic>;
    /// The agency's sequences.
    fn config(&mut self) -> Result<Config, Diagnostic>;
    /// Changes them (numbers already taken keep their sequence).
    fn set_config(&mut self, config: &Config) -> Result<(), Diagnostic>;
}

/// Opens the register at `location`: a PostgreSQL URL (`postgres://…`), or a SQLite file
/// path (created when missing, if `create`; an existing file that is not a register is
/// refused untouched).
pub fn open(location: &str, create: bool) -> Result<Box<dyn Store>, Diagnostic> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        return Ok(Box::new(postgres::Postgres::open(location)?));
    }
    Ok(Box::new(sqlite::Sqlite::open(std::path::Path::new(location), create)?))
}

/// The number after `max` in a sequence, past those of `taken` (the numbers the same symbol
/// already has in the year in another sequence, ascending): number and symbol are unique in
/// the year, so a sequence given its own mid-year (`config --theo-loai`, `--hoi-dong`) steps
/// over what its documents took in the agency's, and is never stuck on a number it cannot give.
pub(crate) fn next_free(max: u32, taken: &[u32]) -> u32 {
    let mut n = max + 1;
    for &t in taken {
        if t == n {
            n += 1;
        } else if t > n {
            break;
        }
    }
    n
}

/// The entries that pass a listing's filter (kind code, text), in their order.
pub(crate) fn filter(all: Vec<Entry>, f: &Filter) -> Vec<Entry> {
    let needle = f.search.as_deref().map(vn::fold);
    all.into_iter()
        .filter(|e| f.kind.as_deref().is_none_or(|k| e.symbol.split('-').next().is_some_and(|c| c.eq_ignore_ascii_case(k) || vn::fold(c) == vn::fold(k))))
        .filter(|e| {
            needle.as_deref().is_none_or(|n| {
                let void = e.void.as_ref().map_or("", |v| v.2.as_str());
                vn::fold(&format!("{} {} {} {} {} {} {void}", e.number_and_symbol(), e.kind, e.summary, e.signer, e.recipients, e.note)).contains(n)
            })
        })
        .collect()
}

/// The one entry a `void` names, or why not (none, several sequences, void already).
pub(crate) fn one_to_void(found: Vec<Entry>, year: i32, number: u32, name: &str) -> Result<Entry, Diagnostic> {
    let e = match found.as_slice() {
        [] => return Err(Diagnostic::error(Msg::RegisterNoNumber { number: format!("{number:02}"), year }).in_file(name)),
        [one] => one.clone(),
        many => {
            let choices = many.iter().map(|e| e.number_and_symbol()).collect::<Vec<_>>().join(", ");
            return Err(Diagnostic::error(Msg::RegisterSequences { number: format!("{number:02}"), year, count: many.len(), choices }).in_file(name));
        }
    };
    if e.void.is_some() {
        return Err(Diagnostic::error(Msg::RegisterAlreadyVoid { entry: e.number_and_symbol() }).in_file(name));
    }
    Ok(e)
}

/// The register's location: `--register`, else `VANBAN_REGISTER`, else `vanban.db` here.
pub fn location(flag: Option<&str>) -> String {
    flag.map(str::to_string).or_else(|| std::env::var("VANBAN_REGISTER").ok().filter(|v| !v.is_empty())).unwrap_or_else(|| "vanban.db".to_string())
}

/// The book's columns that come from the issuer and Nơi nhận, for a document or a copy.
struct Sent {
    /// The issuer's letterhead lines (parent, then issuer), one a line.
    agency: String,
    /// (5) Nơi nhận but `Lưu`.
    recipients: String,
    /// (6) from `Lưu: VT, …`.
    kept_by: String,
    /// (7) one per recipient and file copy.
    copies: u32,
}

impl Sent {
    fn of(issuer: &crate::model::Issuer, noi_nhan: &[String]) -> Sent {
        let n = |s: &str| vn::normalize(s.trim());
        let (kept, sent_to): (Vec<&String>, Vec<&String>) = noi_nhan.iter().partition(|r| n(r).starts_with("Lưu"));
        Sent {
            agency: issuer.chu_quan.iter().chain(&issuer.ten).map(|l| vn::upper(&n(l))).collect::<Vec<_>>().join("\n"),
            recipients: sent_to.iter().map(|r| n(r).trim_end_matches([';', '.']).to_string()).collect::<Vec<_>>().join("; "),
            kept_by: kept.first().map(|l| n(l).trim_start_matches("Lưu:").trim().trim_end_matches('.').to_string()).unwrap_or_default(),
            copies: (sent_to.len() + kept.len().max(1)) as u32,
        }
    }
}

/// The request a document makes: its issuer, symbol, year and the book's columns. The hash
/// is of the document's data without its number, so that the same document issued again
/// (with its number written back or not) is found.
pub fn request(doc: &Document) -> Result<Request, Diagnostic> {
    let Some(issuer) = &doc.co_quan else {
        return Err(Diagnostic::error(Msg::RegisterIssuer).at("co_quan"));
    };
    let kind = vn::find_kind(&doc.loai).ok_or_else(|| Diagnostic::error(Msg::RegisterUnknownKind { kind: doc.loai.clone() }).at("loai"))?;
    let (year, _, _) = crate::vn::parse_date(&doc.ngay).ok_or_else(|| Diagnostic::error(Msg::RegisterBadDate { date: doc.ngay.clone() }).at("ngay"))?;
    let n = |s: &str| vn::normalize(s.trim());
    let abbr = n(&issuer.viet_tat);
    let symbol = match &doc.ky_hieu {
        Some(s) => n(s),
        None => {
            let all: Vec<String> = std::iter::once(abbr.clone()).chain(doc.lien_tich.iter().map(|c| n(&c.viet_tat))).collect();
            crate::compose::joint_symbol(kind, &all, doc.don_vi_soan_thao.as_deref().map(n).as_deref())
        }
    };
    let mut unnumbered = doc.clone();
    unnumbered.so = None;
    // Cannot fail: a Document is plain data (strings, numbers, lists and structs, no maps with
    // other keys than strings); likewise the copy's data below.
    let data = serde_json::to_vec(&unnumbered).unwrap_or_default();
    let hash = Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let summary = doc.trich_yeu.as_deref().map(|t| n(t).replace(['\n', vn::LINE_BREAK], " ")).unwrap_or_default();
    let book = Sent::of(issuer, &doc.noi_nhan);
    let entry = Entry {
        issuer: abbr,
        agency: book.agency,
        // The store decides the sequence; a secret document's is always its own.
        sequence: if doc.do_mat.is_some() { SECRET.into() } else { "chung".into() },
        year,
        number: doc.so.unwrap_or(0),
        symbol,
        date: doc.ngay.trim().to_string(),
        kind: kind.name.to_string(),
        summary,
        signer: n(&doc.ky.principal().ho_ten),
        recipients: book.recipients,
        kept_by: book.kept_by,
        // (7): the copies issued when the document says (ô 12), else one per recipient
        // and file copy.
        copies: doc.phat_hanh.as_ref().and_then(|r| r.so_ban).unwrap_or(book.copies),
        sent: String::new(),
        received_by: String::new(),
        note: String::new(),
        hash,
        issued_at: String::new(),
        void: None,
    };
    Ok(Request { entry, given: doc.so })
}

/// The request of a copy (bản sao) of kind `kind` made by `copy`'s agency of the document
/// described by `copied` (`Kế hoạch số 15/KH-SGDĐT: …`, the book's column 3): numbered in
/// the copies' own sequence ([`COPIES`]), its symbol `SY-<agency>` unless given.
pub fn copy_request(copy: &CopyData, kind: CopyKind, copied: &str) -> Result<Request, Diagnostic> {
    let (year, _, _) = crate::vn::parse_date(&copy.ngay).ok_or_else(|| Diagnostic::error(Msg::RegisterBadDate { date: copy.ngay.clone() }).at("ngay"))?;
    let n = |s: &str| vn::normalize(s.trim());
    let abbr = n(&copy.co_quan.viet_tat);
    let symbol = copy.ky_hieu.as_deref().map(n).unwrap_or_else(|| format!("{}-{abbr}", kind.code()));
    let mut unnumbered = copy.clone();
    unnumbered.so = None;
    let mut hasher = Sha256::new();
    hasher.update(kind.id().as_bytes());
    hasher.update(serde_json::to_vec(&unnumbered).unwrap_or_default());
    hasher.update(copied.as_bytes());
    let hash = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>();
    let book = Sent::of(&copy.co_quan, &copy.noi_nhan);
    let entry = Entry {
        issuer: abbr,
        agency: book.agency,
        sequence: COPIES.into(),
        year,
        number: copy.so.unwrap_or(0),
        symbol,
        date: copy.ngay.trim().to_string(),
        kind: kind.name().to_string(),
        summary: n(copied),
        signer: n(&copy.ky.ho_ten),
        recipients: book.recipients,
        kept_by: book.kept_by,
        copies: book.copies,
        sent: String::new(),
        received_by: String::new(),
        note: String::new(),
        hash,
        issued_at: String::new(),
        void: None,
    };
    Ok(Request { entry, given: copy.so })
}

/// A paragraph this long or longer, found word for word in a starter, is the starter's
/// example text (shorter ones — headings, “Lưu: VT.” — are what real documents hold too).
const EXAMPLE_PARAGRAPH: usize = 40;

/// The fields of a document (its JSON as written) still holding the example text of a
/// starter (`vanban new`, the web editor's examples): its summary, a paragraph of its body or
/// of an appendix's, and its signer's name beside those. The book records what a document
/// says: a sample's text there is wrong data no later edit removes, so neither
/// `vanban register issue` nor the web editor's “Lấy số” gives such a document a number.
pub fn example_text(doc: &serde_json::Value) -> Vec<Diagnostic> {
    use serde_json::Value;
    let norm = |s: &str| vn::normalize(s).split_whitespace().collect::<Vec<_>>().join(" ");
    // The starters are built in; the samples' tests parse every one.
    let starters: Vec<Value> = crate::STARTERS.iter().filter_map(|(_, t)| serde_json::from_str(t).ok()).collect();
    let field = |v: &Value, path: &[&str]| path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_str).map(norm).filter(|s| !s.is_empty());
    // Every body paragraph of `v`: (path, text).
    let paragraphs = |v: &Value| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut body = |prefix: String, b: Option<&Value>| {
            for (i, p) in b.and_then(Value::as_array).into_iter().flatten().enumerate() {
                if let Some(t) = p.as_str().map(norm).filter(|t| t.chars().count() >= EXAMPLE_PARAGRAPH) {
                    out.push((format!("{prefix}[{i}]"), t));
                }
            }
        };
        body("noi_dung".into(), v.get("noi_dung"));
        for (k, a) in v.get("phu_luc").and_then(Value::as_array).into_iter().flatten().enumerate() {
            body(format!("phu_luc[{k}].noi_dung"), a.get("noi_dung"));
        }
        out
    };
    let example = |keys: &[&str]| field(doc, keys).is_some_and(|mine| starters.iter().any(|s| field(s, keys).as_deref() == Some(mine.as_str())));
    let mut left: Vec<(String, Msg)> = Vec::new();
    if example(&["trich_yeu"]) {
        left.push(("trich_yeu".to_string(), Msg::ExampleSummary));
    }
    let examples: std::collections::HashSet<String> = starters.iter().flat_map(|s| paragraphs(s).into_iter().map(|(_, t)| t)).collect();
    left.extend(paragraphs(doc).into_iter().filter(|(_, t)| examples.contains(t)).map(|(p, _)| (p, Msg::ExampleParagraph)));
    // An example's signer is named only beside other example text: a real signer may
    // bear the same common name.
    if !left.is_empty() && example(&["ky", "ho_ten"]) {
        left.push(("ky.ho_ten".to_string(), Msg::ExampleSigner));
    }
    left.into_iter().map(|(path, msg)| Diagnostic::error(msg).at(path)).collect()
}

/// Gives `doc` its number from `store` (a new one, the one it had from an earlier issue, or
/// the one it carries, recorded) and writes it into `doc.so`.
pub fn number(store: &mut dyn Store, doc: &mut Document) -> Result<Issued, Diagnostic> {
    let req = request(doc)?;
    let issued = store.issue(&req)?;
    doc.so = Some(issued.entry().number);
    Ok(issued)
}
