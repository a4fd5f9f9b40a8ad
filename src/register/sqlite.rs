//! The register in one SQLite file (bundled SQLite, WAL, a busy timeout): every number taken
//! in one `BEGIN IMMEDIATE` transaction, with UNIQUE constraints as the last line of defence.
//! The file says it is a vanban register and which schema version it holds; any other file
//! is refused before anything is written to it.

use super::{create_entries, entries_table, hash_index, symbol_unique, Config, Entry, Filter, Issued, Request, Store, APP, COLUMNS, SCHEMA_VERSION, SECRET};
use crate::diag::Diagnostic;
use crate::messages::Msg;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// The migrations, in order: migration `k` takes the schema from version `k` to `k + 1`.
fn migrations() -> Vec<String> {
    vec![
        entries_table("entries", "INTEGER PRIMARY KEY"),
        // 2: SQLite drops a table's UNIQUE constraint only by building the table again.
        format!(
            "{}\n    INSERT INTO entries_v2 SELECT * FROM entries;\n    DROP TABLE entries;\n    ALTER TABLE entries_v2 RENAME TO entries;\n    {}\n    {}",
            create_entries("entries_v2", "INTEGER PRIMARY KEY", false),
            hash_index("entries"),
            symbol_unique("entries")
        ),
    ]
}

/// A register file.
pub struct Sqlite {
    conn: Connection,
    path: String,
    /// True when this open created the file.
    pub created: bool,
}

fn timeout() -> Duration {
    // Tests shorten it; a clerk's machine waits up to 10 s for another clerk's issue.
    let ms = std::env::var("VANBAN_REGISTER_TIMEOUT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    Duration::from_millis(ms)
}

impl Sqlite {
    /// Opens (or, with `create`, creates) the register at `path`. A file that is not a vanban
    /// register, or one from a newer vanban, is refused untouched.
    pub fn open(path: &Path, create: bool) -> Result<Sqlite, Diagnostic> {
        let name = path.display().to_string();
        let fail = |msg: Msg| Diagnostic::error(msg).in_file(&name);
        let exists = path.exists();
        if !exists && !create {
            return Err(fail(Msg::RegisterMissing));
        }
        if exists {
            // Identify the file read-only first: nothing is written to a file that is not ours.
            let ro = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| fail(Msg::RegisterOpen { error: e.to_string() }))?;
            ro.busy_timeout(timeout()).map_err(|e| fail(Msg::RegisterOpenDetail { error: e.to_string() }))?;
            let version = identify(&ro).map_err(fail)?;
            if version > SCHEMA_VERSION {
                return Err(fail(Msg::RegisterNewer { version, ours: SCHEMA_VERSION }));
            }
        }
        let conn = Connection::open(path).map_err(|e| fail(Msg::RegisterOpen { error: e.to_string() }))?;
        conn.busy_timeout(timeout()).map_err(|e| fail(Msg::RegisterOpenDetail { error: e.to_string() }))?;
        let mut db = Sqlite { conn, path: name.clone(), created: !exists };
        if !exists {
            db.conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| error_of(&name, e))?;
        }
        db.migrate()?;
        Ok(db)
    }

    /// Creates or upgrades the schema, in one transaction.
    fn migrate(&mut self) -> Result<(), Diagnostic> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| error_of(&self.path, e))?;
        let has_meta: bool = tx
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", [], |r| r.get::<_, i64>(0))
            .map_err(|e| error_of(&self.path, e))?
            > 0;
        if !has_meta {
            tx.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);").map_err(|e| error_of(&self.path, e))?;
            tx.execute(
                "INSERT INTO meta VALUES ('app', ?1), ('schema_version', '0'), ('created_by', ?2)",
                params![APP, format!("vanban {}", env!("CARGO_PKG_VERSION"))],
            )
            .map_err(|e| error_of(&self.path, e))?;
        }
        let version: i64 = tx
            .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get::<_, String>(0))
            .map_err(|e| error_of(&self.path, e))?
            .parse()
            .unwrap_or(0);
        for (k, m) in migrations().iter().enumerate().skip(version as usize) {
            tx.execute_batch(m).map_err(|e| error_of(&self.path, e))?;
            tx.execute("UPDATE meta SET value = ?1 WHERE key = 'schema_version'", params![(k as i64 + 1).to_string()]).map_err(|e| error_of(&self.path, e))?;
        }
        tx.commit().map_err(|e| error_of(&self.path, e))
    }
}

/// A database error as a clerk reads it: read-only, busy, damaged; nothing was taken.
fn error_of(path: &str, e: rusqlite::Error) -> Diagnostic {
    let msg = e.to_string();
    let m = if msg.contains("readonly") || msg.contains("read-only") {
        Msg::RegisterReadOnly { detail: msg }
    } else if msg.contains("locked") || msg.contains("busy") {
        Msg::RegisterLocked { seconds: timeout().as_secs_f64().to_string(), detail: msg }
    } else if msg.contains("malformed") || msg.contains("not a database") {
        Msg::RegisterCorrupt { detail: msg }
    } else {
        Msg::RegisterUnusable { detail: msg }
    };
    Diagnostic::error(m).in_file(path)
}

