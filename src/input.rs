//! Reading input: files or standard input, bounded in size, parsed strictly with the JSON
//! path (and line and column) of every error.

use crate::diag::locator::{segments, Seg};
use crate::diag::{line_col, Diagnostic};
use crate::messages::{Msg, Text};
use crate::model::Document;
use std::io::Read;
use std::path::Path;

/// Largest input accepted, in bytes. Real documents are a few hundred kilobytes.
pub const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads `path` (`-` for standard input) as UTF-8 text.
pub fn read_text(path: &str) -> Result<String, Diagnostic> {
    let name = path.to_string();
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    } else {
        let p = Path::new(path);
        if p.is_dir() {
            return Err(Diagnostic::error(Msg::ReadDirectory).in_file(name));
        }
        std::fs::File::open(p).and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    if let Err(e) = result {
        let msg = match e.kind() {
            std::io::ErrorKind::NotFound => Msg::FileNotFound,
            _ => Msg::CannotRead { error: e.to_string() },
        };
        return Err(Diagnostic::error(msg).in_file(name));
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(Msg::TooLarge { mb: MAX_INPUT_BYTES / 1024 / 1024 }).in_file(name));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| Diagnostic::error(Msg::Encoding { offset: e.utf8_error().valid_up_to() }).in_file(name))
}

/// Parses a document, reporting the JSON path, line and column of every error: a syntax
/// error stops there; every field of the wrong type, missing or unknown is reported at once.
pub fn parse_document(file: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    parse_as::<Document>(file, text)
}

/// Parses any of the input model's types (a document, a copy's data) as
/// [`parse_document`] does: every error at once, each with its JSON path, line and column.
pub fn parse_as<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, Vec<Diagnostic>> {
    parse_first::<T>(file, text).map_err(|first| {
        let mut all = vec![first];
        if matches!(all[0].code, "unknown-field" | "missing-field" | "unknown-value" | "wrong-type") {
            let more = more_errors::<T>(text, &all[0]);
            all.extend(more.into_iter().map(|d| {
                let d = d.in_file(file);
                match d.path.as_deref().and_then(|p| crate::locate_nearest(text, p)) {
                    Some(o) => {
                        let (l, c) = line_col(text, o);
                        d.line_col(l, c)
                    }
                    None => d,
                }
            }));
        }
        all
    })
}

/// After serde's first error, the others: the document is read as a JSON value, the value at
/// fault is set aside (a removed key, an empty value of the right shape in its place) and the
/// document read again, until it reads or 64 errors are found. What fills a missing field
/// (`{}` for a missing `ky`) is not reported again for its own missing parts.
fn more_errors<T: serde::de::DeserializeOwned>(text: &str, first: &Diagnostic) -> Vec<Diagnostic> {
    use serde_json::Value;
    let Ok(mut value) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    // Each try reads the whole document again: at most a few hundred for a document of a
    // few hundred kilobytes, a few dozen for one near the 10 MB limit.
    READS.set((50_000_000 / text.len().max(1)).clamp(20, 400));
    let first_detail = match &first.msg {
        Msg::UnknownField { detail, .. } | Msg::MissingField { detail, .. } | Msg::UnknownValue { detail, .. } | Msg::WrongType { detail } => detail.clone(),
        _ => String::new(),
    };
    let mut seen: Vec<(String, String)> = vec![(first.path.clone().unwrap_or_default(), first_detail)];
    let mut filled: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for _ in 0..256 {
        let Some((path, msg)) = first_error::<T>(&value) else { break };
        let key = (path.clone(), msg.clone());
        if !filled.iter().any(|f| within(&path, f)) && !seen.contains(&key) {
            out.push(Diagnostic::error(data_error(&msg)).at(path.clone()));
            seen.push(key);
            if out.len() >= 64 {
                break;
            }
        }
        if !repair::<T>(&mut value, &path, &msg, &mut filled) {
            break;
        }
    }
    out
}

thread_local! {
    /// Reads [`more_errors`] may still make.
    static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The first error reading `value` as a document: its path and message. None when it reads,
/// or when the reads allowed are spent (the errors found so far are then reported).
fn first_error<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<(String, String)> {
    let left = READS.get();
    if left == 0 {
        return None;
    }
    READS.set(left - 1);
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "?" || path == "." { String::new() } else { path };
            Some((path, strip_position(&e.inner().to_string())))
        }
    }
}

/// Whether `path` is `base` or inside it.
fn within(path: &str, base: &str) -> bool {
    base.is_empty() || path == base || path.strip_prefix(base).is_some_and(|r| r.starts_with('.') || r.starts_with('['))
}

/// Sets aside the value at fault so that the document reads past it (see [`more_errors`]).
fn repair<T: serde::de::DeserializeOwned>(value: &mut serde_json::Value, path: &str, msg: &str, filled: &mut Vec<String>) -> bool {
    use serde_json::Value;
    if let Some(field) = msg.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        let at = if path.is_empty() { field.to_string() } else { format!("{path}.{field}") };
        for candidate in [Value::from(""), Value::Array(vec![]), Value::from(0), Value::from(false)] {
            if try_at::<T>(value, &at, Some(candidate), |e| !within(&e.0, &at)) {
                return true;
            }
        }
        filled.push(at.clone());
        return set(value, &at, Some(Value::Object(Default::default())));
    }
    let mut at = path.to_string();
    loop {
        let here = at.clone();
        // A consequence of the change: an error at the same place, inside it, at a parent
        // whose shape changed, or the removed field now missing.
        let ok = |e: &(String, String)| {
            let parent = here.len() > e.0.len() && within(&here, &e.0);
            let missing_it = e.1.strip_prefix("missing field `").and_then(|r| r.split('`').next()).is_some_and(|f| {
                let m = if e.0.is_empty() { f.to_string() } else { format!("{}.{f}", e.0) };
                m == here
            });
            !within(&e.0, &here) && (!parent || e.1.starts_with("missing field")) && !missing_it
        };
        for candidate in
            [None, Some(Value::from("")), Some(Value::Array(vec![])), Some(Value::from(0)), Some(Value::from(false)), Some(Value::Object(Default::default()))]
        {
            if try_at::<T>(value, &here, candidate, ok) {
                return true;
            }
        }
        // Nothing fits here: set aside the value that holds it.
        match here.rfind(['.', '[']) {
            Some(cut) => at.truncate(cut),
            None => return false,
        }
    }
}

