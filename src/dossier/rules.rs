//! The campaign's rules as data (`quy-dinh`): the criteria an individual or a collective must
//! meet (at least one of its list), and the quotas (at most so many per class, faculty, unit
//! or school). The defaults are those of the Sơn La college's plan (sections 4.2–4.3), in
//! `templates/ho-so/quy-dinh.json`; another school's rules are another such file.

use super::nominations::{Collective, CollectiveKind, Individual, Nominations, PersonKind, Place, COLLECTIVES, INDIVIDUALS};
use crate::diag::{line_col, Diagnostic};
use crate::messages::Msg;
use crate::vn;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The rules shipped with vanban (the seed's), as JSON.
pub const DEFAULT: &str = include_str!("../../templates/ho-so/quy-dinh.json");

/// A campaign's rules.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Where the rules come from, named in messages (`Kế hoạch … mục 4.2–4.3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nguon: Option<String>,
    /// An individual qualifies by meeting at least one of these.
    #[serde(default)]
    pub tieu_chi_ca_nhan: Vec<Criterion>,
    /// A collective qualifies by meeting at least one of these.
    #[serde(default)]
    pub tieu_chi_tap_the: Vec<Criterion>,
    /// The quotas.
    #[serde(default)]
    pub chi_tieu: Vec<Quota>,
    /// The legal texts the rules were written for, by number (`152/2025/NĐ-CP`): a dossier
    /// dated after one of them ceased to have effect is warned about (see `crate::law`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub can_cu: Vec<String>,
    /// The first day the rules apply, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hieu_luc_tu: Option<String>,
    /// The last day the rules apply, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hieu_luc_den: Option<String>,
}

/// A criterion: every one of its conditions holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// As the plan words it.
    pub ten: String,
    /// All must hold.
    pub dieu_kien: Vec<Condition>,
}

/// A condition on one field of the record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The field (`so_luot_ho_tro`, `san_pham`, …).
    pub truong: String,
    /// A number field: at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toi_thieu: Option<f64>,
    /// A text or list field: given (`true`) or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co: Option<bool>,
}

/// What a quota counts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Applies {
    /// Individuals.
    CaNhan,
    /// Collectives.
    TapThe,
}

/// How the nominees are grouped for a quota.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// By class (individuals).
    Lop,
    /// By faculty or office: an individual's `khoa` (a staff member's `lop`, their office,
    /// when it has none), a collective's `don_vi`; else the proposing unit.
    Khoa,
    /// By proposing unit (one nominations file).
    DonVi,
    /// The whole school.
    ToanTruong,
}

/// A quota: at most `toi_da` (or by class size) nominees of a kind per group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// As the plan words it.
    pub ten: String,
    /// Individuals or collectives.
    pub ap_dung: Applies,
    /// Only individuals of this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi_tuong: Option<PersonKind>,
    /// Only collectives of this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loai: Option<CollectiveKind>,
    /// The groups counted.
    pub theo: Group,
    /// At most this many per group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toi_da: Option<u32>,
    /// By class size (with `theo: lop`): the first band whose `duoi` the size is under.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theo_si_so: Vec<Band>,
}

/// A class-size band.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Classes of fewer students than this (none: any size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duoi: Option<u32>,
    /// The quota.
    pub toi_da: u32,
}

/// Which nominee: the unit's file, individual or collective, its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Who {
    /// Index of the unit (nominations file) in the run.
    pub unit: usize,
    /// An individual (or a collective).
    pub individual: bool,
    /// Index in the unit's list.
    pub index: usize,
}

/// A broken rule: the message (Vietnamese, with the numbers), the rule, the nominees.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// `chi-tieu`, `tieu-chi` or `trung-lap` (the same person from two units).
    pub code: &'static str,
    /// `Lớp CĐ K15A: 5 sinh viên được đề nghị, chỉ tiêu 4 (lớp 31 HSSV)`.
    pub message: String,
    /// The rule as the plan words it.
    pub rule: String,
    /// The nominees concerned.
    pub who: Vec<Who>,
    /// Each nominee as a message names them: `Lò Thị Ánh (ds.xlsx, sheet "Cá nhân", row 5)`.
    pub named: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        use crate::messages::Text;
        write!(f, "{}\n  {}", Text::ViolationLine { code: self.code.to_string(), message: self.message.clone() }, Text::RuleLine { rule: self.rule.clone() })?;
        if !self.named.is_empty() {
            write!(f, "\n  {}", Text::NomineesLine { names: self.named.join("; ") })?;
        }
        Ok(())
    }
}