/// The schema version of a vanban register, or why the file is not one.
fn identify(c: &Connection) -> Result<i64, Msg> {
    let tables: i64 = c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(|e| {
        let error = e.to_string();
        if error.contains("readonly") || error.contains("unable to open") {
            Msg::RegisterUnwritable { error }
        } else if error.contains("malformed") {
            Msg::RegisterDamaged { error }
        } else {
            Msg::RegisterNotSqlite { error }
        }
    })?;
    if tables == 0 {
        // An empty SQLite file (or a zero-byte file): a register not yet set up.
        return Ok(0);
    }
    let app: Option<String> = c.query_row("SELECT value FROM meta WHERE key = 'app'", [], |r| r.get(0)).optional().map_err(|_| Msg::RegisterForeign)?;
    if app.as_deref() != Some(APP) {
        return Err(Msg::RegisterForeign);
    }
    c.query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get::<_, String>(0))
        .map_err(|e| Msg::RegisterDamagedVersion { error: e.to_string() })
        .map(|v| v.parse().unwrap_or(0))
}

fn entry(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    let void_at: Option<String> = r.get(18)?;
    Ok(Entry {
        issuer: r.get(0)?,
        agency: r.get(1)?,
        sequence: r.get(2)?,
        year: r.get(3)?,
        number: r.get(4)?,
        symbol: r.get(5)?,
        date: r.get(6)?,
        kind: r.get(7)?,
        summary: r.get(8)?,
        signer: r.get(9)?,
        recipients: r.get(10)?,
        kept_by: r.get(11)?,
        copies: r.get(12)?,
        sent: r.get(13)?,
        received_by: r.get(14)?,
        note: r.get(15)?,
        hash: r.get(16)?,
        issued_at: r.get(17)?,
        void: match void_at {
            Some(at) => Some((at, r.get::<_, Option<String>>(19)?.unwrap_or_default(), r.get::<_, Option<String>>(20)?.unwrap_or_default())),
            None => None,
        },
    })
}

