//! The aggregation a summary report declares in its template's `tong_hop` section, as data:
//!
//! ```json
//! "tong_hop": {
//!   "bieu_mau": "phieu-bao-cao-quy",
//!   "so_le": 1,
//!   "chi_so": {
//!     "so_gv": {"tong": "so_gv"},
//!     "ty_le_gv": {"ty_le": ["gv_hoan_thanh", "so_gv"]},
//!     "tb_tiet_so": {"trung_binh": "ty_le_tiet_so"},
//!     "so_don_vi": {"dem": true},
//!     "so_dat_gv": {"dem": {"theo": "ty_le_gv", "tu": 100}}
//!   },
//!   "nhom": {"theo_cap": {"theo": "truong.cap", "thu_tu": ["Mầm non", "Tiểu học"]}},
//!   "xep_hang": {"cao_nhat": {"theo": "ty_le_gv", "thu_tu": "giam", "so": 5}}
//! }
//! ```
//!
//! Each measure (`chi_so`) is computed for every unit, every group and the whole: `tong` sums
//! a field, `ty_le` is 100 × Σ numerator ÷ Σ denominator (none when the denominator is 0),
//! `trung_binh` the mean of a field, `dem` counts units (those whose field or measure is at
//! least `tu`, when given); rates and means are rounded to `so_le` decimals (default 1).
//! `nhom` groups units by a data field (in `thu_tu`'s order, others after it alphabetically),
//! each group with its measures and its units; `xep_hang` ranks units by a measure. The data
//! given to the template: see [`data`].

use super::Gathered;
use crate::diag::Diagnostic;
use crate::form::{self, Form};
use crate::messages::Msg;
use crate::template::Template;
use serde_json::{Map, Value};

/// One measure.
#[derive(Debug, Clone)]
enum Measure {
    Sum(String),
    Rate(String, String),
    Mean(String),
    Count(Option<(String, f64)>),
}

/// A grouping.
#[derive(Debug, Clone)]
struct Grouping {
    name: String,
    by: String,
    order: Vec<String>,
}

/// A ranking.
#[derive(Debug, Clone)]
struct Ranking {
    name: String,
    by: String,
    descending: bool,
    take: usize,
}

/// A parsed `tong_hop` section.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The form's template (a shipped name or a path).
    pub form_template: String,
    decimals: i32,
    measures: Vec<(String, Measure)>,
    groups: Vec<Grouping>,
    ranks: Vec<Ranking>,
}

