//! The register on a PostgreSQL server, for an office whose clerks work on several machines:
//! the same schema and guarantees as the SQLite file (tables `vanban_meta`, `vanban_entries`),
//! every number taken in one transaction that first locks the register's entries against
//! other writers (readers go on), UNIQUE constraints as the last line of defence. A
//! database whose `vanban_meta` says something else, or a newer schema, is refused untouched.

use super::{entries_table, symbol_unique, Config, Entry, Filter, Issued, Request, Store, APP, COLUMNS, SCHEMA_VERSION, SECRET};
use crate::diag::Diagnostic;
use crate::messages::Msg;
use postgres::{Client, NoTls, Row, Transaction};

/// The migrations, in order (the SQLite file's, in PostgreSQL's words).
fn migrations() -> Vec<String> {
    vec![
        entries_table("vanban_entries", "BIGSERIAL PRIMARY KEY"),
        // 2: the number and symbol unique among ordinary documents, and among secret ones.
        format!(
            "DO $$ DECLARE c TEXT; BEGIN
                SELECT conname INTO c FROM pg_constraint
                 WHERE conrelid = 'vanban_entries'::regclass AND contype = 'u'
                   AND pg_get_constraintdef(oid) = 'UNIQUE (issuer, year, number, symbol)';
                IF c IS NOT NULL THEN EXECUTE format('ALTER TABLE vanban_entries DROP CONSTRAINT %I', c); END IF;
            END $$;
            {}",
            symbol_unique("vanban_entries")
        ),
    ]
}

/// A register on a server.
pub struct Postgres {
    client: Client,
    /// The URL without its password, for messages.
    name: String,
}

/// `postgres://user:secret@host/db` → `postgres://user@host/db`.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(a)) if a > s => {
            let creds = &url[s + 3..a];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}@{}", &url[..s + 3], &url[a + 1..])
        }
        _ => url.to_string(),
    }
}

fn error_of(name: &str, e: postgres::Error) -> Diagnostic {
    let msg = match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => match std::error::Error::source(&e) {
            Some(s) => format!("{e}: {s}"),
            None => e.to_string(),
        },
    };
    let lost = e.is_closed() || e.as_db_error().is_some_and(|d| d.code().code().starts_with("57P") || d.code().code().starts_with("08"));
    let m = if lost || msg.to_lowercase().contains("connect") {
        Msg::RegisterServer { detail: msg }
    } else if msg.starts_with("42501") || msg.contains("permission denied") || msg.contains("read-only") {
        Msg::RegisterReadOnlyPg { detail: msg }
    } else {
        Msg::RegisterUnusable { detail: msg }
    };
    Diagnostic::error(m).in_file(name)
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn entry(r: &Row) -> Entry {
    let void_at: Option<String> = r.get(18);
    Entry {
        issuer: r.get(0),
        agency: r.get(1),
        sequence: r.get(2),
        year: r.get(3),
        number: r.get::<_, i32>(4) as u32,
        symbol: r.get(5),
        date: r.get(6),
        kind: r.get(7),
        summary: r.get(8),
        signer: r.get(9),
        recipients: r.get(10),
        kept_by: r.get(11),
        copies: r.get::<_, i32>(12) as u32,
        sent: r.get(13),
        received_by: r.get(14),
        note: r.get(15),
        hash: r.get(16),
        issued_at: r.get(17),
        void: void_at.map(|at| (at, r.get::<_, Option<String>>(19).unwrap_or_default(), r.get::<_, Option<String>>(20).unwrap_or_default())),
    }
}

fn read_config(tx: &mut Transaction) -> Result<Config, postgres::Error> {
    let row = tx.query_opt("SELECT value FROM vanban_meta WHERE key = 'config'", &[])?;
    Ok(row.and_then(|r| serde_json::from_str(&r.get::<_, String>(0)).ok()).unwrap_or_default())
}