fn read_config(c: &Connection) -> rusqlite::Result<Config> {
    let text: Option<String> = c.query_row("SELECT value FROM meta WHERE key = 'config'", [], |r| r.get(0)).optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

/// Fault injection for the crash tests: with `VANBAN_FAULT_AT` naming this point, the
/// process sleeps `VANBAN_FAULT_PAUSE_MS` there (the test kills it meanwhile). Unset in use.
pub(super) fn fault(point: &str) {
    if std::env::var("VANBAN_FAULT_AT").is_ok_and(|p| p == point) {
        let ms = std::env::var("VANBAN_FAULT_PAUSE_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
        eprintln!("fault point {point}: pausing {ms} ms");
        std::thread::sleep(Duration::from_millis(ms));
    }
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Store for Sqlite {
    fn issue(&mut self, req: &Request) -> Result<Issued, Diagnostic> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| error_of(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|x| error_of(&path, x))?;
        // The sequence, from the configuration read in the same transaction.
        let config = read_config(&tx).map_err(|x| error_of(&path, x))?;
        let e = &Entry { sequence: config.sequence_of(&req.entry), ..req.entry.clone() };
        // The same document issued before (a void number is not given back).
        let again = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM entries WHERE issuer = ?1 AND year = ?2 AND hash = ?3 AND void_at IS NULL ORDER BY number LIMIT 1"),
                params![e.issuer, e.year, e.hash],
                entry,
            )
            .optional()
            .map_err(err)?;
        if let Some(found) = again {
            if req.given.is_none_or(|g| g == found.number) {
                return Ok(Issued::Again(found));
            }
        }
        let number = match req.given {
            Some(n) => {
                let taken = tx
                    .query_row(
                        &format!("SELECT {COLUMNS} FROM entries WHERE issuer = ?1 AND sequence = ?2 AND year = ?3 AND number = ?4"),
                        params![e.issuer, e.sequence, e.year, n],
                        entry,
                    )
                    .optional()
                    .map_err(err)?;
                if let Some(t) = taken {
                    let (number, year, entry, date, summary) = (format!("{n:02}"), e.year, t.number_and_symbol(), t.date.clone(), t.summary.clone());
                    let msg = if t.void.is_some() {
                        Msg::RegisterVoided { number, year, entry, date, summary }
                    } else {
                        Msg::RegisterTaken { number, year, entry, date, summary }
                    };
                    return Err(Diagnostic::error(msg).in_file(&path));
                }
                n
            }
            None => {
                let max: u32 = tx
                    .query_row(
                        "SELECT max(number) FROM entries WHERE issuer = ?1 AND sequence = ?2 AND year = ?3",
                        params![e.issuer, e.sequence, e.year],
                        |r| r.get::<_, Option<u32>>(0),
                    )
                    .map_err(err)?
                    .unwrap_or(0);
                let taken: Vec<u32> = if e.sequence == SECRET {
                    Vec::new()
                } else {
                    let mut q = tx.prepare(&format!("SELECT number FROM entries WHERE issuer = ?1 AND year = ?2 AND symbol = ?3 AND sequence <> '{SECRET}' AND number > ?4 ORDER BY number")).map_err(err)?;
                    let rows = q.query_map(params![e.issuer, e.year, e.symbol, max], |r| r.get(0)).map_err(err)?;
                    rows.collect::<Result<_, _>>().map_err(err)?
                };
                super::next_free(max, &taken)
            }
        };
        if number > 9999 {
            return Err(Diagnostic::error(Msg::RegisterFull { issuer: e.issuer.clone(), year: e.year }).in_file(&path));
        }
        let issued_at = now();
        tx.execute(
            &format!(
                "INSERT INTO entries ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, NULL, NULL, NULL)"
            ),
            params![
                e.issuer,
                e.agency,
                e.sequence,
                e.year,
                number,
                e.symbol,
                e.date,
                e.kind,
                e.summary,
                e.signer,
                e.recipients,
                e.kept_by,
                e.copies,
                e.sent,
                e.received_by,
                e.note,
                e.hash,
                issued_at
            ],
        )
        .map_err(|x| error_of(&path, x))?;
        fault("in-transaction");
        tx.commit().map_err(|x| error_of(&path, x))?;
        fault("after-commit");
        let recorded = Entry { number, issued_at, ..e.clone() };
        Ok(if req.given.is_some() { Issued::Recorded(recorded) } else { Issued::New(recorded) })
    }

    fn list(&mut self, f: &Filter) -> Result<Vec<Entry>, Diagnostic> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM entries WHERE (?1 IS NULL OR year = ?1) ORDER BY year, issuer, sequence, number"))
            .map_err(|e| error_of(&self.path, e))?;
        let rows = stmt.query_map(params![f.year], entry).map_err(|e| error_of(&self.path, e))?;
        let all = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| error_of(&self.path, e))?;
        Ok(super::filter(all, f))
    }

    fn void(&mut self, symbol: Option<&str>, secret: bool, year: i32, number: u32, reason: &str, who: &str) -> Result<Entry, Diagnostic> {
        let path = self.path.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|x| error_of(&path, x))?;
        let found: Vec<Entry> = {
            let mut stmt = tx
                .prepare(&format!(
                    "SELECT {COLUMNS} FROM entries WHERE year = ?1 AND number = ?2 AND (?3 IS NULL OR symbol = ?3) AND (sequence = '{SECRET}') = ?4"
                ))
                .map_err(|e| error_of(&path, e))?;
            let rows = stmt.query_map(params![year, number, symbol, secret], entry).map_err(|e| error_of(&path, e))?;
            rows.collect::<rusqlite::Result<_>>().map_err(|e| error_of(&path, e))?
        };
        let e = super::one_to_void(found, year, number, &path)?;
        let at = now();
        tx.execute(
            "UPDATE entries SET void_at = ?1, void_by = ?2, void_reason = ?3 WHERE issuer = ?4 AND sequence = ?5 AND year = ?6 AND number = ?7",
            params![at, who, reason, e.issuer, e.sequence, e.year, e.number],
        )
        .map_err(|x| error_of(&path, x))?;
        tx.commit().map_err(|x| error_of(&path, x))?;
        Ok(Entry { void: Some((at, who.to_string(), reason.to_string())), ..e })
    }

    fn import(&mut self, entries: &[Entry]) -> Result<usize, Diagnostic> {
        let path = self.path.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|x| error_of(&path, x))?;
        let config = read_config(&tx).map_err(|x| error_of(&path, x))?;
        let issued_at = now();
        for e in entries {
            let sequence = config.sequence(&e.symbol, e.sequence == SECRET);
            let taken: bool = tx
                .query_row(
                    "SELECT count(*) FROM entries WHERE issuer = ?1 AND sequence = ?2 AND year = ?3 AND number = ?4",
                    params![e.issuer, sequence, e.year, e.number],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(|x| error_of(&path, x))?
                > 0;
            if taken {
                return Err(Diagnostic::error(Msg::RegisterImported { entry: e.number_and_symbol(), year: e.year }).in_file(&path));
            }
            tx.execute(
                &format!("INSERT INTO entries ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, NULL, NULL, NULL)"),
                params![e.issuer, e.agency, sequence, e.year, e.number, e.symbol, e.date, e.kind, e.summary, e.signer, e.recipients, e.kept_by, e.copies, e.sent, e.received_by, e.note, e.hash, issued_at],
            )
            .map_err(|x| error_of(&path, x))?;
        }
        tx.commit().map_err(|x| error_of(&path, x))?;
        Ok(entries.len())
    }

    fn config(&mut self) -> Result<Config, Diagnostic> {
        read_config(&self.conn).map_err(|e| error_of(&self.path, e))
    }

    fn set_config(&mut self, config: &Config) -> Result<(), Diagnostic> {
        let text = serde_json::to_string(config).unwrap_or_default();
        self.conn
            .execute("INSERT INTO meta (key, value) VALUES ('config', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", params![text])
            .map(|_| ())
            .map_err(|e| error_of(&self.path, e))
    }
}