impl Spec {
    /// The `tong_hop` section of `template`; every problem at once, each with its place.
    pub fn of(template: &Template) -> Result<Spec, Vec<Diagnostic>> {
        let Some(spec) = template.section("tong_hop") else {
            return Err(vec![Diagnostic::error(Msg::NoAggregation { template: template.name.clone() })]);
        };
        let mut errs = Vec::new();
        let mut err = |path: String, msg: Msg| errs.push(template.error_at(&path, msg));
        let form_template = spec.get("bieu_mau").and_then(Value::as_str).unwrap_or_default().to_string();
        if form_template.is_empty() {
            err("tong_hop.bieu_mau".into(), Msg::SummaryNoForm);
        }
        let decimals = spec.get("so_le").and_then(Value::as_i64).unwrap_or(1).clamp(0, 4) as i32;
        let mut measures = Vec::new();
        match spec.get("chi_so").and_then(Value::as_object) {
            None => err("tong_hop.chi_so".into(), Msg::SummaryNoMeasures),
            Some(m) => {
                for (name, def) in m {
                    let here = format!("tong_hop.chi_so.{name}");
                    let s = |k: &str| def.get(k).and_then(Value::as_str).map(str::to_string);
                    let measure = if let Some(f) = s("tong") {
                        Measure::Sum(f)
                    } else if let Some(f) = s("trung_binh") {
                        Measure::Mean(f)
                    } else if let Some(pair) = def.get("ty_le").and_then(Value::as_array) {
                        match pair.iter().map(Value::as_str).collect::<Vec<_>>().as_slice() {
                            [Some(a), Some(b)] => Measure::Rate(a.to_string(), b.to_string()),
                            _ => {
                                err(format!("{here}.ty_le"), Msg::SummaryRate);
                                continue;
                            }
                        }
                    } else if let Some(d) = def.get("dem") {
                        match d {
                            Value::Bool(true) => Measure::Count(None),
                            Value::Object(o) => match (o.get("theo").and_then(Value::as_str), o.get("tu").and_then(Value::as_f64)) {
                                (Some(by), Some(at)) => Measure::Count(Some((by.to_string(), at))),
                                _ => {
                                    err(format!("{here}.dem"), Msg::SummaryCount);
                                    continue;
                                }
                            },
                            _ => {
                                err(format!("{here}.dem"), Msg::SummaryCount);
                                continue;
                            }
                        }
                    } else {
                        err(here, Msg::SummaryMeasure);
                        continue;
                    };
                    measures.push((name.clone(), measure));
                }
            }
        }
        let mut groups = Vec::new();
        if let Some(m) = spec.get("nhom").and_then(Value::as_object) {
            for (name, def) in m {
                let Some(by) = def.get("theo").and_then(Value::as_str) else {
                    err(format!("tong_hop.nhom.{name}.theo"), Msg::SummaryGrouping);
                    continue;
                };
                let order =
                    def.get("thu_tu").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default();
                groups.push(Grouping { name: name.clone(), by: by.to_string(), order });
            }
        }
        let mut ranks = Vec::new();
        if let Some(m) = spec.get("xep_hang").and_then(Value::as_object) {
            for (name, def) in m {
                let Some(by) = def.get("theo").and_then(Value::as_str) else {
                    err(format!("tong_hop.xep_hang.{name}.theo"), Msg::SummaryRanking);
                    continue;
                };
                if !measures.iter().any(|(n, _)| n == by) {
                    err(format!("tong_hop.xep_hang.{name}.theo"), Msg::SummaryNotMeasure { by: by.to_string() });
                }
                let descending = def.get("thu_tu").and_then(Value::as_str) != Some("tang");
                let take = def.get("so").and_then(Value::as_u64).unwrap_or(5) as usize;
                ranks.push(Ranking { name: name.clone(), by: by.to_string(), descending, take });
            }
        }
        for name in ["ky", "tong", "don_vi", "chua_nop", "loi"] {
            if groups.iter().any(|g| g.name == name) || ranks.iter().any(|r| r.name == name) {
                err(format!("tong_hop.{name}"), Msg::SummaryNameUsed { name: name.to_string() });
            }
        }
        if errs.is_empty() {
            Ok(Spec { form_template, decimals, measures, groups, ranks })
        } else {
            Err(errs)
        }
    }

