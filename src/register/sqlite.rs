//! The register in one SQLite file (bundled SQLite, WAL, a busy timeout): every number taken
//! in one `BEGIN IMMEDIATE` transaction, with UNIQUE constraints as the last line of defence.
//! The file says it is a vanban register and which schema version it holds; any other file
//! is refused before anything is written to it.

use super::algorithm::{entry_of, Columns, Database, Transaction, Tx};
use super::{create_entries, entries_table, hash_index, schema_version, symbol_unique, Entry, APP, COLUMNS, SCHEMA_VERSION, SECRET};
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
            .map_err(|e| error_of(&self.path, e))
            .and_then(|v| schema_version(&v).ok_or_else(|| Diagnostic::error(Msg::RegisterBadVersion { found: v }).in_file(&self.path)))?;
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
        .and_then(|v| schema_version(&v).ok_or(Msg::RegisterBadVersion { found: v }))
}

impl Columns for rusqlite::Row<'_> {
    type Error = rusqlite::Error;
    fn text(&self, i: usize) -> rusqlite::Result<String> {
        self.get(i)
    }
    fn maybe_text(&self, i: usize) -> rusqlite::Result<Option<String>> {
        self.get(i)
    }
    fn year(&self, i: usize) -> rusqlite::Result<i32> {
        self.get(i)
    }
    fn count(&self, i: usize) -> rusqlite::Result<u32> {
        // rusqlite refuses a value out of u32's range (IntegralValueOutOfRange).
        self.get(i)
    }
}

fn entry(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    entry_of(r)
}

fn config_text(c: &Connection) -> rusqlite::Result<Option<String>> {
    c.query_row("SELECT value FROM meta WHERE key = 'config'", [], |r| r.get(0)).optional()
}

impl Database for Sqlite {
    type Tx<'a> = Tx<'a, rusqlite::Transaction<'a>>;

    fn name(&self) -> &str {
        &self.path
    }

    /// `BEGIN IMMEDIATE`: other writers wait (up to the busy timeout); readers go on.
    fn begin(&mut self) -> Result<Self::Tx<'_>, Diagnostic> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| error_of(&self.path, e))?;
        Ok(Tx { tx, name: &self.path })
    }

    fn entries(&mut self, year: Option<i32>) -> Result<Vec<Entry>, Diagnostic> {
        let sql = format!("SELECT {COLUMNS} FROM entries WHERE (?1 IS NULL OR year = ?1) ORDER BY year, issuer, sequence, number");
        let all = |c: &Connection| -> rusqlite::Result<Vec<Entry>> {
            let mut q = c.prepare(&sql)?;
            let rows = q.query_map(params![year], entry)?;
            rows.collect()
        };
        all(&self.conn).map_err(|e| error_of(&self.path, e))
    }

    fn config_text(&mut self) -> Result<Option<String>, Diagnostic> {
        config_text(&self.conn).map_err(|e| error_of(&self.path, e))
    }

    fn write_config(&mut self, text: &str) -> Result<(), Diagnostic> {
        self.conn
            .execute("INSERT INTO meta (key, value) VALUES ('config', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", params![text])
            .map(|_| ())
            .map_err(|e| error_of(&self.path, e))
    }
}

impl<'a> Transaction for Tx<'a, rusqlite::Transaction<'a>> {
    fn config_text(&mut self) -> Result<Option<String>, Diagnostic> {
        config_text(&self.tx).map_err(|e| error_of(self.name, e))
    }

    fn find_by_hash(&mut self, issuer: &str, year: i32, hash: &str) -> Result<Option<Entry>, Diagnostic> {
        let sql = format!("SELECT {COLUMNS} FROM entries WHERE issuer = ?1 AND year = ?2 AND hash = ?3 AND void_at IS NULL ORDER BY number LIMIT 1");
        self.tx.query_row(&sql, params![issuer, year, hash], entry).optional().map_err(|e| error_of(self.name, e))
    }

    fn find_number(&mut self, issuer: &str, sequence: &str, year: i32, number: u32) -> Result<Option<Entry>, Diagnostic> {
        let sql = format!("SELECT {COLUMNS} FROM entries WHERE issuer = ?1 AND sequence = ?2 AND year = ?3 AND number = ?4");
        self.tx.query_row(&sql, params![issuer, sequence, year, number], entry).optional().map_err(|e| error_of(self.name, e))
    }

    fn highest(&mut self, issuer: &str, sequence: &str, year: i32) -> Result<u32, Diagnostic> {
        let sql = "SELECT max(number) FROM entries WHERE issuer = ?1 AND sequence = ?2 AND year = ?3";
        let max: Option<u32> = self.tx.query_row(sql, params![issuer, sequence, year], |r| r.get(0)).map_err(|e| error_of(self.name, e))?;
        Ok(max.unwrap_or(0))
    }

    fn numbers_of_symbol(&mut self, issuer: &str, year: i32, symbol: &str, above: u32) -> Result<Vec<u32>, Diagnostic> {
        let sql =
            format!("SELECT number FROM entries WHERE issuer = ?1 AND year = ?2 AND symbol = ?3 AND sequence <> '{SECRET}' AND number > ?4 ORDER BY number");
        let all = |tx: &rusqlite::Transaction| -> rusqlite::Result<Vec<u32>> {
            let mut q = tx.prepare(&sql)?;
            let rows = q.query_map(params![issuer, year, symbol, above], |r| r.get(0))?;
            rows.collect()
        };
        all(&self.tx).map_err(|e| error_of(self.name, e))
    }

    fn find_to_void(&mut self, symbol: Option<&str>, secret: bool, year: i32, number: u32) -> Result<Vec<Entry>, Diagnostic> {
        let sql = format!("SELECT {COLUMNS} FROM entries WHERE year = ?1 AND number = ?2 AND (?3 IS NULL OR symbol = ?3) AND (sequence = '{SECRET}') = ?4");
        let all = |tx: &rusqlite::Transaction| -> rusqlite::Result<Vec<Entry>> {
            let mut q = tx.prepare(&sql)?;
            let rows = q.query_map(params![year, number, symbol, secret], entry)?;
            rows.collect()
        };
        all(&self.tx).map_err(|e| error_of(self.name, e))
    }

    fn insert(&mut self, e: &Entry) -> Result<(), Diagnostic> {
        let sql = format!(
            "INSERT INTO entries ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, NULL, NULL, NULL)"
        );
        let values = params![
            e.issuer,
            e.agency,
            e.sequence,
            e.year,
            e.number,
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
            e.issued_at
        ];
        self.tx.execute(&sql, values).map(|_| ()).map_err(|x| error_of(self.name, x))
    }

    fn set_void(&mut self, e: &Entry, at: &str, who: &str, reason: &str) -> Result<(), Diagnostic> {
        let sql = "UPDATE entries SET void_at = ?1, void_by = ?2, void_reason = ?3 WHERE issuer = ?4 AND sequence = ?5 AND year = ?6 AND number = ?7";
        self.tx.execute(sql, params![at, who, reason, e.issuer, e.sequence, e.year, e.number]).map(|_| ()).map_err(|x| error_of(self.name, x))
    }

    fn commit(self) -> Result<(), Diagnostic> {
        let name = self.name;
        self.tx.commit().map_err(|e| error_of(name, e))
    }
}
