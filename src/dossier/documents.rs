//! The documents of a dossier, each merged from a form (`templates/ho-so/*.json`, vanban's
//! template format) with the data of the nominations file: the unit's Tờ trình, one
//! personal report per individual and one collective report per collective (in Vietnamese
//! name order), and the council's Quyết định with its Danh sách.

use super::nominations::{Collective, Individual, Nominations, PersonKind};
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::template::Template;
use crate::vn;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The forms shipped with vanban, by name (a file `<name>.json` in `--mau DIR` replaces one).
pub const SHIPPED: &[(&str, &str)] = &[
    ("to-trinh", include_str!("../../templates/ho-so/to-trinh.json")),
    ("bao-cao-ca-nhan", include_str!("../../templates/ho-so/bao-cao-ca-nhan.json")),
    ("bao-cao-tap-the", include_str!("../../templates/ho-so/bao-cao-tap-the.json")),
    ("quyet-dinh", include_str!("../../templates/ho-so/quyet-dinh.json")),
];

/// The forms in use.
pub struct Forms {
    to_trinh: Template,
    individual: Template,
    collective: Template,
    decision: Template,
}

impl Forms {
    /// The shipped forms, each replaced by `DIR/<name>.json` where `dir` has it.
    pub fn load(dir: Option<&Path>) -> Result<Forms, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut get = |name: &str| -> Option<Template> {
            let own = dir.map(|d| d.join(format!("{name}.json"))).filter(|p| p.is_file());
            let result = match own {
                Some(p) => Template::load(&p.display().to_string()),
                None => {
                    let text = SHIPPED.iter().find(|(n, _)| *n == name).map_or("", |(_, t)| t);
                    Template::from_text(&format!("templates/ho-so/{name}.json"), text)
                }
            };
            result.map_err(|e| errors.extend(e)).ok()
        };
        let (a, b, c, d) = (get("to-trinh"), get("bao-cao-ca-nhan"), get("bao-cao-tap-the"), get("quyet-dinh"));
        match (a, b, c, d) {
            (Some(to_trinh), Some(individual), Some(collective), Some(decision)) if errors.is_empty() => {
                Ok(Forms { to_trinh, individual, collective, decision })
            }
            _ => Err(errors),
        }
    }
}

/// What a part of a dossier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// The unit's Tờ trình.
    ToTrinh,
    /// A personal report.
    Individual,
    /// A collective report.
    Collective,
    /// The council's Quyết định with its Danh sách.
    Decision,
}

impl PartKind {
    /// As the index names it.
    pub fn name(self) -> &'static str {
        match self {
            PartKind::ToTrinh => "Tờ trình đề nghị khen thưởng",
            PartKind::Individual => "Báo cáo thành tích cá nhân",
            PartKind::Collective => "Báo cáo thành tích tập thể",
            PartKind::Decision => "Quyết định khen thưởng",
        }
    }
}

/// One document of a dossier.
#[derive(Debug, Clone)]
pub struct Part {
    /// What it is.
    pub kind: PartKind,
    /// Whom it is about (empty for the Tờ trình).
    pub person: String,
    /// Its file name without extension: `ca-nhan-03-lo-thi-anh`.
    pub stem: String,
    /// The document.
    pub doc: Document,
    /// The nominee, for the index's violations: (individual?, index in the file).
    pub nominee: Option<(bool, usize)>,
}

impl Part {
    /// The outline entry: `Báo cáo thành tích cá nhân: Lò Thị Ánh`.
    pub fn title(&self) -> String {
        if self.person.is_empty() {
            self.kind.name().to_string()
        } else {
            format!("{}: {}", self.kind.name(), self.person)
        }
    }
}

/// Indices of the individuals in Vietnamese name order (given name, middle, family).
pub fn individual_order(n: &Nominations) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n.individuals.len()).collect();
    idx.sort_by(|&a, &b| vn::compare_names(&n.individuals[a].value.ho_ten, &n.individuals[b].value.ho_ten));
    idx
}

/// Indices of the collectives in Vietnamese order of their names.
pub fn collective_order(n: &Nominations) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n.collectives.len()).collect();
    idx.sort_by(|&a, &b| vn::compare_text(&n.collectives[a].value.ten, &n.collectives[b].value.ten));
    idx
}

fn two(n: usize) -> String {
    format!("{n:02}")
}

