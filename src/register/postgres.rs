//! The register on a PostgreSQL server, for an office whose clerks work on several machines:
//! the same schema and guarantees as the SQLite file (tables `vanban_meta`, `vanban_entries`),
//! every number taken in one transaction that first locks the register's entries against
//! other writers (readers go on), UNIQUE constraints as the last line of defence. A
//! database whose `vanban_meta` says something else, or a newer schema, is refused untouched.

use super::algorithm::{entry_of, Columns, Database, Transaction, Tx};
use super::{entries_table, schema_version, symbol_unique, Entry, APP, COLUMNS, SCHEMA_VERSION, SECRET};
use crate::diag::Diagnostic;
use crate::messages::Msg;
use postgres::{Client, GenericClient, NoTls, Row};

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

/// A row of `SELECT {COLUMNS}`, with the register's name for its errors.
struct PgRow<'a>(&'a Row, &'a str);

impl Columns for PgRow<'_> {
    type Error = Diagnostic;
    fn text(&self, i: usize) -> Result<String, Diagnostic> {
        self.0.try_get(i).map_err(|e| error_of(self.1, e))
    }
    fn maybe_text(&self, i: usize) -> Result<Option<String>, Diagnostic> {
        self.0.try_get(i).map_err(|e| error_of(self.1, e))
    }
    fn year(&self, i: usize) -> Result<i32, Diagnostic> {
        self.0.try_get(i).map_err(|e| error_of(self.1, e))
    }
    fn count(&self, i: usize) -> Result<u32, Diagnostic> {
        let v: i32 = self.0.try_get(i).map_err(|e| error_of(self.1, e))?;
        u32::try_from(v).map_err(|_| Diagnostic::error(Msg::RegisterOutOfRange { value: i64::from(v) }).in_file(self.1))
    }
}

fn entries(rows: &[Row], name: &str) -> Result<Vec<Entry>, Diagnostic> {
    rows.iter().map(|r| entry_of(&PgRow(r, name))).collect()
}

/// A number or a count as the table's INTEGER column takes it: a value beyond it is refused,
/// never wrapped.
fn int(n: u32, name: &str) -> Result<i32, Diagnostic> {
    i32::try_from(n).map_err(|_| Diagnostic::error(Msg::RegisterTooLarge { value: n }).in_file(name))
}