impl Rules {
    /// The shipped rules.
    pub fn shipped() -> Rules {
        // The shipped file is tested to read.
        serde_json::from_str(DEFAULT).unwrap_or(Rules {
            nguon: None,
            tieu_chi_ca_nhan: vec![],
            tieu_chi_tap_the: vec![],
            chi_tieu: vec![],
            can_cu: vec![],
            hieu_luc_tu: None,
            hieu_luc_den: None,
        })
    }

    /// Warnings for a dossier dated `date` under these rules: a date outside their validity,
    /// a legal text they were written for that had ceased to have effect by then (naming what
    /// replaced it, from `table`).
    pub fn validity(&self, date: chrono::NaiveDate, table: &crate::law::Table) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let day = |s: &Option<String>| s.as_deref().and_then(crate::vn::parse_day);
        let source = self.nguon.clone().unwrap_or_else(|| "the rules".into());
        if let Some(from) = day(&self.hieu_luc_tu).filter(|f| date < *f) {
            out.push(Diagnostic::warning(Msg::RulesBefore { date: date.to_string(), source: source.to_string(), from: from.to_string() }).at("hieu_luc_tu"));
        }
        if let Some(to) = day(&self.hieu_luc_den).filter(|t| date > *t) {
            out.push(Diagnostic::warning(Msg::RulesAfter { date: date.to_string(), source: source.to_string(), to: to.to_string() }).at("hieu_luc_den"));
        }
        for (i, n) in self.can_cu.iter().enumerate() {
            let Some(t) = table.get(n) else { continue };
            if let Some(end) = t.het_hieu_luc.filter(|e| date >= *e) {
                let (source, basis, end) = (source.to_string(), t.ten.to_string(), end.format("%d/%m/%Y").to_string());
                let msg = match t.thay_the_boi.as_deref().and_then(|r| table.current(r, date)) {
                    Some(r) => Msg::RulesBasisReplaced { source, basis, end, replacement: r.ten.to_string() },
                    None => Msg::RulesBasisExpired { source, basis, end },
                };
                out.push(Diagnostic::warning(msg).at(format!("can_cu[{i}]")));
            }
        }
        out
    }

    /// Reads rules from a JSON value (`file` and its `text` for locations; `base` the path
    /// of the value in it) and checks them: every field named exists and has the right
    /// kind, every quota has one limit.
    pub fn from_value(value: Value, file: &str, text: Option<&str>, base: &str) -> Result<Rules, Vec<Diagnostic>> {
        let at = |path: String, msg: Msg| {
            let full = if base.is_empty() {
                path
            } else if path.is_empty() {
                base.to_string()
            } else {
                format!("{base}.{path}")
            };
            let mut d = Diagnostic::error(msg).in_file(file).at(full.clone());
            if let Some(o) = text.and_then(|t| crate::locate_nearest(t, &full)) {
                let (l, c) = line_col(text.unwrap_or_default(), o);
                d = d.line_col(l, c);
            }
            d
        };
        let rules: Rules = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            vec![at(if path == "." { String::new() } else { path }, Msg::RulesFormat { detail: e.inner().to_string() })]
        })?;
        let mut errs = Vec::new();
        for (key, list, spec) in [("tieu_chi_ca_nhan", &rules.tieu_chi_ca_nhan, &INDIVIDUALS), ("tieu_chi_tap_the", &rules.tieu_chi_tap_the, &COLLECTIVES)] {
            for (i, c) in list.iter().enumerate() {
                if c.dieu_kien.is_empty() {
                    errs.push(at(format!("{key}[{i}].dieu_kien"), Msg::CriterionNoCondition { name: c.ten.clone() }));
                }
                for (k, cond) in c.dieu_kien.iter().enumerate() {
                    let here = format!("{key}[{i}].dieu_kien[{k}]");
                    if !spec.columns.iter().any(|(f, _)| *f == cond.truong) {
                        errs.push(at(
                            format!("{here}.truong"),
                            Msg::RulesUnknownField { field: cond.truong.clone(), fields: spec.columns.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ") },
                        ));
                        continue;
                    }
                    let numeric = is_number_field(&cond.truong);
                    match (cond.toi_thieu, cond.co) {
                        (Some(_), None) if !numeric => errs.push(at(here, Msg::ConditionNotNumber { field: cond.truong.clone() })),
                        (None, Some(_)) | (Some(_), None) => {}
                        _ => errs.push(at(here, Msg::ConditionOneOf)),
                    }
                }
            }
        }
        for (i, q) in rules.chi_tieu.iter().enumerate() {
            let here = format!("chi_tieu[{i}]");
            match (q.toi_da, q.theo_si_so.is_empty()) {
                (Some(_), true) => {}
                (None, false) if q.theo == Group::Lop && q.ap_dung == Applies::CaNhan => {
                    if q.theo_si_so.last().is_some_and(|b| b.duoi.is_some()) {
                        errs.push(at(format!("{here}.theo_si_so"), Msg::QuotaLastBand));
                    }
                }
                (None, false) => errs.push(at(format!("{here}.theo_si_so"), Msg::QuotaBySize)),
                _ => errs.push(at(here.clone(), Msg::QuotaOneOf { name: q.ten.clone() })),
            }
            if q.ap_dung == Applies::CaNhan && q.loai.is_some() {
                errs.push(at(format!("{here}.loai"), Msg::QuotaLoai));
            }
            if q.ap_dung == Applies::TapThe && (q.doi_tuong.is_some() || q.theo == Group::Lop) {
                errs.push(at(here, Msg::QuotaCollectives));
            }
        }
        if errs.is_empty() {
            Ok(rules)
        } else {
            Err(errs)
        }
    }
}

