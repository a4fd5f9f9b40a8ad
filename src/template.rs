//! Templates: a document in the input format whose strings hold handlebars expressions
//! (strict: a placeholder without a value is an error) and whose block and row lists may
//! repeat (`lap`) or be conditional (`neu`). Merging a template with one data row gives a
//! [`Document`]. Data values are always text: their `*` and `\` are escaped where the text
//! is read for inline styles, and they are never parsed as a template themselves.

use crate::diag::locate;
use crate::diag::{line_col, Diagnostic};
use crate::input::value_text as plain;
use crate::messages::Msg;
use crate::model::Document;
use crate::sheet::value_number as number;
use crate::vn;
use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError, RenderErrorReason, Renderable, StringOutput,
};
use serde_json::{Map, Value};

/// Templates shipped with vanban, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("phieu-bao-cao-quy", include_str!("../templates/phieu-bao-cao-quy.json")),
    ("bao-cao-quy", include_str!("../templates/bao-cao-quy.json")),
    ("bao-cao-tong-hop-quy", include_str!("../templates/bao-cao-tong-hop-quy.json")),
];

/// A loaded template, its strings compiled once.
pub struct Template {
    /// File name (or shipped name) for messages.
    pub name: String,
    text: String,
    value: Value,
    /// Strings printed as they are.
    plain: Handlebars<'static>,
    /// Strings read for inline styles: data values have `*` and `\` escaped.
    markup: Handlebars<'static>,
    /// Sections that are not part of the document (see [`SECTIONS`]), by key.
    sections: Map<String, Value>,
}

/// Top-level keys of a template that are not part of the document: `bieu_mau`, the
/// fillable form the template's rows are collected with (see `crate::form`), and
/// `tong_hop`, how a summary report aggregates returned forms (see `crate::aggregate`).
/// `gioi_thieu` says what the template is for and what its data columns hold, for the clerk
/// (see [`Template::about`]).
/// Their strings are compiled like the document's and rendered with [`Template::render_at`].
pub const SECTIONS: &[&str] = &["bieu_mau", "tong_hop", "gioi_thieu"];

/// What a template says of itself (`gioi_thieu`): its Vietnamese title and description, and
/// of each data column its name, an example and its fixed values.
#[derive(Debug, Clone, Default)]
pub struct About {
    /// The title a clerk chooses it by; the template's name when it gives none.
    pub title: String,
    /// What it makes, from what.
    pub description: String,
    /// (field, what it holds, an example, its fixed values), in the template's order.
    pub columns: Vec<(String, String, String, Vec<String>)>,
}

/// Keys whose values are numbers or booleans in the document format: after merging, a
/// string there is read as one.
const NUMBER_KEYS: &[&str] = &["so", "gop_cot", "gop_dong", "cap", "co_chu", "gia_tri", "toi_da"];
const BOOL_KEYS: &[&str] = &["ngang", "dam", "nghieng", "thut_dau"];
/// Optional keys left out of the document when their merged text is empty (a template's
/// `"hinh_thuc": "{{mac_dinh ky.hinh_thuc \"\"}}"` for a signature that may or may not be `KT.`).
const OPTIONAL_KEYS: &[&str] = &[
    "hinh_thuc",
    "thay_mat",
    "ky_hieu",
    "don_vi_soan_thao",
    "tham_quyen",
    "ghi_chu",
    "ten_goi",
    "kem_theo",
    "dia_chi",
    "dien_thoai",
    "fax",
    "email",
    "website",
];

impl Template {
    /// A shipped template by name, or a template file by path.
    pub fn load(name_or_path: &str) -> Result<Template, Vec<Diagnostic>> {
        if let Some((name, text)) = SHIPPED.iter().find(|(n, _)| *n == name_or_path) {
            return Template::from_text(name, text);
        }
        let text = crate::input::read_text(name_or_path).map_err(|d| {
            if d.msg == Msg::FileNotFound && !name_or_path.contains(['/', '.']) {
                let names: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
                return vec![d.reword(|_| Msg::TemplateNotFound { templates: names.join(", ") })];
            }
            vec![d]
        })?;
        Template::from_text(name_or_path, &text)
    }