fn dmy(iso: &str) -> String {
    match crate::vn::parse_date(iso) {
        Some((y, Some(m), Some(d))) => format!("{d:02}/{m:02}/{y}"),
        _ => iso.to_string(),
    }
}

/// The parts of a summary as one line, its first letter capitalised.
fn sentence(parts: &[String]) -> String {
    let s = parts.join("; ");
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().chain(ch).collect(),
        None => String::new(),
    }
}

/// The one-line summary of an individual's achievements for the tables.
fn individual_summary(p: &Individual) -> String {
    if let Some(t) = p.tom_tat.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    let mut parts = Vec::new();
    if let Some(n) = p.so_luot_ho_tro {
        parts.push(format!("Hỗ trợ {} lượt người dân", vn::format_int(n as i64)));
    }
    if let Some(d) = &p.doi_hinh {
        parts.push(format!("đội hình: {d}"));
    }
    if let Some(s) = &p.sang_kien {
        parts.push(format!("sáng kiến: {s}"));
    }
    if let Some(s) = &p.san_pham {
        parts.push(format!("sản phẩm: {s}"));
    }
    sentence(&parts)
}

fn collective_summary(c: &Collective) -> String {
    if let Some(t) = c.tom_tat.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    let mut parts = Vec::new();
    if let Some(n) = c.so_lop {
        let big = c.lop_dong_nhat.map(|b| format!(" (lớp đông nhất {} người)", vn::format_int(b as i64))).unwrap_or_default();
        parts.push(format!("Tổ chức {} lớp kỹ năng số{big}", two(n as usize)));
    }
    if let Some(n) = c.so_luot_ho_tro {
        parts.push(format!("hỗ trợ {} lượt người dân", vn::format_int(n as i64)));
    }
    if let Some(s) = &c.san_pham {
        parts.push(format!("sản phẩm: {s}"));
    }
    sentence(&parts)
}

/// The unit's information as the forms see it (`don_vi`), with the defaults filled in.
/// Here and in the two below, `to_value` cannot fail: plain structs of strings and numbers.
pub fn unit_value(n: &Nominations) -> Value {
    let mut v = serde_json::to_value(&n.info).unwrap_or_default();
    if let Value::Object(m) = &mut v {
        if !m.contains_key("kinh_gui") {
            m.insert("kinh_gui".into(), Value::String(format!("Hội đồng Thi đua - Khen thưởng {}", n.info.chu_quan)));
        }
    }
    v
}

/// An individual as the forms see it (`cn`): its fields, and those made for printing.
pub fn individual_value(p: &Individual) -> Value {
    let mut v = serde_json::to_value(p).unwrap_or_default();
    if let Value::Object(m) = &mut v {
        let student = p.doi_tuong == PersonKind::SinhVien;
        m.insert("sinh_vien".into(), Value::Bool(student));
        if let Some(d) = &p.ngay_sinh {
            m.insert("ngay_sinh_in".into(), Value::String(dmy(d)));
        }
        if let Some(n) = p.so_luot_ho_tro {
            m.insert("so_luot_ho_tro_in".into(), Value::String(vn::format_int(n as i64)));
        }
        let (class_or_unit, code_or_unit) =
            if student { (p.lop.clone(), p.ma.clone()) } else { (p.khoa.clone().or_else(|| p.lop.clone()), p.lop.clone().or_else(|| p.khoa.clone())) };
        m.insert("lop_don_vi".into(), Value::String(class_or_unit.unwrap_or_default()));
        m.insert("ma_don_vi".into(), Value::String(code_or_unit.unwrap_or_default()));
        m.insert("tom_tat_in".into(), Value::String(individual_summary(p)));
    }
    v
}

/// A collective as the forms see it (`tt`).
pub fn collective_value(c: &Collective, unit: &str) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or_default();
    if let Value::Object(m) = &mut v {
        for (key, n) in [("so_thanh_vien_in", c.so_thanh_vien), ("so_lop_in", c.so_lop), ("so_luot_ho_tro_in", c.so_luot_ho_tro)] {
            if let Some(n) = n {
                m.insert(key.into(), Value::String(vn::format_int(n as i64)));
            }
        }
        let big = c.lop_dong_nhat.map(|b| format!(" (lớp đông nhất {} người)", vn::format_int(b as i64))).unwrap_or_default();
        m.insert("lop_dong_nhat_in".into(), Value::String(big));
        m.insert("don_vi_in".into(), Value::String(c.don_vi.clone().unwrap_or_else(|| unit.to_string())));
        m.insert("tom_tat_in".into(), Value::String(collective_summary(c)));
    }
    v
}

