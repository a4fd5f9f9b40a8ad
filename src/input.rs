//! Reading input: files or standard input, bounded in size, parsed strictly with the JSON
//! path (and line and column) of every error.

use crate::diag::{line_col, Diagnostic};
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
            return Err(Diagnostic::error("read", "is a directory, expected a JSON file").in_file(name));
        }
        std::fs::File::open(p).and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    if let Err(e) = result {
        let msg = match e.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            _ => format!("cannot read: {e}"),
        };
        return Err(Diagnostic::error("read", msg).in_file(name));
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            "too-large",
            format!("input is larger than {} MB", MAX_INPUT_BYTES / 1024 / 1024),
        )
        .in_file(name)
        .hint("split the document; vanban reads at most 10 MB per input"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error("encoding", format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
            .in_file(name)
            .hint("save the file as UTF-8")
    })
}

/// Parses a document, reporting the JSON path, line and column of the first error.
pub fn parse_document(file: &str, text: &str) -> Result<Document, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty", "the file is empty, expected a JSON object").in_file(file));
    }
    let first = text.trim_start().chars().next().unwrap_or(' ');
    if first != '{' && first != '/' {
        let what = match first {
            '[' => "an array",
            '"' => "a string",
            c if c.is_ascii_digit() || c == '-' => "a number",
            _ => "something else",
        };
        let (l, c) = line_col(text, text.len() - text.trim_start().len());
        return Err(Diagnostic::error("not-a-document", format!("expected a JSON object (one document), found {what}"))
            .in_file(file)
            .line_col(l, c)
            .hint("a document is one object: { \"loai\": …, \"co_quan\": …, … }; see `vanban new ke-hoach`"));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: Document = serde_path_to_error::deserialize(&mut de).map_err(|e| json_error(file, text, e))?;
    de.end().map_err(|e| {
        Diagnostic::error("json-syntax", strip_position(&e.to_string()))
            .in_file(file)
            .line_col(e.line(), e.column())
            .hint("only one JSON object per file")
    })?;
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
        Category::Syntax | Category::Eof => {
            Diagnostic::error("json-syntax", msg).hint("check commas, quotes and brackets near this place")
        }
        Category::Io => Diagnostic::error("read", msg),
        Category::Data => {
            let (code, hint) = if msg.starts_with("unknown field") {
                ("unknown-field", "field names are Vietnamese without diacritics; see `vanban schema`")
            } else if msg.starts_with("missing field") {
                ("missing-field", "add the field; see `vanban schema` for the format")
            } else if msg.starts_with("unknown variant") {
                ("unknown-value", "use one of the values listed")
            } else {
                ("wrong-type", "see `vanban schema` for the expected type")
            };
            Diagnostic::error(code, msg).hint(hint)
        }
    };
    d.in_file(file).at(path).line_col(line, col)
}
