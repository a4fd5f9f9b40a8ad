//! The council's side (`ho-so tong-hop`): the nominations of every unit taken together, the
//! quotas applied across the school and per unit again, the same person nominated by two
//! units found, and the principal's Quyết định khen thưởng with its Danh sách (grouped by
//! unit, Vietnamese order) and a summary per unit.

use super::documents::{collective_order, collective_value, individual_order, individual_value};
use super::nominations::{same_person, Nominations};
use super::rules::{self, Rules, Violation, Who};
use crate::diag::{line_col, Diagnostic};
use crate::vn;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The decision's own data (`--thong-tin FILE.json`); what it leaves out comes from the
/// units' files (the school, the place, the campaign) or the defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CouncilInfo {
    /// The school as its letterhead prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truong: Option<crate::model::Issuer>,
    /// Number of the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so: Option<u32>,
    /// Place of the date line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dia_danh: Option<String>,
    /// Date, `YYYY-MM-DD`; default today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay: Option<String>,
    /// The head's title as the authority line and Điều 1 name it: `Hiệu trưởng`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chuc_danh: Option<String>,
    /// The signature (default: the head signs, no name yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ky: Option<crate::model::Signature>,
    /// Căn cứ lines (default: the law on emulation and rewards, its decree, the plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub can_cu: Vec<String>,
    /// Whose proposal: default `Hội đồng Thi đua - Khen thưởng Trường`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub de_nghi_cua: Option<String>,
    /// Who carries it out (Điều 3), before the nominees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thi_hanh: Option<String>,
    /// Nơi nhận between `Như Điều 3;` and `Lưu: …`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub noi_nhan: Vec<String>,
    /// The drafting unit in `Lưu: VT, …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub luu: Option<String>,
}

impl CouncilInfo {
    /// Reads the decision's data from a JSON file, every error with its path.
    pub fn read(path: &str) -> Result<CouncilInfo, Vec<Diagnostic>> {
        let text = crate::input::read_text(path).map_err(|d| vec![d])?;
        let mut de = serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let p = e.path().to_string();
            let mut d = Diagnostic::error(crate::messages::Msg::CouncilInfo { detail: e.inner().to_string() }).in_file(path).at(if p == "." {
                String::new()
            } else {
                p
            });
            if let Some(o) = d.path.as_deref().and_then(|p| crate::locate_nearest(&text, p)) {
                let (l, c) = line_col(&text, o);
                d = d.line_col(l, c);
            }
            vec![d]
        })
    }
}

/// One unit's line of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSummary {
    /// The unit.
    pub unit: String,
    /// Its file.
    pub file: String,
    /// Nominated: individuals, collectives.
    pub proposed: (usize, usize),
    /// Of those, involved in no violation.
    pub within: (usize, usize),
    /// In the decision.
    pub awarded: (usize, usize),
}

/// What the council's run found and made.
pub struct Outcome {
    /// Every violation: criteria, quotas (per unit and school-wide), the same person twice.
    pub violations: Vec<Violation>,
    /// Per unit.
    pub summary: Vec<UnitSummary>,
    /// The decision's data for `templates/ho-so/quyet-dinh.json`.
    pub context: Value,
}