    /// A template from its JSON text; `name` is used in messages.
    pub fn from_text(name: &str, text: &str) -> Result<Template, Vec<Diagnostic>> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| vec![Diagnostic::error(Msg::TemplateJson { detail: e.to_string() }).in_file(name).line_col(e.line(), e.column().max(1))])?;
        if !value.is_object() {
            return Err(vec![Diagnostic::error(Msg::TemplateNotObject).in_file(name)]);
        }
        let mut t = Template {
            name: name.to_string(),
            text: text.to_string(),
            value: Value::Null,
            plain: registry(false),
            markup: registry(true),
            sections: Map::new(),
        };
        let mut errors = Vec::new();
        t.compile(&value, "", &mut errors);
        let mut value = value;
        if let Value::Object(m) = &mut value {
            for key in SECTIONS {
                if let Some(v) = m.remove(*key) {
                    t.sections.insert(key.to_string(), v);
                }
            }
        }
        t.value = value;
        t.check_about(&mut errors);
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(errors)
        }
    }

    /// The template's title, description and columns as its `gioi_thieu` gives them.
    pub fn about(&self) -> About {
        let g = self.section("gioi_thieu");
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").trim().to_string();
        let title = text(g.and_then(|g| g.get("ten")));
        let columns = g
            .and_then(|g| g.get("cot"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|c| {
                        let values = c
                            .get("gia_tri")
                            .and_then(Value::as_array)
                            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                            .unwrap_or_default();
                        (text(c.get("truong")), text(c.get("ten")), text(c.get("vi_du")), values)
                    })
                    .collect()
            })
            .unwrap_or_default();
        About { title: if title.is_empty() { self.name.clone() } else { title }, description: text(g.and_then(|g| g.get("mo_ta"))), columns }
    }

    /// `gioi_thieu` as [`Template::about`] reads it, every departure an error at its path (a
    /// value of another shape would be read as nothing): `ten` and `mo_ta` texts; `cot` a list
    /// of columns, each with its `truong` and optionally `ten`, `vi_du` (texts) and `gia_tri`
    /// (a list of texts); no other key.
    fn check_about(&self, errors: &mut Vec<Diagnostic>) {
        let Some(g) = self.section("gioi_thieu") else { return };
        let keys = |v: &Value, path: &str, known: &[&str], errors: &mut Vec<Diagnostic>| match v.as_object() {
            None => errors.push(self.diag(path, Msg::TemplateNotGroup { path: path.to_string() })),
            Some(o) => {
                for k in o.keys().filter(|k| !known.contains(&k.as_str())) {
                    errors.push(self.diag(&format!("{path}.{k}"), Msg::TemplateUnknownKey { path: format!("{path}.{k}"), known: known.join(", ") }));
                }
            }
        };
        let text = |v: Option<&Value>, path: String, errors: &mut Vec<Diagnostic>| {
            if v.is_some_and(|v| !v.is_string()) {
                errors.push(self.diag(&path, Msg::TemplateNotText { path: path.clone() }));
            }
        };
        keys(g, "gioi_thieu", &["ten", "mo_ta", "cot"], errors);
        text(g.get("ten"), "gioi_thieu.ten".into(), errors);
        text(g.get("mo_ta"), "gioi_thieu.mo_ta".into(), errors);
        let Some(cot) = g.get("cot") else { return };
        let Some(columns) = cot.as_array() else {
            return errors.push(self.diag("gioi_thieu.cot", Msg::TemplateNotList { path: "gioi_thieu.cot".into() }));
        };
        for (i, c) in columns.iter().enumerate() {
            let at = format!("gioi_thieu.cot[{i}]");
            keys(c, &at, &["truong", "ten", "vi_du", "gia_tri"], errors);
            if !c.is_object() {
                continue;
            }
            if c.get("truong").and_then(Value::as_str).is_none_or(|f| f.trim().is_empty()) {
                errors.push(self.diag(&at, Msg::TemplateColumnField { path: format!("{at}.truong") }));
            }
            text(c.get("ten"), format!("{at}.ten"), errors);
            text(c.get("vi_du"), format!("{at}.vi_du"), errors);
            match c.get("gia_tri") {
                None => {}
                Some(Value::Array(values)) => {
                    for (k, v) in values.iter().enumerate() {
                        text(Some(v), format!("{at}.gia_tri[{k}]"), errors);
                    }
                }
                Some(_) => errors.push(self.diag(&format!("{at}.gia_tri"), Msg::TemplateNotList { path: format!("{at}.gia_tri") })),
            }
        }
    }

    /// A section of the template that is not part of the document (see [`SECTIONS`]).
    pub fn section(&self, key: &str) -> Option<&Value> {
        self.sections.get(key)
    }

    /// A diagnostic about the template at `path` (a section's field), with its line and column.
    pub fn error_at(&self, path: &str, msg: Msg) -> Diagnostic {
        self.diag(path, msg)
    }

    /// Renders the string of a section at `path` (e.g. `bieu_mau.tieu_de`) with `data`:
    /// the string itself when it holds no placeholder.
    pub fn render_at(&self, path: &str, data: &Value, row: &str) -> Result<String, Diagnostic> {
        let text = lookup_path(&self.sections, path);
        match text {
            Some(Value::String(s)) if s.contains("{{") => self.plain.render(path, data).map_err(|e| self.render_error(path, &e, row)),
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(self.diag(path, Msg::TemplateNotText { path: path.to_string() })),
        }
    }

    /// Line and column of the template string at `path`.
    fn position(&self, path: &str) -> Option<(usize, usize)> {
        locate(&self.text, path).map(|o| line_col(&self.text, o))
    }

    fn diag(&self, path: &str, msg: Msg) -> Diagnostic {
        let mut d = Diagnostic::error(msg).in_file(&self.name).at(path);
        if let Some((l, c)) = self.position(path) {
            d = d.line_col(l, c);
        }
        d
    }

    /// A diagnostic of merging one row: `row: message`, or the message alone when `row` is
    /// empty (the caller names the row itself, as bulk does).
    fn row_diag(&self, path: &str, row: &str, msg: Msg) -> Diagnostic {
        let msg = if row.is_empty() { msg } else { Msg::InContext { context: row.to_string(), inner: Box::new(msg) } };
        self.diag(path, msg)
    }

    /// Registers every string holding `{{` under its JSON path.
    fn compile(&mut self, v: &Value, path: &str, errors: &mut Vec<Diagnostic>) {
        match v {
            Value::String(s) if s.contains("{{") => {
                let reg = if is_markup(path) { &mut self.markup } else { &mut self.plain };
                if let Err(e) = reg.register_template_string(path, s) {
                    let (l, c) = e.pos().unwrap_or((1, 1));
                    let d = self.diag(path, Msg::TemplateSyntax { reason: e.reason().to_string(), line: l, column: c });
                    errors.push(d);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    self.compile(x, &format!("{path}[{i}]"), errors);
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    self.compile(x, &p, errors);
                }
            }
            _ => {}
        }
    }

    /// Merges one data row into a document. `row` names the row in messages (the data file
    /// of `render --data`); empty where the caller names the row itself (bulk).
    pub fn merge(&self, data: &Value, row: &str) -> Result<Document, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let ctx = Context::wraps(data).map_err(|e| vec![self.row_diag("", row, Msg::TemplateRowValue { detail: e.to_string() })])?;
        let merged = self.expand(&self.value, "", &Scope::new(data, &ctx), row, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        serde_path_to_error::deserialize::<_, Document>(merged).map_err(|e| {
            let path = e.path().to_string();
            vec![self.row_diag(&path, row, Msg::TemplateResult { detail: e.inner().to_string() })]
        })
    }

    fn expand(&self, v: &Value, path: &str, ctx: &Scope, row: &str, errors: &mut Vec<Diagnostic>) -> Value {
        match v {
            Value::String(s) if s.contains("{{") => {
                let reg = if is_markup(path) { &self.markup } else { &self.plain };
                match ctx.render(reg, path) {
                    Ok(out) => Value::String(out),
                    Err(e) => {
                        errors.push(self.render_error(path, &e, row));
                        Value::Null
                    }
                }
            }
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let ip = format!("{path}[{i}]");
                    match structural(item) {
                        Some(("lap", spec)) => self.repeat(spec, &format!("{ip}.lap"), ctx, row, errors, &mut out),
                        Some(("neu", spec)) => self.when(spec, &format!("{ip}.neu"), ctx, row, errors, &mut out),
                        _ => out.push(self.expand(item, &ip, ctx, row, errors)),
                    }
                }
                Value::Array(out)
            }
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, x) in m {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    let mut val = self.expand(x, &p, ctx, row, errors);
                    let placeholder = x.as_str().is_some_and(|s| s.contains("{{"));
                    // What a placeholder gave is read as the format wants it; text the
                    // template wrote itself is left as written (an appendix's `"so": "1"`).
                    if placeholder {
                        coerce(k, &mut val);
                    }
                    let empty = val.is_null() || val.as_str().is_some_and(|s| s.trim().is_empty());
                    if !((k == "so" && val.is_null()) || (placeholder && empty && OPTIONAL_KEYS.contains(&k.as_str()))) {
                        out.insert(k.clone(), val);
                    }
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    /// `{"lap": {"theo": "list", "ten": "item", "noi_dung"|"dong": [...]}}`.
    fn repeat(&self, spec: &Map<String, Value>, path: &str, ctx: &Scope, row: &str, errors: &mut Vec<Diagnostic>, out: &mut Vec<Value>) {
        let (Some(Value::String(over)), Some((key, Value::Array(body)))) = (spec.get("theo"), body_of(spec)) else {
            errors.push(self.diag(path, Msg::TemplateLap));
            return;
        };
        let name = match spec.get("ten") {
            None => "muc",
            Some(Value::String(n)) => n.as_str(),
            Some(_) => {
                errors.push(self.diag(&format!("{path}.ten"), Msg::TemplateLapName));
                return;
            }
        };
        let len = match ctx.get(over) {
            Some(Value::Array(a)) => a.len(),
            Some(Value::Null) | None => {
                errors.push(self.row_diag(&format!("{path}.theo"), row, Msg::TemplateLapMissing { over: over.clone() }).field(Some(over.clone())));
                return;
            }
            Some(_) => {
                errors.push(self.row_diag(&format!("{path}.theo"), row, Msg::TemplateLapNotList { over: over.clone() }).field(Some(over.clone())));
                return;
            }
        };
        let list_path = ctx.resolve(over);
        let body = Value::Array(body.clone());
        for i in 0..len {
            let mut item_path = list_path.clone();
            item_path.push(i.to_string());
            let inner = ctx.with(name, item_path, i + 1);
            if let Value::Array(items) = self.expand(&body, &format!("{path}.{key}"), &inner, row, errors) {
                out.extend(items);
            }
        }
    }

    /// `{"neu": {"dieu_kien": "field" | "!field", "noi_dung"|"dong": [...]}}`.
    fn when(&self, spec: &Map<String, Value>, path: &str, ctx: &Scope, row: &str, errors: &mut Vec<Diagnostic>, out: &mut Vec<Value>) {
        let (Some(Value::String(cond)), Some((key, body @ Value::Array(_)))) = (spec.get("dieu_kien"), body_of(spec)) else {
            errors.push(self.diag(path, Msg::TemplateNeu));
            return;
        };
        let (negate, field) = match cond.strip_prefix('!') {
            Some(f) => (true, f.trim()),
            None => (false, cond.trim()),
        };
        if truthy(ctx.get(field)) != negate {
            if let Value::Array(items) = self.expand(body, &format!("{path}.{key}"), ctx, row, errors) {
                out.extend(items);
            }
        }
    }

    fn render_error(&self, path: &str, e: &RenderError, row: &str) -> Diagnostic {
        match e.reason() {
            RenderErrorReason::MissingVariable(var) => {
                let msg = var.as_ref().map_or(Msg::TemplateMissingUnnamed, |v| Msg::TemplateMissing { var: v.clone() });
                self.row_diag(path, row, msg).field(var.clone())
            }
            RenderErrorReason::NestedError(inner) => match inner.downcast_ref::<BadValue>() {
                Some(bad) => self.row_diag(path, row, bad.message.clone()).field(bad.field.clone()),
                None => self.row_diag(path, row, Msg::TemplateValue { detail: inner.to_string() }),
            },
            other => self.row_diag(path, row, Msg::TemplateValue { detail: other.to_string() }),
        }
    }

    /// The data fields the template's placeholders read (what a rows file's header holds),
    /// found by merging a row with no value at all.
    pub fn fields(&self) -> Vec<String> {
        // A string stops at its first missing placeholder, and a `neu` block is read only
        // when its field has a value: probe again with what was found, until nothing new.
        let mut out: Vec<String> = Vec::new();
        for _ in 0..500 {
            let Err(errs) = self.probe(&out) else { break };
            let before = out.len();
            for f in errs.into_iter().filter_map(|e| e.field) {
                if !out.contains(&f) && !out.iter().any(|o| f.starts_with(&format!("{o}."))) {
                    out.push(f);
                }
            }
            if out.len() == before {
                break;
            }
        }
        out
    }

    /// Checks the template against the columns of a rows file before any row is rendered:
    /// a placeholder that no column can fill is an error of the template.
    pub fn probe(&self, headers: &[String]) -> Result<(), Vec<Diagnostic>> {
        // A row with a value in every column.
        let row = crate::rows::nest(headers, headers.iter().map(|_| Some(Value::from("1"))).collect());
        let mut errors = Vec::new();
        if let Ok(ctx) = Context::wraps(&row) {
            self.expand(&self.value, "", &Scope::new(&row, &ctx), "", &mut errors);
        }
        // Only what no row can satisfy; a value a helper rejects is a matter of each row.
        errors.retain(|e| matches!(e.code, "template-missing" | "template-lap" | "template-neu"));
        if errors.is_empty() {
            Ok(())
        } else {
            let errors = errors
                .into_iter()
                .map(|e| {
                    e.reword(|m| match m {
                        Msg::TemplateMissing { var } => Msg::TemplateMissingAnyColumn { var },
                        Msg::TemplateMissingUnnamed => Msg::TemplateMissingUnnamedAnyColumn,
                        other => other,
                    })
                })
                .collect();
            Err(errors)
        }
    }
}

