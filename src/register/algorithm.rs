//! The register's algorithm, written once: how a number is issued (the same document again,
//! a number the document carries, the next free one), voided and imported, over a small
//! [`Transaction`] each store spells in its own SQL ([`super::sqlite`], [`super::postgres`]).
//! It must not know a store's SQL, placeholders or column types: a store knows nothing else.

use super::{next_free, one_to_void, Config, Entry, Filter, Issued, Request, Store, SECRET};
use crate::diag::Diagnostic;
use crate::messages::Msg;

/// The highest number of a sequence (the table's `CHECK (number BETWEEN 1 AND 9999)`).
pub const MAX_NUMBER: u32 = 9999;

/// A register's database: what a store implements; [`Store`] follows for every one.
pub trait Database {
    /// A write transaction: it holds the register against other writers (readers go on)
    /// until [`Transaction::commit`]; dropped without it, nothing was written.
    type Tx<'a>: Transaction
    where
        Self: 'a;
    /// The register's name for messages (the file, or the URL without its password).
    fn name(&self) -> &str;
    /// Begins a write transaction.
    fn begin(&mut self) -> Result<Self::Tx<'_>, Diagnostic>;
    /// Every entry (of `year`, if given), by year, issuer, sequence and number.
    fn entries(&mut self, year: Option<i32>) -> Result<Vec<Entry>, Diagnostic>;
    /// The configuration as stored (JSON), read without holding up writers.
    fn config_text(&mut self) -> Result<Option<String>, Diagnostic>;
    /// Stores the configuration (JSON).
    fn write_config(&mut self, text: &str) -> Result<(), Diagnostic>;
}

/// A store's write transaction, `tx`, with the register's `name` for its messages.
pub struct Tx<'a, T> {
    /// The store's transaction.
    pub tx: T,
    /// The register's name (the file, or the URL without its password).
    pub name: &'a str,
}

/// What a transaction is called in messages: the register's name.
pub trait Named {
    /// The register's name (the file, or the URL without its password).
    fn name(&self) -> &str;
}

impl<T> Named for Tx<'_, T> {
    fn name(&self) -> &str {
        self.name
    }
}

/// The steps of the algorithm inside one write transaction, each a query of the store.
pub trait Transaction: Named {
    /// The configuration as stored (JSON), read in this transaction.
    fn config_text(&mut self) -> Result<Option<String>, Diagnostic>;
    /// The lowest-numbered entry, not void, of the document with `hash` in the issuer's year.
    fn find_by_hash(&mut self, issuer: &str, year: i32, hash: &str) -> Result<Option<Entry>, Diagnostic>;
    /// The entry with `number` in the sequence's year, void or not.
    fn find_number(&mut self, issuer: &str, sequence: &str, year: i32, number: u32) -> Result<Option<Entry>, Diagnostic>;
    /// The highest number of the sequence's year, 0 when it has none.
    fn highest(&mut self, issuer: &str, sequence: &str, year: i32) -> Result<u32, Diagnostic>;
    /// The numbers above `above` that `symbol` has in the issuer's year outside the secret
    /// documents' sequence, ascending.
    fn numbers_of_symbol(&mut self, issuer: &str, year: i32, symbol: &str, above: u32) -> Result<Vec<u32>, Diagnostic>;
    /// The entries with `number` in `year` (with `symbol`, if given), in the secret documents'
    /// sequence (`secret`) or in the others.
    fn find_to_void(&mut self, symbol: Option<&str>, secret: bool, year: i32, number: u32) -> Result<Vec<Entry>, Diagnostic>;
    /// Records `entry` (its void columns empty).
    fn insert(&mut self, entry: &Entry) -> Result<(), Diagnostic>;
    /// Marks `entry` void: when, by whom, why.
    fn set_void(&mut self, entry: &Entry, at: &str, who: &str, reason: &str) -> Result<(), Diagnostic>;
    /// Makes the transaction's writes last.
    fn commit(self) -> Result<(), Diagnostic>;
}

/// A row of `SELECT {COLUMNS}` as a store reads its columns; [`entry_of`] makes the entry.
pub trait Columns {
    /// The store's error.
    type Error;
    /// A text column.
    fn text(&self, i: usize) -> Result<String, Self::Error>;
    /// A text column that may be NULL.
    fn maybe_text(&self, i: usize) -> Result<Option<String>, Self::Error>;
    /// A year.
    fn year(&self, i: usize) -> Result<i32, Self::Error>;
    /// A number or a count (≥ 0): a value out of range is an error, never wrapped.
    fn count(&self, i: usize) -> Result<u32, Self::Error>;
}

/// The entry of a row of `SELECT {COLUMNS}`.
pub fn entry_of<C: Columns>(r: &C) -> Result<Entry, C::Error> {
    // A void entry's who and why are optional (`void_by`, `void_reason` may be NULL): empty.
    let void = match r.maybe_text(18)? {
        Some(at) => Some((at, r.maybe_text(19)?.unwrap_or_default(), r.maybe_text(20)?.unwrap_or_default())),
        None => None,
    };
    Ok(Entry {
        issuer: r.text(0)?,
        agency: r.text(1)?,
        sequence: r.text(2)?,
        year: r.year(3)?,
        number: r.count(4)?,
        symbol: r.text(5)?,
        date: r.text(6)?,
        kind: r.text(7)?,
        summary: r.text(8)?,
        signer: r.text(9)?,
        recipients: r.text(10)?,
        kept_by: r.text(11)?,
        copies: r.count(12)?,
        sent: r.text(13)?,
        received_by: r.text(14)?,
        note: r.text(15)?,
        hash: r.text(16)?,
        issued_at: r.text(17)?,
        void,
    })
}