impl Postgres {
    /// Connects to the register at `url`, setting up its tables on first use (in one
    /// transaction); a database whose `vanban_meta` is another application's, or newer, is
    /// refused.
    pub fn open(url: &str) -> Result<Postgres, Diagnostic> {
        let name = redact(url);
        let mut client = Client::connect(url, NoTls).map_err(|e| error_of(&name, e))?;
        let mut tx = client.transaction().map_err(|e| error_of(&name, e))?;
        // One set-up at a time, however many clerks start at once.
        tx.batch_execute("SELECT pg_advisory_xact_lock(7260501)").map_err(|e| error_of(&name, e))?;
        let has_meta: bool = tx.query_one("SELECT to_regclass('vanban_meta') IS NOT NULL", &[]).map_err(|e| error_of(&name, e))?.get(0);
        if !has_meta {
            tx.batch_execute("CREATE TABLE vanban_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)").map_err(|e| error_of(&name, e))?;
            tx.execute(
                "INSERT INTO vanban_meta VALUES ('app', $1), ('schema_version', '0'), ('created_by', $2)",
                &[&APP, &format!("vanban {}", env!("CARGO_PKG_VERSION"))],
            )
            .map_err(|e| error_of(&name, e))?;
        }
        let app: Option<String> = tx.query_opt("SELECT value FROM vanban_meta WHERE key = 'app'", &[]).map_err(|e| error_of(&name, e))?.map(|r| r.get(0));
        if app.as_deref() != Some(APP) {
            return Err(Diagnostic::error(Msg::RegisterForeignPg).in_file(&name));
        }
        let version: i64 = tx
            .query_one("SELECT value FROM vanban_meta WHERE key = 'schema_version'", &[])
            .map_err(|e| error_of(&name, e))?
            .get::<_, String>(0)
            .parse()
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(Diagnostic::error(Msg::RegisterNewerPg { version, ours: SCHEMA_VERSION }).in_file(&name));
        }
        for (k, m) in migrations().iter().enumerate().skip(version as usize) {
            tx.batch_execute(m).map_err(|e| error_of(&name, e))?;
            tx.execute("UPDATE vanban_meta SET value = $1 WHERE key = 'schema_version'", &[&(k as i64 + 1).to_string()]).map_err(|e| error_of(&name, e))?;
        }
        tx.commit().map_err(|e| error_of(&name, e))?;
        Ok(Postgres { client, name })
    }
}

impl Store for Postgres {
    fn issue(&mut self, req: &Request) -> Result<Issued, Diagnostic> {
        let name = self.name.clone();
        let err = |e: postgres::Error| error_of(&name, e);
        let mut tx = self.client.transaction().map_err(err)?;
        // Writers one at a time; readers (list, export) are not held up.
        tx.batch_execute("LOCK TABLE vanban_entries IN SHARE ROW EXCLUSIVE MODE").map_err(err)?;
        let config = read_config(&mut tx).map_err(err)?;
        let e = &Entry { sequence: config.sequence_of(&req.entry), ..req.entry.clone() };
        let again = tx
            .query_opt(
                &format!("SELECT {COLUMNS} FROM vanban_entries WHERE issuer = $1 AND year = $2 AND hash = $3 AND void_at IS NULL ORDER BY number LIMIT 1"),
                &[&e.issuer, &e.year, &e.hash],
            )
            .map_err(err)?
            .map(|r| entry(&r));
        if let Some(found) = again {
            if req.given.is_none_or(|g| g == found.number) {
                return Ok(Issued::Again(found));
            }
        }
        let number = match req.given {
            Some(n) => {
                let taken = tx
                    .query_opt(
                        &format!("SELECT {COLUMNS} FROM vanban_entries WHERE issuer = $1 AND sequence = $2 AND year = $3 AND number = $4"),
                        &[&e.issuer, &e.sequence, &e.year, &(n as i32)],
                    )
                    .map_err(err)?
                    .map(|r| entry(&r));
                if let Some(t) = taken {
                    let (number, year, entry, date, summary) = (format!("{n:02}"), e.year, t.number_and_symbol(), t.date.clone(), t.summary.clone());
                    let msg = if t.void.is_some() {
                        Msg::RegisterVoided { number, year, entry, date, summary }
                    } else {
                        Msg::RegisterTaken { number, year, entry, date, summary }
                    };
                    return Err(Diagnostic::error(msg).in_file(&name));
                }
                n
            }
            None => {
                let max: Option<i32> = tx
                    .query_one("SELECT max(number) FROM vanban_entries WHERE issuer = $1 AND sequence = $2 AND year = $3", &[&e.issuer, &e.sequence, &e.year])
                    .map_err(err)?
                    .get(0);
                let max = max.unwrap_or(0);
                let taken: Vec<u32> = if e.sequence == SECRET {
                    Vec::new()
                } else {
                    tx.query(&format!("SELECT number FROM vanban_entries WHERE issuer = $1 AND year = $2 AND symbol = $3 AND sequence <> '{SECRET}' AND number > $4 ORDER BY number"), &[&e.issuer, &e.year, &e.symbol, &max])
                        .map_err(err)?
                        .iter()
                        .map(|r| r.get::<_, i32>(0) as u32)
                        .collect()
                };
                super::next_free(max as u32, &taken)
            }
        };
        if number > 9999 {
            return Err(Diagnostic::error(Msg::RegisterFull { issuer: e.issuer.clone(), year: e.year }).in_file(&name));
        }
        let issued_at = now();
        tx.execute(
            &format!("INSERT INTO vanban_entries ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, NULL, NULL, NULL)"),
            &[&e.issuer, &e.agency, &e.sequence, &e.year, &(number as i32), &e.symbol, &e.date, &e.kind, &e.summary, &e.signer, &e.recipients, &e.kept_by, &(e.copies as i32), &e.sent, &e.received_by, &e.note, &e.hash, &issued_at],
        )
        .map_err(err)?;
        super::sqlite::fault("in-transaction");
        tx.commit().map_err(err)?;
        super::sqlite::fault("after-commit");
        let recorded = Entry { number, issued_at, ..e.clone() };
        Ok(if req.given.is_some() { Issued::Recorded(recorded) } else { Issued::New(recorded) })
    }