/// Puts `candidate` at `path` (none: removes the key) and keeps it if the document then
/// reads, or its first error passes `ok`; otherwise puts the old value back.
fn try_at<T: serde::de::DeserializeOwned>(
    value: &mut serde_json::Value,
    path: &str,
    candidate: Option<serde_json::Value>,
    ok: impl Fn(&(String, String)) -> bool,
) -> bool {
    let old = get(value, path).cloned();
    if !set(value, path, candidate) {
        return false;
    }
    if first_error::<T>(value).is_none_or(|e| ok(&e)) {
        return true;
    }
    set(value, path, old);
    false
}

fn get<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut v = value;
    for s in segments(path)? {
        v = match s {
            Seg::Key(k) => v.get(k.as_str())?,
            Seg::Index(i) => v.get(i)?,
        };
    }
    Some(v)
}

/// Sets (or with `None` removes) the value at `path`; false if its parent is not there or a
/// removal is asked of an array element.
fn set(value: &mut serde_json::Value, path: &str, new: Option<serde_json::Value>) -> bool {
    let Some(mut segs) = segments(path) else { return false };
    let Some(last) = segs.pop() else { return false };
    let mut v = value;
    for s in segs {
        let next = match s {
            Seg::Key(k) => v.get_mut(k.as_str()),
            Seg::Index(i) => v.get_mut(i),
        };
        match next {
            Some(n) => v = n,
            None => return false,
        }
    }
    match (last, new, v) {
        (Seg::Key(k), Some(n), serde_json::Value::Object(m)) => {
            m.insert(k, n);
            true
        }
        (Seg::Key(k), None, serde_json::Value::Object(m)) => m.remove(&k).is_some(),
        (Seg::Index(i), Some(n), serde_json::Value::Array(a)) if i < a.len() => {
            a[i] = n;
            true
        }
        _ => false,
    }
}

/// serde's message of a data error (`unknown field `x`, expected …`) as the diagnostic of
/// its kind: the name or value it quotes taken out for the other language, serde's own words
/// kept as the English text.
fn data_error(msg: &str) -> Msg {
    let quoted = || msg.split('`').nth(1).unwrap_or_default().to_string();
    let detail = msg.to_string();
    if msg.starts_with("unknown field") {
        Msg::UnknownField { field: quoted(), detail }
    } else if msg.starts_with("missing field") {
        Msg::MissingField { field: quoted(), detail }
    } else if msg.starts_with("unknown variant") {
        Msg::UnknownValue { value: quoted(), detail }
    } else {
        Msg::WrongType { detail }
    }
}

/// Parses a document, reporting the JSON path, line and column of the first error.
fn parse_first<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(Msg::EmptyFile).in_file(file));
    }
    let first = text.trim_start().chars().next().unwrap_or(' ');
    if first != '{' && first != '/' {
        let what = match first {
            '[' => Text::FoundArray,
            '"' => Text::FoundString,
            c if c.is_ascii_digit() || c == '-' => Text::FoundNumber,
            _ => Text::FoundOther,
        };
        let (l, c) = line_col(text, text.len() - text.trim_start().len());
        return Err(Diagnostic::error(Msg::NotADocument { found: Box::new(what) }).in_file(file).line_col(l, c));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: T = serde_path_to_error::deserialize(&mut de).map_err(|e| json_error(file, text, e))?;
    de.end().map_err(|e| Diagnostic::error(Msg::JsonTrailing { detail: strip_position(&e.to_string()) }).in_file(file).line_col(e.line(), e.column()))?;
    Ok(doc)
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn json_error(file: &str, text: &str, e: serde_path_to_error::Error<serde_json::Error>) -> Diagnostic {
    use serde_json::error::Category;
    let path = e.path().to_string();
    let inner = e.inner();
    let msg = strip_position(&inner.to_string());
    let (line, col) = (inner.line(), inner.column());
    let (line, col) = if line == 0 { line_col(text, 0) } else { (line, col.max(1)) };
    // serde_path_to_error says `?` where the path is unknown (syntax errors).
    let path = if path == "?" || path == "." { String::new() } else { path };
    let d = match inner.classify() {
        Category::Syntax | Category::Eof => Diagnostic::error(Msg::JsonSyntax { detail: msg }),
        Category::Io => Diagnostic::error(Msg::JsonIo { detail: msg }),
        Category::Data => Diagnostic::error(data_error(&msg)),
    };
    d.in_file(file).at(path).line_col(line, col)
}

/// A JSON value as the text a person typed: a string as it is, `null` as nothing, a number or
/// `true`/`false` as written. (A template's value printed, a spreadsheet cell read as text.)
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}