fn is_number_field(f: &str) -> bool {
    matches!(f, "so_luot_ho_tro" | "so_thanh_vien" | "so_lop" | "lop_dong_nhat")
}

/// The header a field is documented with (`Số lượt người dân được hỗ trợ`), for messages.
fn label(spec: &super::nominations::SheetSpec, field: &str) -> String {
    spec.columns.iter().find(|(f, _)| *f == field).map_or(field.to_string(), |(_, h)| h[0].to_string())
}

/// Whether the record (as JSON) meets the condition, and what it has: `12`, `không có`.
fn holds(record: &Value, c: &Condition) -> (bool, String) {
    let v = record.get(&c.truong);
    match (c.toi_thieu, v) {
        (Some(min), Some(Value::Number(n))) => {
            let x = n.as_f64().unwrap_or(0.0);
            (x >= min, format!("{}, cần từ {}", vn::format_int(x as i64), vn::format_int(min as i64)))
        }
        (Some(min), _) => (false, format!("không ghi, cần từ {}", vn::format_int(min as i64))),
        (None, v) => {
            let given = match v {
                Some(Value::String(s)) => !s.trim().is_empty(),
                Some(Value::Array(a)) => !a.is_empty(),
                Some(Value::Null) | None => false,
                Some(_) => true,
            };
            let want = c.co.unwrap_or(true);
            (given == want, if given { "có".into() } else { "không có".into() })
        }
    }
}