/// A file-name pattern such as `{{truong.ma}}-{{truong.ten}}`, compiled once for a run.
pub struct NamePattern(Handlebars<'static>);

impl NamePattern {
    /// Compiles `pattern`; a syntax error is reported before any row is read.
    pub fn new(pattern: &str) -> Result<NamePattern, Diagnostic> {
        let mut reg = registry(false);
        reg.register_template_string("name", pattern)
            .map_err(|e| Diagnostic::error(Msg::NamePattern { pattern: pattern.to_string(), reason: e.reason().to_string() }))?;
        Ok(NamePattern(reg))
    }

    /// The name for one row.
    pub fn render(&self, data: &Value) -> Result<String, String> {
        self.0.render("name", data).map_err(|e| e.to_string())
    }
}

fn structural(v: &Value) -> Option<(&str, &Map<String, Value>)> {
    let m = v.as_object()?;
    if m.len() != 1 {
        return None;
    }
    let (k, inner) = m.iter().next()?;
    match (k.as_str(), inner) {
        ("lap", Value::Object(spec)) => Some(("lap", spec)),
        ("neu", Value::Object(spec)) => Some(("neu", spec)),
        _ => None,
    }
}

fn body_of(spec: &Map<String, Value>) -> Option<(&'static str, &Value)> {
    spec.get("noi_dung").map(|b| ("noi_dung", b)).or_else(|| spec.get("dong").map(|b| ("dong", b)))
}

/// Strings read for inline styles: under a `noi_dung`, except labels.
fn is_markup(path: &str) -> bool {
    path.contains("noi_dung") && !path.ends_with(".nhan")
}

/// Where a merge is: the data (made handlebars' context once per merge) and the names each
/// enclosing `lap` gave, each a path into the data, never a copy of it: a `lap` over a
/// thousand units, inside which every string may name anything of the data, costs a thousand
/// small paths, not a thousand copies of the data.
#[derive(Clone)]
struct Scope<'a> {
    data: &'a Value,
    ctx: &'a Context,
    /// `lap` names, outermost first, with the path of the item in the data.
    locals: Vec<(String, Vec<String>)>,
    /// The innermost `lap`'s item number, from 1.
    stt: Option<usize>,
}

