//! Diagnostics: every problem vanban reports, with where it is and how to fix it, and the
//! JSON-path locator ([`locate`]) that finds the place. Knows no rule of the decree and no
//! field of the input: the modules that check and read fill diagnostics in.

pub mod locator;

pub use locator::{char_offset, locate};

use crate::messages::{self, Lang, Msg, Text};
use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is printed, but something departs from ND30.
    Warning,
    /// Nothing is printed.
    Error,
}

/// One problem, with its place in the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code, e.g. `json-syntax`, `unknown-field`.
    pub code: &'static str,
    /// The input file (`-` for standard input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// JSON path such as `ky.chuc_vu` or `noi_dung[3].bang.dong[2]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, in the process's language ([`messages::lang`]), rendered from [`Self::msg`].
    pub message: String,
    /// How to fix it (the message's hint, in the same language).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// For a template merged with data: the data field (a column of a rows file) whose value
    /// is missing or rejected, where `path` is the place in the template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The character, counted from the start of the string at `path`, that the diagnostic is
    /// about; the line and column then point at it rather than at the string.
    #[serde(skip)]
    pub within: Option<usize>,
    /// The message itself, typed: its text in any language is [`Diagnostic::text`].
    #[serde(skip)]
    pub msg: Msg,
}

impl Diagnostic {
    /// An error with its message (and the message's code and hint) and nothing else yet.
    pub fn error(msg: Msg) -> Self {
        let lang = messages::lang();
        Diagnostic {
            severity: Severity::Error,
            code: msg.code(),
            file: None,
            path: None,
            line: None,
            column: None,
            message: msg.render(lang),
            hint: msg.hint(lang),
            field: None,
            within: None,
            msg,
        }
    }

    /// A warning with its message.
    pub fn warning(msg: Msg) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(msg) }
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.msg.render(lang)
    }

    /// The hint in `lang`.
    pub fn hint_text(&self, lang: Lang) -> Option<String> {
        self.msg.hint(lang)
    }

    /// The same diagnostic (code, place) with its message replaced by `f` of it: a message
    /// put in context (`the file X: …`).
    pub fn reword(mut self, f: impl FnOnce(Msg) -> Msg) -> Self {
        let msg = f(std::mem::replace(&mut self.msg, Msg::Empty));
        let lang = messages::lang();
        self.message = msg.render(lang);
        self.hint = msg.hint(lang);
        self.msg = msg;
        self
    }

    /// Sets the JSON path.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        self.path = if p.is_empty() || p == "." { None } else { Some(p) };
        self
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets the data field at fault (see [`Diagnostic::field`]).
    pub fn field(mut self, field: Option<String>) -> Self {
        self.field = field;
        self
    }

    /// Sets the line and column.
    pub fn line_col(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = messages::lang();
        let sev = match self.severity {
            Severity::Error => Text::Error,
            Severity::Warning => Text::Warning,
        };
        write!(f, "{}[{}]: ", sev.render(lang), self.code)?;
        if let Some(file) = &self.file {
            write!(f, "{}", printable(file))?;
            if let (Some(l), Some(c)) = (self.line, self.column) {
                write!(f, ":{l}:{c}")?;
            }
            write!(f, ": ")?;
        }
        if let Some(path) = &self.path {
            write!(f, "`{}`: ", printable(path))?;
        }
        write!(f, "{}", printable(&self.message))?;
        // A rejected value's message names the helper, not the column it came from.
        if let Some(field) = self.field.as_ref().filter(|x| !self.message.contains(&format!("{{{{{x}}}}}"))) {
            write!(f, " {}", Text::DataField { field: field.clone() }.render(lang))?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  {}: {}", Text::Hint.render(lang), printable(h))?;
        }
        Ok(())
    }
}

/// `s` with every control, bidi and invisible character written as `U+XXXX`, so that a
/// message quoting the user's text never sends raw control bytes (an escape sequence, a
/// right-to-left override) to the terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| c != '\n' && (c.is_control() || crate::vn::unwanted(c).is_some() || c == crate::vn::LINE_BREAK);
    if !s.chars().any(odd) {
        return s.into();
    }
    s.chars().map(|c| if odd(c) { format!("U+{:04X}", c as u32) } else { c.to_string() }).collect::<String>().into()
}

/// A failure made of one or more diagnostics (all errors found, plus warnings).
#[derive(Debug, Clone)]
pub struct Failure(pub Vec<Diagnostic>);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure(vec![d])
    }
}

/// Line and column (1-based, in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}