/// Now, as the register records it (UTC, RFC 3339, seconds).
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The configuration stored as `text` (none stored: the default, one sequence for all); a
/// stored one that does not read is an error, never taken for the default.
fn config_of(text: Option<String>, name: &str) -> Result<Config, Diagnostic> {
    match text {
        None => Ok(Config::default()),
        Some(t) => serde_json::from_str(&t).map_err(|e| Diagnostic::error(Msg::RegisterConfigDamaged { error: e.to_string() }).in_file(name)),
    }
}

fn full(e: &Entry, name: &str) -> Diagnostic {
    Diagnostic::error(Msg::RegisterFull { issuer: e.issuer.clone(), year: e.year }).in_file(name)
}

/// Takes the next number of the request's sequence (or records the number it carries, or
/// returns the number of the same document issued before), in one transaction.
pub fn issue<T: Transaction>(mut tx: T, req: &Request) -> Result<Issued, Diagnostic> {
    // The sequence, from the configuration read in the same transaction.
    let config = config_of(tx.config_text()?, tx.name())?;
    let e = &Entry { sequence: config.sequence_of(&req.entry), ..req.entry.clone() };
    // The same document issued before (a void number is not given back).
    if let Some(found) = tx.find_by_hash(&e.issuer, e.year, &e.hash)? {
        if req.given.is_none_or(|g| g == found.number) {
            return Ok(Issued::Again(found));
        }
    }
    let number = match req.given {
        // No entry has a number above the highest: such a number is full, not taken.
        Some(n) if n > MAX_NUMBER => return Err(full(e, tx.name())),
        Some(n) => {
            if let Some(t) = tx.find_number(&e.issuer, &e.sequence, e.year, n)? {
                let (number, year, entry, date, summary) = (format!("{n:02}"), e.year, t.number_and_symbol(), t.date.clone(), t.summary.clone());
                let msg = if t.void.is_some() {
                    Msg::RegisterVoided { number, year, entry, date, summary }
                } else {
                    Msg::RegisterTaken { number, year, entry, date, summary }
                };
                return Err(Diagnostic::error(msg).in_file(tx.name()));
            }
            n
        }
        None => {
            let max = tx.highest(&e.issuer, &e.sequence, e.year)?;
            let taken = if e.sequence == SECRET { Vec::new() } else { tx.numbers_of_symbol(&e.issuer, e.year, &e.symbol, max)? };
            next_free(max, &taken)
        }
    };
    if number > MAX_NUMBER {
        return Err(full(e, tx.name()));
    }
    let recorded = Entry { number, issued_at: now(), void: None, ..e.clone() };
    tx.insert(&recorded)?;
    super::fault("in-transaction");
    tx.commit()?;
    super::fault("after-commit");
    Ok(if req.given.is_some() { Issued::Recorded(recorded) } else { Issued::New(recorded) })
}

/// Marks a number void with the reason, in one transaction (see [`Store::void`]).
pub fn void<T: Transaction>(mut tx: T, symbol: Option<&str>, secret: bool, year: i32, number: u32, reason: &str, who: &str) -> Result<Entry, Diagnostic> {
    // No entry has a number above the highest.
    let found = if number > MAX_NUMBER { Vec::new() } else { tx.find_to_void(symbol, secret, year, number)? };
    let e = one_to_void(found, year, number, tx.name())?;
    let at = now();
    tx.set_void(&e, &at, who, reason)?;
    tx.commit()?;
    Ok(Entry { void: Some((at, who.to_string(), reason.to_string())), ..e })
}

/// Records an existing register's entries in one transaction, or none when one of their
/// numbers is taken (see [`Store::import`]).
pub fn import<T: Transaction>(mut tx: T, entries: &[Entry]) -> Result<usize, Diagnostic> {
    let config = config_of(tx.config_text()?, tx.name())?;
    let issued_at = now();
    for e in entries {
        let sequence = config.sequence(&e.symbol, e.sequence == SECRET);
        if tx.find_number(&e.issuer, &sequence, e.year, e.number)?.is_some() {
            return Err(Diagnostic::error(Msg::RegisterImported { entry: e.number_and_symbol(), year: e.year }).in_file(tx.name()));
        }
        tx.insert(&Entry { sequence, issued_at: issued_at.clone(), void: None, ..e.clone() })?;
    }
    tx.commit()?;
    Ok(entries.len())
}

impl<D: Database> Store for D {
    fn issue(&mut self, req: &Request) -> Result<Issued, Diagnostic> {
        issue(self.begin()?, req)
    }

    fn list(&mut self, filter: &Filter) -> Result<Vec<Entry>, Diagnostic> {
        Ok(super::filter(self.entries(filter.year)?, filter))
    }

    fn void(&mut self, symbol: Option<&str>, secret: bool, year: i32, number: u32, reason: &str, who: &str) -> Result<Entry, Diagnostic> {
        void(self.begin()?, symbol, secret, year, number, reason, who)
    }

    fn import(&mut self, entries: &[Entry]) -> Result<usize, Diagnostic> {
        import(self.begin()?, entries)
    }

    fn config(&mut self) -> Result<Config, Diagnostic> {
        let text = self.config_text()?;
        config_of(text, self.name())
    }

    fn set_config(&mut self, config: &Config) -> Result<(), Diagnostic> {
        let text = serde_json::to_string(config).map_err(|e| Diagnostic::error(Msg::RegisterUnusable { detail: e.to_string() }).in_file(self.name()))?;
        self.write_config(&text)
    }
}