impl<'a> Scope<'a> {
    fn new(data: &'a Value, ctx: &'a Context) -> Scope<'a> {
        Scope { data, ctx, locals: Vec::new(), stt: None }
    }

    /// The scope inside a `lap` item.
    fn with(&self, name: &str, path: Vec<String>, stt: usize) -> Scope<'a> {
        let mut s = self.clone();
        s.locals.push((name.to_string(), path));
        s.stt = Some(stt);
        s
    }

    /// The path in the data of a dotted name (`cap.don_vi`): through the `lap` names.
    fn resolve(&self, dotted: &str) -> Vec<String> {
        let mut parts = dotted.split('.');
        let first = parts.next().unwrap_or_default();
        let mut path = match self.locals.iter().rev().find(|(n, _)| n == first) {
            Some((_, p)) => p.clone(),
            None => vec![first.to_string()],
        };
        path.extend(parts.map(str::to_string));
        path
    }

    /// The value of a dotted name; `stt` is the item number.
    fn get(&self, dotted: &str) -> Option<&'a Value> {
        if dotted == "stt" && self.stt.is_some() {
            return Some(&STT_PRESENT);
        }
        self.resolve(dotted).iter().try_fold(self.data, |v, k| match v {
            Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => v.get(k.as_str()),
        })
    }

    /// Renders the compiled string at `path`, the `lap` names as block parameters.
    fn render(&self, reg: &Handlebars<'static>, path: &str) -> Result<String, RenderError> {
        if self.locals.is_empty() && self.stt.is_none() {
            return reg.render_with_context(path, self.ctx);
        }
        let template = reg.get_template(path).ok_or_else(|| RenderError::from(RenderErrorReason::TemplateNotFound(path.to_string())))?;
        let mut params = BlockParams::new();
        for (name, p) in &self.locals {
            params.add_path(name, p.clone())?;
        }
        if let Some(n) = self.stt {
            params.add_value("stt", Value::from(n))?;
        }
        let mut block = BlockContext::new();
        block.set_block_params(params);
        let mut rc = RenderContext::new(None);
        rc.push_block(block);
        let mut out = StringOutput::new();
        template.render(reg, self.ctx, &mut rc, &mut out)?;
        out.into_string().map_err(RenderError::from)
    }
}