/// The violations of `rules` by the nominations of `units` taken together: the criteria of
/// each nominee, then each quota over the groups it counts (a per-unit quota counted across
/// units where their groups are the same faculty or class).
pub fn evaluate(rules: &Rules, units: &[&Nominations]) -> Vec<Violation> {
    let mut out = Vec::new();
    let named = |w: &Who| -> String {
        let u = units[w.unit];
        if w.individual {
            let p = &u.individuals[w.index];
            format!("{} ({}, {})", p.value.ho_ten, u.file, p.place.short())
        } else {
            let c = &u.collectives[w.index];
            format!("{} ({}, {})", c.value.ten, u.file, c.place.short())
        }
    };
    // Criteria: at least one of the list.
    for (ui, u) in units.iter().enumerate() {
        for (list, individual, spec, what) in
            [(&rules.tieu_chi_ca_nhan, true, &INDIVIDUALS, "cá nhân"), (&rules.tieu_chi_tap_the, false, &COLLECTIVES, "tập thể")]
        {
            if list.is_empty() {
                continue;
            }
            let records: Vec<(Value, String)> = if individual {
                u.individuals.iter().map(|p| (serde_json::to_value(&p.value).unwrap_or_default(), p.value.ho_ten.clone())).collect()
            } else {
                u.collectives.iter().map(|c| (serde_json::to_value(&c.value).unwrap_or_default(), c.value.ten.clone())).collect()
            };
            for (index, (record, name)) in records.iter().enumerate() {
                let results: Vec<(bool, String)> = list
                    .iter()
                    .map(|c| {
                        let parts: Vec<(bool, String)> = c
                            .dieu_kien
                            .iter()
                            .map(|d| {
                                let (ok, has) = holds(record, d);
                                (ok, format!("{}: {has}", label(spec, &d.truong)))
                            })
                            .collect();
                        (parts.iter().all(|(ok, _)| *ok), format!("“{}” ({})", c.ten, parts.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join("; ")))
                    })
                    .collect();
                if !results.iter().any(|(ok, _)| *ok) {
                    let who = Who { unit: ui, individual, index };
                    out.push(Violation {
                        code: "tieu-chi",
                        message: format!(
                            "{name}: không đạt tiêu chí nào dành cho {what} (cần đạt ít nhất một): {}",
                            results.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join("; ")
                        ),
                        rule: format!("Tiêu chí khen thưởng {what}{}", rules.nguon.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()),
                        named: vec![named(&who)],
                        who: vec![who],
                    });
                }
            }
        }
    }
    // Quotas.
    for q in &rules.chi_tieu {
        // group key → (label, members)
        let mut groups: Vec<(String, String, Vec<Who>)> = Vec::new();
        let mut add = |key: String, label: String, who: Who| match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, m)) => m.push(who),
            None => groups.push((key, label, vec![who])),
        };
        for (ui, u) in units.iter().enumerate() {
            match q.ap_dung {
                Applies::CaNhan => {
                    for (index, p) in u.individuals.iter().enumerate() {
                        if q.doi_tuong.is_some_and(|k| k != p.value.doi_tuong) {
                            continue;
                        }
                        let (key, label) = individual_group(q.theo, &p.value, u);
                        add(key, label, Who { unit: ui, individual: true, index });
                    }
                }
                Applies::TapThe => {
                    for (index, c) in u.collectives.iter().enumerate() {
                        if q.loai.is_some_and(|k| k != c.value.loai) {
                            continue;
                        }
                        let (key, label) = collective_group(q.theo, &c.value, u);
                        add(key, label, Who { unit: ui, individual: false, index });
                    }
                }
            }
        }
        for (_, label, members) in groups {
            let n = members.len() as u32;
            let (limit, note) = match (q.toi_da, q.theo_si_so.as_slice()) {
                (Some(m), _) => (m, String::new()),
                (None, bands) => {
                    // The class's size, from the first file that gives it.
                    let class = members.first().and_then(|w| units[w.unit].individuals[w.index].value.lop.clone()).unwrap_or_default();
                    let Some(size) = units.iter().find_map(|u| u.class_size(&class)) else { continue };
                    let band = bands.iter().find(|b| b.duoi.is_none_or(|d| size < d));
                    (band.map_or(0, |b| b.toi_da), format!(" (lớp {size} HSSV)"))
                }
            };
            if n > limit {
                out.push(Violation {
                    code: "chi-tieu",
                    message: format!("{label}: {n} {} được đề nghị, chỉ tiêu {limit}{note}", noun(q)),
                    rule: format!("{}{}", q.ten, rules.nguon.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()),
                    named: members.iter().map(&named).collect(),
                    who: members,
                });
            }
        }
    }
    out
}

fn noun(q: &Quota) -> &'static str {
    match (q.ap_dung, q.doi_tuong, q.loai) {
        (Applies::CaNhan, Some(PersonKind::SinhVien), _) => "sinh viên",
        (Applies::CaNhan, Some(PersonKind::CanBo), _) => "cán bộ, giảng viên",
        (Applies::CaNhan, None, _) => "cá nhân",
        (Applies::TapThe, _, Some(CollectiveKind::Lop)) => "tập thể lớp",
        (Applies::TapThe, _, Some(CollectiveKind::DoiNhom)) => "tập thể đội, nhóm",
        (Applies::TapThe, _, Some(CollectiveKind::PhongKhoa)) => "tập thể phòng, khoa",
        (Applies::TapThe, _, None) => "tập thể",
    }
}