    fn list(&mut self, f: &Filter) -> Result<Vec<Entry>, Diagnostic> {
        let rows = self
            .client
            .query(
                &format!("SELECT {COLUMNS} FROM vanban_entries WHERE ($1::INTEGER IS NULL OR year = $1) ORDER BY year, issuer, sequence, number"),
                &[&f.year],
            )
            .map_err(|e| error_of(&self.name, e))?;
        Ok(super::filter(rows.iter().map(entry).collect(), f))
    }

    fn void(&mut self, symbol: Option<&str>, secret: bool, year: i32, number: u32, reason: &str, who: &str) -> Result<Entry, Diagnostic> {
        let name = self.name.clone();
        let err = |e: postgres::Error| error_of(&name, e);
        let mut tx = self.client.transaction().map_err(err)?;
        tx.batch_execute("LOCK TABLE vanban_entries IN SHARE ROW EXCLUSIVE MODE").map_err(err)?;
        let found: Vec<Entry> = tx
            .query(
                &format!("SELECT {COLUMNS} FROM vanban_entries WHERE year = $1 AND number = $2 AND ($3::TEXT IS NULL OR symbol = $3) AND (sequence = '{SECRET}') = $4"),
                &[&year, &(number as i32), &symbol, &secret],
            )
            .map_err(err)?
            .iter()
            .map(entry)
            .collect();
        let e = super::one_to_void(found, year, number, &name)?;
        let at = now();
        tx.execute(
            "UPDATE vanban_entries SET void_at = $1, void_by = $2, void_reason = $3 WHERE issuer = $4 AND sequence = $5 AND year = $6 AND number = $7",
            &[&at, &who, &reason, &e.issuer, &e.sequence, &e.year, &(e.number as i32)],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Entry { void: Some((at, who.to_string(), reason.to_string())), ..e })
    }

    fn import(&mut self, entries: &[Entry]) -> Result<usize, Diagnostic> {
        let name = self.name.clone();
        let err = |e: postgres::Error| error_of(&name, e);
        let mut tx = self.client.transaction().map_err(err)?;
        tx.batch_execute("LOCK TABLE vanban_entries IN SHARE ROW EXCLUSIVE MODE").map_err(err)?;
        let config = read_config(&mut tx).map_err(err)?;
        let issued_at = now();
        for e in entries {
            let sequence = config.sequence(&e.symbol, e.sequence == SECRET);
            let taken: i64 = tx
                .query_one(
                    "SELECT count(*) FROM vanban_entries WHERE issuer = $1 AND sequence = $2 AND year = $3 AND number = $4",
                    &[&e.issuer, &sequence, &e.year, &(e.number as i32)],
                )
                .map_err(err)?
                .get(0);
            if taken > 0 {
                return Err(Diagnostic::error(Msg::RegisterImported { entry: e.number_and_symbol(), year: e.year }).in_file(&name));
            }
            tx.execute(
                &format!("INSERT INTO vanban_entries ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, NULL, NULL, NULL)"),
                &[&e.issuer, &e.agency, &sequence, &e.year, &(e.number as i32), &e.symbol, &e.date, &e.kind, &e.summary, &e.signer, &e.recipients, &e.kept_by, &(e.copies as i32), &e.sent, &e.received_by, &e.note, &e.hash, &issued_at],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(entries.len())
    }

    fn config(&mut self) -> Result<Config, Diagnostic> {
        let name = self.name.clone();
        let mut tx = self.client.transaction().map_err(|e| error_of(&name, e))?;
        read_config(&mut tx).map_err(|e| error_of(&name, e))
    }

    fn set_config(&mut self, config: &Config) -> Result<(), Diagnostic> {
        let text = serde_json::to_string(config).unwrap_or_default();
        self.client
            .execute("INSERT INTO vanban_meta (key, value) VALUES ('config', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", &[&text])
            .map(|_| ())
            .map_err(|e| error_of(&self.name, e))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(super::redact("postgres://van_thu:mat-khau@10.0.0.5:5432/so_di"), "postgres://van_thu@10.0.0.5:5432/so_di");
        assert_eq!(super::redact("postgres://localhost/so_di"), "postgres://localhost/so_di");
    }
}