/// What `neu` sees of `stt` inside a `lap`: a number, so true.
static STT_PRESENT: Value = Value::Bool(true);

/// A section's string by its path (`bieu_mau.tieu_de`, `tong_hop.nhom[0].ten`).
fn lookup_path<'a>(sections: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = sections.get(parts.next()?)?;
    for part in parts {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !key.is_empty() {
            v = v.get(key)?;
        }
        if let Some(i) = index {
            v = v.get(i)?;
        }
    }
    Some(v)
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(m)) => !m.is_empty(),
    }
}

/// Reads a merged string as a number or boolean where the format wants one.
fn coerce(key: &str, v: &mut Value) {
    let Value::String(s) = v else { return };
    let t = s.trim();
    if NUMBER_KEYS.contains(&key) {
        if t.is_empty() {
            *v = Value::Null;
        } else if let Ok(n) = t.parse::<i64>() {
            *v = Value::from(n);
        } else if let Some(f) = crate::sheet::parse_number(t) {
            *v = serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number);
        }
    } else if BOOL_KEYS.contains(&key) {
        match vn::fold(t).as_str() {
            "true" | "co" | "1" => *v = Value::Bool(true),
            "false" | "khong" | "0" | "" => *v = Value::Bool(false),
            _ => {}
        }
    }
}