/// `Trường Cao đẳng Sơn La` → `CĐSL`: the initials of the name after its first word (the
/// kind of body), `Đ` kept.
fn guess_abbreviation(name: &str) -> String {
    name.split_whitespace().skip(1).filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

/// Applies `rules` to the units together and builds the decision's data. Violations (and the
/// same person from two units) are all returned; the caller decides whether they block.
pub fn tong_hop(units: &[&Nominations], rules: &Rules, info: &CouncilInfo, today: chrono::NaiveDate) -> Outcome {
    let mut violations = rules::evaluate(rules, units);
    // The same person nominated by two units.
    let mut twice: BTreeSet<Who> = BTreeSet::new();
    for (ui, u) in units.iter().enumerate() {
        for (i, p) in u.individuals.iter().enumerate() {
            for (vj, v) in units.iter().enumerate().skip(ui + 1) {
                for (j, q) in v.individuals.iter().enumerate() {
                    if same_person(&p.value, &q.value) {
                        let how = match p.value.ma.as_deref().filter(|m| q.value.ma.as_deref() == Some(*m)) {
                            Some(code) => format!("mã {code}"),
                            None => format!("cùng họ tên và ngày sinh {}", p.value.ngay_sinh.as_deref().unwrap_or_default()),
                        };
                        let (a, b) = (Who { unit: ui, individual: true, index: i }, Who { unit: vj, individual: true, index: j });
                        twice.insert(b);
                        violations.push(Violation {
                            code: "trung-lap",
                            message: format!("{} ({how}) được đề nghị bởi 2 đơn vị: {} và {}", p.value.ho_ten, u.info.don_vi, v.info.don_vi),
                            rule: "Mỗi cá nhân chỉ được một đơn vị đề nghị".into(),
                            named: vec![
                                format!("{} ({}, {})", p.value.ho_ten, u.file, p.place.short()),
                                format!("{} ({}, {})", q.value.ho_ten, v.file, q.place.short()),
                            ],
                            who: vec![a, b],
                        });
                    }
                }
            }
        }
    }
    let involved: BTreeSet<Who> = violations.iter().flat_map(|v| v.who.iter().copied()).collect();

    // Units in Vietnamese order; in each, the nominees in Vietnamese order, numbered on.
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| vn::compare_text(&units[a].info.don_vi, &units[b].info.don_vi));
    let (mut people, mut groups) = (Vec::new(), Vec::new());
    let (mut np, mut nc) = (0, 0);
    let mut summary = Vec::new();
    for &ui in &order {
        let u = units[ui];
        let mut ds = Vec::new();
        for i in individual_order(u) {
            // A person nominated by two units is listed once, under the first.
            if twice.contains(&Who { unit: ui, individual: true, index: i }) {
                continue;
            }
            np += 1;
            let mut v = individual_value(&u.individuals[i].value);
            v["stt"] = Value::from(np);
            ds.push(v);
        }
        let awarded_people = ds.len();
        if !ds.is_empty() {
            people.push(json!({"don_vi": u.info.don_vi, "ds": ds}));
        }
        let mut ds = Vec::new();
        for i in collective_order(u) {
            nc += 1;
            let mut v = collective_value(&u.collectives[i].value, &u.info.don_vi);
            v["stt"] = Value::from(nc);
            ds.push(v);
        }
        let awarded_groups = ds.len();
        if !ds.is_empty() {
            groups.push(json!({"don_vi": u.info.don_vi, "ds": ds}));
        }
        let ok = |individual: bool, n: usize| (0..n).filter(|&i| !involved.contains(&Who { unit: ui, individual, index: i })).count();
        summary.push(UnitSummary {
            unit: u.info.don_vi.clone(),
            file: u.file.clone(),
            proposed: (u.individuals.len(), u.collectives.len()),
            within: (ok(true, u.individuals.len()), ok(false, u.collectives.len())),
            awarded: (awarded_people, awarded_groups),
        });
    }

    // The school, the campaign and the place: from the units (the first in the run).
    let first = units.first().map(|u| &u.info);
    let school = first.map_or(String::new(), |i| i.chu_quan.clone());
    let truong = info.truong.clone().unwrap_or_else(|| crate::model::Issuer {
        chu_quan: vec![],
        ten: vec![vn::upper(&school)],
        viet_tat: guess_abbreviation(&school),
        ten_goi: Some(school.clone()),
        ..Default::default()
    });
    let ten_goi = truong.ten_goi.clone().unwrap_or_else(|| vn::name_in_sentence(&vn::upper(&truong.ten.join(" "))));
    let phong_trao = first.map_or(String::new(), |i| i.phong_trao.clone());
    let nam_hoc = first.map_or(String::new(), |i| i.nam_hoc.clone());
    let chuc_danh = info.chuc_danh.clone().unwrap_or_else(|| "Hiệu trưởng".into());
    let ky = info.ky.clone().unwrap_or(crate::model::Signature {
        hinh_thuc: None,
        thay_mat: None,
        chuc_vu: vn::upper(&chuc_danh),
        ho_ten: String::new(),
        ghi_chu: None,
        anh_chu_ky: None,
    });
    let can_cu = if info.can_cu.is_empty() {
        // The law and its decree in effect on the decision's date, from the data
        // (templates/phap-luat.json): never a text replaced by then. (A date that is not one
        // is reported when the Quyết định is checked; today stands in for choosing the bases.)
        let date = info.ngay.as_deref().and_then(vn::parse_day).unwrap_or(today);
        let mut c = crate::law::table().default_bases("khen-thuong", date);
        if let Some(plan) = first.and_then(|i| i.can_cu.clone()) {
            c.push(format!("Căn cứ {plan};"));
        }
        c
    } else {
        info.can_cu.clone()
    };
    let khen = match (np, nc) {
        (0, c) => format!("{c:02} tập thể"),
        (p, 0) => format!("{p:02} cá nhân"),
        (p, c) => format!("{p:02} cá nhân và {c:02} tập thể"),
    };
    let context = json!({
        "truong": {"chu_quan": truong.chu_quan, "ten": truong.ten, "viet_tat": truong.viet_tat, "ten_goi": ten_goi},
        "so_qd": info.so,
        "dia_danh": info.dia_danh.clone().or_else(|| first.map(|i| i.dia_danh.clone())).unwrap_or_default(),
        "ngay_ky": info.ngay.clone().unwrap_or_else(|| today.format("%Y-%m-%d").to_string()),
        "phong_trao": phong_trao,
        "nam_hoc": nam_hoc,
        "ky": {"chuc_danh": chuc_danh, "hinh_thuc": ky.hinh_thuc.map(|a| a.prefix().trim_end_matches('.').to_string()), "thay_mat": ky.thay_mat, "chuc_vu": ky.chuc_vu, "ho_ten": ky.ho_ten},
        "can_cu": can_cu,
        "de_nghi_cua": info.de_nghi_cua.clone().unwrap_or_else(|| "Hội đồng Thi đua - Khen thưởng Trường".into()),
        "thi_hanh": info.thi_hanh.clone().unwrap_or_else(|| "Trưởng các phòng, khoa, đơn vị có liên quan".into()),
        "noi_nhan": info.noi_nhan,
        "luu": info.luu.clone().unwrap_or_else(|| "HĐTĐKT".into()),
        "khen": khen,
        "ca_nhan": people,
        "tap_the": groups,
        "so_ca_nhan": format!("{np:02}"),
        "so_tap_the": format!("{nc:02}"),
        "muc_tap_the": if np > 0 { "II" } else { "I" },
    });
    Outcome { violations, summary, context }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations() {
        assert_eq!(guess_abbreviation("Trường Cao đẳng Sơn La"), "CĐSL");
        assert_eq!(guess_abbreviation("Trường Đại học Tây Bắc"), "ĐHTB");
    }
}