fn key_of(s: &str) -> String {
    vn::fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn individual_group(g: Group, p: &Individual, u: &Nominations) -> (String, String) {
    match g {
        Group::Lop => {
            let l = p.lop.clone().unwrap_or_default();
            let label = if vn::fold(&l).starts_with("lop ") { l.clone() } else { format!("Lớp {l}") };
            (format!("lop:{}", key_of(&l)), label)
        }
        Group::Khoa => {
            let k = p
                .khoa
                .clone()
                .filter(|k| !k.trim().is_empty())
                .or_else(|| (p.doi_tuong == PersonKind::CanBo).then(|| p.lop.clone()).flatten())
                .unwrap_or_else(|| u.info.don_vi.clone());
            (format!("khoa:{}", key_of(&k)), k)
        }
        Group::DonVi => (format!("don-vi:{}", key_of(&u.info.don_vi)), u.info.don_vi.clone()),
        Group::ToanTruong => ("truong".into(), "Toàn trường".into()),
    }
}

fn collective_group(g: Group, c: &Collective, u: &Nominations) -> (String, String) {
    match g {
        Group::Khoa | Group::Lop => {
            let k = c.don_vi.clone().filter(|k| !k.trim().is_empty()).unwrap_or_else(|| u.info.don_vi.clone());
            (format!("khoa:{}", key_of(&k)), k)
        }
        Group::DonVi => (format!("don-vi:{}", key_of(&u.info.don_vi)), u.info.don_vi.clone()),
        Group::ToanTruong => ("truong".into(), "Toàn trường".into()),
    }
}

/// The rules for a unit's file: `--quy-dinh FILE` if given, else the file's own `quy_dinh`,
/// else the shipped defaults.
pub fn for_unit(explicit: Option<&Rules>, unit: &Nominations) -> Result<Rules, Vec<Diagnostic>> {
    if let Some(r) = explicit {
        return Ok(r.clone());
    }
    match &unit.rules {
        Some(v) => Rules::from_value(v.clone(), &unit.file, unit.json_text(), "quy_dinh"),
        None => Ok(Rules::shipped()),
    }
}

/// Who, by place, for messages outside this module.
pub fn describe(units: &[&Nominations], w: &Who) -> (String, Place) {
    let u = units[w.unit];
    if w.individual {
        (u.individuals[w.index].value.ho_ten.clone(), u.individuals[w.index].place.clone())
    } else {
        (u.collectives[w.index].value.ten.clone(), u.collectives[w.index].place.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_read_and_check() {
        let v: Value = serde_json::from_str(DEFAULT).expect("JSON");
        let r = Rules::from_value(v, "quy-dinh.json", Some(DEFAULT), "").expect("the shipped rules are valid");
        assert_eq!(r, Rules::shipped());
        assert!(r.tieu_chi_ca_nhan.len() >= 3 && r.tieu_chi_tap_the.len() >= 2 && r.chi_tieu.len() == 5);
    }

    #[test]
    fn bad_rules_are_located() {
        let text = r#"{"tieu_chi_ca_nhan": [{"ten": "x", "dieu_kien": [{"truong": "so_luot", "toi_thieu": 3}, {"truong": "san_pham", "toi_thieu": 1}]}],
            "chi_tieu": [{"ten": "q", "ap_dung": "tap-the", "theo": "khoa"}]}"#;
        let e = Rules::from_value(serde_json::from_str(text).unwrap(), "r.json", Some(text), "").unwrap_err();
        let paths: Vec<_> = e.iter().map(|d| d.path.clone().unwrap_or_default()).collect();
        assert_eq!(paths, ["tieu_chi_ca_nhan[0].dieu_kien[0].truong", "tieu_chi_ca_nhan[0].dieu_kien[1]", "chi_tieu[0]"], "{e:?}");
        assert!(e.iter().all(|d| d.line.is_some()));
    }
}