fn registry(markup: bool) -> Handlebars<'static> {
    let mut h = Handlebars::new();
    h.set_strict_mode(true);
    if markup {
        // Data in text read for inline styles: `*` and `\` stay literal, and a line break
        // in a value cannot start a new block.
        h.register_escape_fn(|s| s.replace('\\', "\\\\").replace('*', "\\*").replace(['\n', '\r'], " "));
    } else {
        h.register_escape_fn(handlebars::no_escape);
    }
    h.register_helper("mac_dinh", Box::new(mac_dinh));
    h.register_helper("dien", Box::new(dien));
    h.register_helper("so", Box::new(so));
    h.register_helper("phan_tram", Box::new(phan_tram));
    h.register_helper("ty_le", Box::new(ty_le));
    h.register_helper("hoa", Box::new(hoa));
    h.register_helper("la_ma", Box::new(la_ma));
    h.register_helper("ngay", Box::new(ngay));
    h.register_helper("bang_chu", Box::new(bang_chu));
    h
}

fn write_escaped(r: &Handlebars, out: &mut dyn Output, s: &str) -> HelperResult {
    out.write(&r.get_escape_fn()(s))?;
    Ok(())
}

/// The value of parameter `i`, or an error naming the helper and the placeholder.
fn param<'a>(h: &'a Helper, i: usize) -> Result<&'a Value, RenderError> {
    let p = h.param(i).ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("helper", i))?;
    if p.is_value_missing() {
        return Err(RenderErrorReason::MissingVariable(p.relative_path().cloned()).into());
    }
    Ok(p.value())
}