fn read_config(c: &mut impl GenericClient) -> Result<Option<String>, postgres::Error> {
    Ok(c.query_opt("SELECT value FROM vanban_meta WHERE key = 'config'", &[])?.map(|r| r.get(0)))
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
        let version: String =
            tx.query_one("SELECT value FROM vanban_meta WHERE key = 'schema_version'", &[]).map_err(|e| error_of(&name, e))?.get::<_, String>(0);
        let version = schema_version(&version).ok_or_else(|| Diagnostic::error(Msg::RegisterBadVersionPg { found: version }).in_file(&name))?;
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

impl<'a> Transaction for Tx<'a, postgres::Transaction<'a>> {
    fn config_text(&mut self) -> Result<Option<String>, Diagnostic> {
        read_config(&mut self.tx).map_err(|e| error_of(self.name, e))
    }

    fn find_by_hash(&mut self, issuer: &str, year: i32, hash: &str) -> Result<Option<Entry>, Diagnostic> {
        let sql = format!("SELECT {COLUMNS} FROM vanban_entries WHERE issuer = $1 AND year = $2 AND hash = $3 AND void_at IS NULL ORDER BY number LIMIT 1");
        let row = self.tx.query_opt(&sql, &[&issuer, &year, &hash]).map_err(|e| error_of(self.name, e))?;
        row.map(|r| entry_of(&PgRow(&r, self.name))).transpose()
    }

    fn find_number(&mut self, issuer: &str, sequence: &str, year: i32, number: u32) -> Result<Option<Entry>, Diagnostic> {
        let sql = format!("SELECT {COLUMNS} FROM vanban_entries WHERE issuer = $1 AND sequence = $2 AND year = $3 AND number = $4");
        let row = self.tx.query_opt(&sql, &[&issuer, &sequence, &year, &int(number, self.name)?]).map_err(|e| error_of(self.name, e))?;
        row.map(|r| entry_of(&PgRow(&r, self.name))).transpose()
    }

    fn highest(&mut self, issuer: &str, sequence: &str, year: i32) -> Result<u32, Diagnostic> {
        let sql = "SELECT COALESCE(max(number), 0) FROM vanban_entries WHERE issuer = $1 AND sequence = $2 AND year = $3";
        let row = self.tx.query_one(sql, &[&issuer, &sequence, &year]).map_err(|e| error_of(self.name, e))?;
        PgRow(&row, self.name).count(0)
    }

    fn numbers_of_symbol(&mut self, issuer: &str, year: i32, symbol: &str, above: u32) -> Result<Vec<u32>, Diagnostic> {
        let sql = format!(
            "SELECT number FROM vanban_entries WHERE issuer = $1 AND year = $2 AND symbol = $3 AND sequence <> '{SECRET}' AND number > $4 ORDER BY number"
        );
        let rows = self.tx.query(&sql, &[&issuer, &year, &symbol, &int(above, self.name)?]).map_err(|e| error_of(self.name, e))?;
        rows.iter().map(|r| PgRow(r, self.name).count(0)).collect()
    }

    fn find_to_void(&mut self, symbol: Option<&str>, secret: bool, year: i32, number: u32) -> Result<Vec<Entry>, Diagnostic> {
        let sql = format!(
            "SELECT {COLUMNS} FROM vanban_entries WHERE year = $1 AND number = $2 AND ($3::TEXT IS NULL OR symbol = $3) AND (sequence = '{SECRET}') = $4"
        );
        let rows = self.tx.query(&sql, &[&year, &int(number, self.name)?, &symbol, &secret]).map_err(|e| error_of(self.name, e))?;
        entries(&rows, self.name)
    }

    fn insert(&mut self, e: &Entry) -> Result<(), Diagnostic> {
        let sql = format!(
            "INSERT INTO vanban_entries ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, NULL, NULL, NULL)"
        );
        let (number, copies) = (int(e.number, self.name)?, int(e.copies, self.name)?);
        let values: [&(dyn postgres::types::ToSql + Sync); 18] = [
            &e.issuer,
            &e.agency,
            &e.sequence,
            &e.year,
            &number,
            &e.symbol,
            &e.date,
            &e.kind,
            &e.summary,
            &e.signer,
            &e.recipients,
            &e.kept_by,
            &copies,
            &e.sent,
            &e.received_by,
            &e.note,
            &e.hash,
            &e.issued_at,
        ];
        self.tx.execute(&sql, &values).map(|_| ()).map_err(|x| error_of(self.name, x))
    }

    fn set_void(&mut self, e: &Entry, at: &str, who: &str, reason: &str) -> Result<(), Diagnostic> {
        let sql = "UPDATE vanban_entries SET void_at = $1, void_by = $2, void_reason = $3 WHERE issuer = $4 AND sequence = $5 AND year = $6 AND number = $7";
        let number = int(e.number, self.name)?;
        self.tx.execute(sql, &[&at, &who, &reason, &e.issuer, &e.sequence, &e.year, &number]).map(|_| ()).map_err(|x| error_of(self.name, x))
    }

    fn commit(self) -> Result<(), Diagnostic> {
        let name = self.name;
        self.tx.commit().map_err(|e| error_of(name, e))
    }
}

impl Database for Postgres {
    type Tx<'a> = Tx<'a, postgres::Transaction<'a>>;

    fn name(&self) -> &str {
        &self.name
    }

    /// A transaction that first locks the register's entries against other writers.
    fn begin(&mut self) -> Result<Self::Tx<'_>, Diagnostic> {
        let name = &self.name;
        let mut tx = self.client.transaction().map_err(|e| error_of(name, e))?;
        // Writers one at a time; readers (list, export) are not held up.
        tx.batch_execute("LOCK TABLE vanban_entries IN SHARE ROW EXCLUSIVE MODE").map_err(|e| error_of(name, e))?;
        Ok(Tx { tx, name })
    }

    fn entries(&mut self, year: Option<i32>) -> Result<Vec<Entry>, Diagnostic> {
        let sql = format!("SELECT {COLUMNS} FROM vanban_entries WHERE ($1::INTEGER IS NULL OR year = $1) ORDER BY year, issuer, sequence, number");
        let rows = self.client.query(&sql, &[&year]).map_err(|e| error_of(&self.name, e))?;
        entries(&rows, &self.name)
    }

    fn config_text(&mut self) -> Result<Option<String>, Diagnostic> {
        let name = &self.name;
        let mut tx = self.client.transaction().map_err(|e| error_of(name, e))?;
        read_config(&mut tx).map_err(|e| error_of(name, e))
    }

    fn write_config(&mut self, text: &str) -> Result<(), Diagnostic> {
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