    /// Checks the measures' fields against the form: each names a number indicator.
    pub fn check_against(&self, form: &Form, template: &Template) -> Result<(), Vec<Diagnostic>> {
        let mut errs = Vec::new();
        let numeric = |f: &str| form.field(f).is_some_and(|x| x.kind.numeric());
        for (name, m) in &self.measures {
            let fields: Vec<&String> = match m {
                Measure::Sum(f) | Measure::Mean(f) => vec![f],
                Measure::Rate(a, b) => vec![a, b],
                Measure::Count(Some((by, _))) if !self.measures.iter().any(|(n, _)| n == by) => vec![by],
                Measure::Count(_) => vec![],
            };
            for f in fields {
                if !numeric(f) {
                    errs.push(template.error_at(&format!("tong_hop.chi_so.{name}"), Msg::SummaryNotNumber { field: f.to_string(), form: form.id.clone() }));
                }
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// A unit as the template sees it: its identity (nested: `truong.ten`), its values and its
/// own measures.
struct Row {
    value: Map<String, Value>,
    name: String,
}

fn get(row: &Map<String, Value>, key: &str) -> Option<f64> {
    let mut parts = key.split('.');
    let first = parts.next()?;
    let mut v = row.get(first)?;
    for p in parts {
        v = v.get(p)?;
    }
    crate::sheet::value_number(v)
}

impl Spec {
    /// The measures over a set of units (`units` hold their own measures already, for `dem`).
    fn measure(&self, units: &[&Row]) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, m) in &self.measures {
            let v = match m {
                Measure::Sum(f) => num(units.iter().filter_map(|u| get(&u.value, f)).sum()),
                Measure::Mean(f) => {
                    let xs: Vec<f64> = units.iter().filter_map(|u| get(&u.value, f)).collect();
                    if xs.is_empty() {
                        Value::Null
                    } else {
                        num(round(xs.iter().sum::<f64>() / xs.len() as f64, self.decimals))
                    }
                }
                Measure::Rate(a, b) => {
                    let (mut top, mut bottom) = (0.0, 0.0);
                    for u in units {
                        if let (Some(x), Some(y)) = (get(&u.value, a), get(&u.value, b)) {
                            top += x;
                            bottom += y;
                        }
                    }
                    if bottom > 0.0 {
                        num(round(100.0 * top / bottom, self.decimals))
                    } else {
                        Value::Null
                    }
                }
                Measure::Count(None) => Value::from(units.len()),
                Measure::Count(Some((by, at))) => Value::from(units.iter().filter(|u| get(&u.value, by).is_some_and(|x| x >= *at - 1e-9)).count()),
            };
            out.insert(name.clone(), v);
        }
        out
    }
}

/// Nests dotted fields (`truong.ten`) into an object.
fn nested(pairs: &[(String, String)]) -> Map<String, Value> {
    let headers: Vec<String> = pairs.iter().map(|(k, _)| k.clone()).collect();
    let values = pairs.iter().map(|(_, v)| if v.is_empty() { None } else { Some(Value::String(v.clone())) }).collect();
    match crate::rows::nest(&headers, values) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The data the summary report's template receives:
///
/// - `ky`: the period (`ky.quy`, `ky.nam`);
/// - `so_gui` (units sent a form, when the list is given), `so_nop` (returned), `so_tong_hop`
///   (counted), `so_loi` (returned with wrong values, not counted), `so_chua_nop`,
///   `ty_le_nop` (% of the units sent a form that returned one);
/// - `tong`: every measure over the units counted;
/// - `don_vi`: the units counted, each with its identity, values and measures, and `stt`;
/// - one list per grouping: `{ten, stt, <measures>, don_vi: [units]}`;
/// - one list per ranking: units with `hang`;
/// - `chua_nop`: the units of the list that returned nothing (their row of the list);
/// - `loi`: units whose return was not counted, with `so_loi`, `o_loi` (the cells) and `loi`
///   (the messages).
///
/// `extra` (the report's own data: its number, date, signer) is added at the top level.
pub fn data(spec: &Spec, form: &Form, g: &Gathered, extra: &Map<String, Value>) -> Value {
    let rows: Vec<Row> = g
        .used
        .iter()
        .map(|r| {
            let mut value = nested(&r.identity);
            for (k, v) in &r.values {
                value.insert(k.clone(), v.clone());
            }
            let name = r.identity.iter().find(|(f, _)| f == &form.unit_name).map(|(_, v)| v.clone()).unwrap_or_default();
            Row { value, name }
        })
        .collect();
    // Each unit's own measures.
    let mut rows: Vec<Row> = rows
        .into_iter()
        .map(|mut r| {
            let own = spec.measure(&[&r]);
            for (k, v) in own {
                if !matches!(spec.measures.iter().find(|(n, _)| *n == k), Some((_, Measure::Count(_)))) {
                    r.value.insert(k, v);
                }
            }
            r
        })
        .collect();
    for (i, r) in rows.iter_mut().enumerate() {
        r.value.insert("stt".into(), Value::from(i + 1));
    }
    let all: Vec<&Row> = rows.iter().collect();

    let mut out = Map::new();
    for (k, v) in nested(&g.period) {
        out.insert(k, v);
    }
    let returned = g.used.len() + g.rejected.len();
    out.insert("so_gui".into(), g.sent.map_or(Value::Null, Value::from));
    out.insert("so_nop".into(), Value::from(returned));
    out.insert("so_tong_hop".into(), Value::from(g.used.len()));
    out.insert("so_loi".into(), Value::from(g.rejected.len()));
    out.insert("so_chua_nop".into(), Value::from(g.missing.len()));
    out.insert(
        "ty_le_nop".into(),
        match g.sent {
            Some(n) if n > 0 => num(round(100.0 * returned as f64 / n as f64, spec.decimals)),
            _ => Value::Null,
        },
    );
    out.insert("tong".into(), Value::Object(spec.measure(&all)));
    out.insert("don_vi".into(), Value::Array(rows.iter().map(|r| Value::Object(r.value.clone())).collect()));

    for grouping in &spec.groups {
        let mut keys: Vec<String> = Vec::new();
        for r in &rows {
            let k = form::text_of(form::lookup(&Value::Object(r.value.clone()), &grouping.by));
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys.sort_by(|a, b| {
            let pa = grouping.order.iter().position(|o| o == a).unwrap_or(usize::MAX);
            let pb = grouping.order.iter().position(|o| o == b).unwrap_or(usize::MAX);
            pa.cmp(&pb).then(a.is_empty().cmp(&b.is_empty())).then_with(|| crate::vn::compare_text(a, b))
        });
        let mut list = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let mut members: Vec<&Row> = rows.iter().filter(|r| &form::text_of(form::lookup(&Value::Object(r.value.clone()), &grouping.by)) == k).collect();
            members.sort_by(|a, b| crate::vn::compare_text(&a.name, &b.name));
            let mut m = spec.measure(&members);
            m.insert("ten".into(), Value::String(if k.is_empty() { "(không rõ)".into() } else { k.clone() }));
            m.insert("stt".into(), Value::from(i + 1));
            m.insert(
                "don_vi".into(),
                Value::Array(
                    members
                        .iter()
                        .enumerate()
                        .map(|(j, r)| {
                            let mut v = r.value.clone();
                            v.insert("stt".into(), Value::from(j + 1));
                            Value::Object(v)
                        })
                        .collect(),
                ),
            );
            list.push(Value::Object(m));
        }
        out.insert(grouping.name.clone(), Value::Array(list));
    }

    for rank in &spec.ranks {
        let mut ranked: Vec<(&Row, f64)> = rows.iter().filter_map(|r| get(&r.value, &rank.by).map(|x| (r, x))).collect();
        ranked.sort_by(|a, b| {
            let c = a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal);
            let c = if rank.descending { c.reverse() } else { c };
            c.then_with(|| crate::vn::compare_text(&a.0.name, &b.0.name))
        });
        let list = ranked
            .into_iter()
            .take(rank.take)
            .enumerate()
            .map(|(i, (r, _))| {
                let mut v = r.value.clone();
                v.insert("hang".into(), Value::from(i + 1));
                Value::Object(v)
            })
            .collect();
        out.insert(rank.name.clone(), Value::Array(list));
    }

    out.insert(
        "chua_nop".into(),
        Value::Array(
            g.missing
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let mut v = u.data.as_object().cloned().unwrap_or_default();
                    v.insert("stt".into(), Value::from(i + 1));
                    Value::Object(v)
                })
                .collect(),
        ),
    );
    out.insert(
        "loi".into(),
        Value::Array(
            g.rejected
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut v = nested(&r.identity);
                    v.insert("stt".into(), Value::from(i + 1));
                    v.insert("so_loi".into(), Value::from(r.problems.len()));
                    let cells: Vec<&str> = r.problems.iter().map(|p| p.cell.as_str()).filter(|c| !c.is_empty()).collect();
                    v.insert("o_loi".into(), Value::String(cells.join(", ")));
                    v.insert(
                        "loi".into(),
                        Value::String(
                            r.problems
                                .iter()
                                .map(|p| if p.cell.is_empty() { p.message.clone() } else { format!("{}: {}", p.cell, p.message) })
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    );
                    Value::Object(v)
                })
                .collect(),
        ),
    );
    for (k, v) in extra {
        out.insert(k.clone(), v.clone());
    }
    Value::Object(out)
}