/// A value a helper rejects, with the data field it came from when the parameter is one.
#[derive(Debug)]
struct BadValue {
    field: Option<String>,
    message: Msg,
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for BadValue {}

/// The error for parameter `i` of `h` holding a value the helper cannot use.
fn bad_value(h: &Helper, i: usize, message: Msg) -> RenderError {
    let field = h.param(i).and_then(|p| p.relative_path().cloned());
    RenderErrorReason::NestedError(Box::new(BadValue { field, message })).into()
}

fn numeric(h: &Helper, i: usize) -> Result<f64, RenderError> {
    let v = param(h, i)?;
    number(v).ok_or_else(|| bad_value(h, i, Msg::HelperNumber { helper: h.name().to_string(), value: plain(v).to_string() }))
}

fn mac_dinh(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let value = h.param(0).filter(|p| !p.is_value_missing()).map(|p| p.value()).filter(|v| truthy(Some(v)) || matches!(v, Value::Number(_) | Value::Bool(_)));
    match value {
        Some(v) => write_escaped(r, out, &plain(v)),
        None => {
            let d = h.param(1).map(|p| plain(p.value())).unwrap_or_default();
            // The default is the template's own text: no escaping.
            out.write(&d)?;
            Ok(())
        }
    }
}

/// `{{dien field 30}}`: the value, or a dotted line of 30 dots (default 30) to fill in by hand
/// where the data leaves it empty.
fn dien(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let value = h.param(0).filter(|p| !p.is_value_missing()).map(|p| p.value()).filter(|v| truthy(Some(v)) || matches!(v, Value::Number(_) | Value::Bool(_)));
    match value {
        Some(v) => write_escaped(r, out, &plain(v)),
        None => {
            let n = h.param(1).and_then(|p| number(p.value())).map_or(30, |x| x.clamp(1.0, 200.0) as usize);
            out.write(&".".repeat(n))?;
            Ok(())
        }
    }
}

fn so(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let x = numeric(h, 0)?;
    let s = if x.fract() == 0.0 && x.abs() < 9.0e15 { vn::format_int(x as i64) } else { vn::format_decimal(x, 2) };
    write_escaped(r, out, &s)
}

/// `{{phan_tram x}}`: `69,5%`; a rate with no value (a unit with nothing to count, in a
/// summary) prints `-`.
fn phan_tram(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    if matches!(param(h, 0)?, Value::Null) {
        out.write("-")?;
        return Ok(());
    }
    write_escaped(r, out, &vn::format_percent(numeric(h, 0)?))
}

fn ty_le(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let (a, b) = (numeric(h, 0)?, numeric(h, 1)?);
    if b == 0.0 {
        out.write("……")?;
        return Ok(());
    }
    write_escaped(r, out, &vn::format_percent((a / b * 1000.0).round() / 10.0))
}

fn hoa(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write_escaped(r, out, &vn::upper(&plain(param(h, 0)?)))
}

fn la_ma(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let x = numeric(h, 0)?;
    if !(1.0..=3999.0).contains(&x) || x.fract() != 0.0 {
        return Err(bad_value(h, 0, Msg::HelperRoman { value: x.to_string() }));
    }
    write_escaped(r, out, &vn::roman(x as u32))
}

fn ngay(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let v = plain(param(h, 0)?);
    let (y, m, d) = crate::vn::parse_date(&v).ok_or_else(|| bad_value(h, 0, Msg::HelperDate { value: v.to_string() }))?;
    let d = d.map(vn::day_str).unwrap_or_else(|| vn::BLANK.to_string());
    let m = m.map(vn::month_str).unwrap_or_else(|| vn::BLANK.to_string());
    write_escaped(r, out, &format!("ngày {d} tháng {m} năm {y}"))
}

fn bang_chu(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let x = numeric(h, 0)?;
    if x < 0.0 || x.fract() != 0.0 || x > 1e18 {
        return Err(bad_value(h, 0, Msg::HelperWords { value: x.to_string() }));
    }
    write_escaped(r, out, &vn::money_in_words(x as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tpl(body: Value) -> Template {
        let doc = json!({
            "loai": "bao-cao",
            "co_quan": {"ten": ["{{hoa truong.ten}}"], "viet_tat": "{{truong.ma}}"},
            "so": "{{so_vb}}",
            "dia_danh": "Hà Tĩnh",
            "ngay": "2026-01-05",
            "trich_yeu": "Báo cáo quý {{la_ma ky.quy}}",
            "noi_dung": body,
            "ky": {"chuc_vu": "HIỆU TRƯỞNG", "ho_ten": "{{truong.hieu_truong}}"},
            "noi_nhan": ["Lưu: VT."]
        });
        Template::from_text("t.json", &serde_json::to_string_pretty(&doc).unwrap()).unwrap()
    }

    #[test]
    fn merges_helpers_repeat_and_condition() {
        let t = tpl(json!([
            "Số học sinh: {{so so_hs}}; tỷ lệ {{ty_le a b}}; {{mac_dinh dien_thoai \"……\"}}; {{bang_chu 153000}}",
            {"lap": {"theo": "ds", "ten": "x", "noi_dung": ["- {{stt}}. {{x.ten}}"]}},
            {"neu": {"dieu_kien": "kho_khan", "noi_dung": ["{{kho_khan}}"]}},
            {"neu": {"dieu_kien": "!kho_khan", "noi_dung": ["Không có."]}},
            {"bang": {"cot": [1, 2], "dong": [{"lap": {"theo": "ds", "ten": "x", "dong": [["{{stt}}", "{{x.ten}}"]]}}]}}
        ]));
        let data = json!({"truong": {"ten": "Trường THCS Nguyễn Du", "ma": "THCS-01", "hieu_truong": "Lê Văn A"},
            "ky": {"quy": 3}, "so_hs": "1919", "a": 139, "b": 200, "so_vb": "7",
            "ds": [{"ten": "A *đậm*"}, {"ten": "B"}]});
        let doc = t.merge(&data, "row 2").unwrap();
        assert_eq!(doc.so, Some(7));
        assert_eq!(doc.co_quan.as_ref().map(|c| c.ten.clone()), Some(vec!["TRƯỜNG THCS NGUYỄN DU".to_string()]));
        assert_eq!(doc.trich_yeu.as_deref(), Some("Báo cáo quý III"));
        let body = serde_json::to_value(&doc.noi_dung).unwrap();
        assert_eq!(body[0], "Số học sinh: 1.919; tỷ lệ 69,5%; ……; Một trăm năm mươi ba nghìn đồng");
        assert_eq!(body[1], "- 1. A \\*đậm\\*");
        assert_eq!(body[3], "Không có.");
        assert_eq!(body[4]["bang"]["dong"][1][1]["text"], "B");
    }

    #[test]
    fn a_repeat_named_by_other_than_a_text_is_said() {
        let t = tpl(json!([{"lap": {"theo": "ds", "ten": 5, "noi_dung": ["{{stt}}"]}}]));
        let data = json!({"truong": {"ten": "T", "ma": "M", "hieu_truong": "H"}, "ky": {"quy": 1}, "so_vb": "", "ds": [{"ten": "A"}]});
        let e = t.merge(&data, "").unwrap_err();
        assert_eq!(e[0].path.as_deref(), Some("noi_dung[0].lap.ten"), "{e:?}");
        assert!(e[0].message.contains("`ten`"), "{e:?}");
    }

    #[test]
    fn gioi_thieu_of_another_shape_is_said_at_its_path() {
        let about = json!({
            "ten": "Báo cáo",
            "cot": [
                {"truong": "so_hs", "ten": "Số học sinh", "vi_du": 496, "gia_tri": "Có, Không"},
                {"ten": "Không tên trường", "gia_tri": ["Có", 1], "ghi_chu": "x"},
                "so_lop"
            ]
        });
        let text = json!({"loai": "bao-cao", "gioi_thieu": about, "noi_dung": ["x"]}).to_string();
        let Err(e) = Template::from_text("t.json", &text) else { panic!("accepted") };
        let found: Vec<(&str, &str)> = e.iter().map(|d| (d.path.as_deref().unwrap_or(""), d.code)).collect();
        for want in [
            "gioi_thieu.cot[0].vi_du",
            "gioi_thieu.cot[0].gia_tri",
            "gioi_thieu.cot[1].ghi_chu",
            "gioi_thieu.cot[1]",
            "gioi_thieu.cot[1].gia_tri[1]",
            "gioi_thieu.cot[2]",
        ] {
            assert!(found.iter().any(|(p, c)| *p == want && *c == "template-section"), "{want}: {found:?}");
        }
        assert_eq!(e.len(), 6, "{found:?}");
        assert!(e.iter().all(|d| d.file.as_deref() == Some("t.json") && d.line.is_some()), "{e:?}");
        // Every shipped template's gioi_thieu reads as it is.
        for (name, _) in SHIPPED {
            Template::load(name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        }
    }

    #[test]
    fn strict_placeholders_and_data_is_never_a_template() {
        let t = tpl(json!(["{{truong.ten}} {{khong_co}}"]));
        let e = t.merge(&json!({"truong": {"ten": "{{x}} #read(\"a\")", "ma": "M", "hieu_truong": "H"}, "ky": {"quy": 1}, "so_vb": ""}), "row 5").unwrap_err();
        assert!(e[0].message.contains("row 5") && e[0].message.contains("{{khong_co}}"), "{:?}", e);
        assert_eq!(e[0].file.as_deref(), Some("t.json"));
        assert!(e[0].line.is_some());
        let t = tpl(json!(["{{truong.ten}}"]));
        let d = t.merge(&json!({"truong": {"ten": "{{x}} #read(\"a\")", "ma": "M", "hieu_truong": "H"}, "ky": {"quy": 1}, "so_vb": ""}), "row 5").unwrap();
        assert_eq!(serde_json::to_value(&d.noi_dung).unwrap()[0], "{{x}} #read(\"a\")");
        assert_eq!(d.so, None);
    }

    #[test]
    fn errors_name_the_data_field_at_fault() {
        let t = tpl(json!(["{{so so_hs}} {{ty_le a so_hs}} {{ngay ngay_bc}} {{khong_co}}"]));
        let data = json!({"truong": {"ten": "T", "ma": "M", "hieu_truong": "H"}, "ky": {"quy": 1}, "so_vb": "",
            "so_hs": "ba trăm", "a": 1, "ngay_bc": "hôm qua"});
        // Each placeholder fails on its own; with no row label the message is the bare reason.
        for (expr, field, message) in [
            ("{{so so_hs}}", "so_hs", "`so` needs a number, got `ba trăm`"),
            ("{{ty_le a so_hs}}", "so_hs", "`ty_le` needs a number, got `ba trăm`"),
            ("{{ngay ngay_bc}}", "ngay_bc", "`ngay` needs a date YYYY-MM-DD, got `hôm qua`"),
            ("{{khong_co}}", "khong_co", "placeholder `{{khong_co}}` has no value"),
        ] {
            let e = tpl(json!([expr])).merge(&data, "").unwrap_err();
            assert_eq!((e[0].field.as_deref(), e[0].message.as_str()), (Some(field), message), "{expr}");
            assert_eq!(e[0].path.as_deref(), Some("noi_dung[0]"), "{expr}");
        }
        // With a label (render --data's data file) the message starts with it, and the text
        // form names the column a rejected value came from.
        let e = t.merge(&data, "row.json").unwrap_err();
        assert!(e[0].message.starts_with("row.json: "), "{:?}", e[0]);
        assert!(e[0].to_string().contains("(data field `so_hs`)"), "{}", e[0]);
    }

    #[test]
    fn dien_gives_the_value_or_dots_and_empty_optional_keys_are_left_out() {
        let t = tpl(json!(["Điện thoại: {{dien truong.dien_thoai 5}}; email: {{dien email}}; {{dien so_hs 3}}"]));
        let data = json!({"truong": {"ten": "T", "ma": "M", "hieu_truong": "H"}, "ky": {"quy": 1}, "so_vb": "", "email": "", "so_hs": 0});
        let doc = t.merge(&data, "").unwrap();
        let body = serde_json::to_value(&doc.noi_dung).unwrap();
        assert_eq!(body[0], format!("Điện thoại: .....; email: {}; 0", ".".repeat(30)));
        // `hinh_thuc` merged to nothing is not given (the head signs).
        let mut v: Value = serde_json::from_str(&t.text).unwrap();
        v["ky"]["hinh_thuc"] = json!("{{mac_dinh ky.hinh_thuc \"\"}}");
        let t = Template::from_text("t.json", &v.to_string()).unwrap();
        assert_eq!(t.merge(&data, "").unwrap().ky.principal().hinh_thuc, None);
    }

    #[test]
    fn syntax_errors_name_the_place() {
        let e = Template::from_text("t.json", "{\n  \"noi_dung\": [\"{{#each x}} y\"]\n}").err().unwrap();
        assert_eq!(e[0].code, "template-syntax");
        assert_eq!((e[0].line, e[0].column), (Some(2), Some(16)));
    }

    #[test]
    fn vietnamese_numbers_in_strings() {
        assert_eq!(number(&json!("12.000")), Some(12000.0));
        assert_eq!(number(&json!("69,5")), Some(69.5));
        assert_eq!(number(&json!("1919")), Some(1919.0));
        assert_eq!(number(&json!("1.5")), Some(1.5));
        assert_eq!(number(&json!("abc")), None);
    }
}