/// `05 cá nhân và 02 tập thể`.
fn counted(individuals: usize, collectives: usize) -> String {
    match (individuals, collectives) {
        (0, c) => format!("{} tập thể", two(c)),
        (i, 0) => format!("{} cá nhân", two(i)),
        (i, c) => format!("{} cá nhân và {} tập thể", two(i), two(c)),
    }
}

/// The year of a date the dossier's reading has checked (`DossierBadDate` otherwise).
fn year_of(date: &str) -> String {
    crate::vn::parse_date(date).map(|(y, _, _)| y.to_string()).unwrap_or_default()
}

/// Every part of a unit's dossier: the Tờ trình, then a personal report per individual, then
/// a collective report per collective, each list in Vietnamese order.
pub fn unit_parts(n: &Nominations, forms: &Forms) -> Result<Vec<Part>, Vec<Diagnostic>> {
    let people = individual_order(n);
    let groups = collective_order(n);
    let unit = unit_value(n);
    let nam = year_of(&n.info.ngay);
    let mut errors = Vec::new();
    let mut parts = Vec::new();
    let individuals: Vec<Value> = people.iter().map(|&i| individual_value(&n.individuals[i].value)).collect();
    let collectives: Vec<Value> = groups.iter().map(|&i| collective_value(&n.collectives[i].value, &n.info.don_vi)).collect();
    let mut attached = Vec::new();
    if !people.is_empty() {
        attached.push(format!("{} báo cáo thành tích cá nhân", two(people.len())));
    }
    if !groups.is_empty() {
        attached.push(format!("{} báo cáo thành tích tập thể", two(groups.len())));
    }
    let ctx = json!({
        "don_vi": unit,
        "nam": nam,
        "ca_nhan": individuals,
        "tap_the": collectives,
        "so_ca_nhan": two(people.len()),
        "so_tap_the": two(groups.len()),
        "de_nghi": counted(people.len(), groups.len()),
        "ho_so_kem_theo": attached.join(", "),
    });
    match forms.to_trinh.merge(&ctx, &n.file) {
        Ok(doc) => parts.push(Part { kind: PartKind::ToTrinh, person: String::new(), stem: "to-trinh".into(), doc, nominee: None }),
        Err(e) => errors.extend(e),
    }
    let base = |extra: (&str, Value)| -> Value {
        let mut m = Map::new();
        m.insert("don_vi".into(), ctx["don_vi"].clone());
        m.insert("nam".into(), ctx["nam"].clone());
        m.insert(extra.0.into(), extra.1);
        Value::Object(m)
    };
    // A report per nominee, in the lists' order: (kind, form, its name for the data, file
    // prefix, individual?, order, values, names).
    let people_names: Vec<&str> = people.iter().map(|&i| n.individuals[i].value.ho_ten.as_str()).collect();
    let group_names: Vec<&str> = groups.iter().map(|&i| n.collectives[i].value.ten.as_str()).collect();
    let reports = [
        (PartKind::Individual, &forms.individual, "cn", "ca-nhan", true, &people, &individuals, &people_names),
        (PartKind::Collective, &forms.collective, "tt", "tap-the", false, &groups, &collectives, &group_names),
    ];
    for (kind, form, key, prefix, individual, order, values, names) in reports {
        for (k, &i) in order.iter().enumerate() {
            let place = if individual { &n.individuals[i].place } else { &n.collectives[i].place };
            let label = format!("{} ({})", n.file, place.short());
            match form.merge(&base((key, values[k].clone())), &label) {
                Ok(doc) => parts.push(Part {
                    kind,
                    person: names[k].to_string(),
                    stem: format!("{prefix}-{}-{}", two(k + 1), crate::bulk::safe_name(names[k])),
                    doc,
                    nominee: Some((individual, i)),
                }),
                Err(e) => errors.extend(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(parts)
    } else {
        Err(errors)
    }
}

/// The council's decision: `ctx` is what `templates/ho-so/quyet-dinh.json` reads (see
/// `council`).
pub fn decision(forms: &Forms, ctx: &Value, label: &str) -> Result<Document, Vec<Diagnostic>> {
    forms.decision.merge(ctx, label)
}
