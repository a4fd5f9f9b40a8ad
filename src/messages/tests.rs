//! The catalogues against the typed messages: every message in both languages, with exactly
//! the variables its variant supplies, and Vietnamese that is not the English copied.

use super::*;
use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};

/// Every message of a catalogue: id → (variables of its value, whether it has a hint, the
/// variables of its hint, its source text).
type Parsed = BTreeMap<String, (BTreeSet<String>, Option<BTreeSet<String>>, String)>;

fn parse(lang: Lang) -> Parsed {
    let res = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(_, errs)| panic!("{}.ftl does not parse: {errs:?}", lang.tag()));
    let mut out = BTreeMap::new();
    for entry in res.entries() {
        if let ast::Entry::Message(m) = entry {
            let vars = |p: &ast::Pattern<&str>| {
                let mut v = BTreeSet::new();
                variables(p, &mut v);
                v
            };
            let value = m.value.as_ref().map(vars).unwrap_or_default();
            let hint = m.attributes.iter().find(|a| a.id.name == "hint").map(|a| vars(&a.value));
            let text = m.value.as_ref().map(|p| elements(p)).unwrap_or_default();
            let previous = out.insert(m.id.name.to_string(), (value, hint, text));
            assert!(previous.is_none(), "{}.ftl: `{}` twice", lang.tag(), m.id.name);
        }
    }
    out
}

fn variables(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression: ast::Expression::Inline(ast::InlineExpression::VariableReference { id }) } = e {
            out.insert(id.name.to_string());
        }
    }
}

fn elements(p: &ast::Pattern<&str>) -> String {
    p.elements
        .iter()
        .map(|e| match e {
            ast::PatternElement::TextElement { value } => value.to_string(),
            _ => "{}".to_string(),
        })
        .collect()
}

#[test]
fn every_message_in_both_languages() {
    let (vi, en) = (parse(Lang::Vi), parse(Lang::En));
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    for e in entries() {
        assert!(ids.insert(e.id), "the message id `{}` is used twice", e.id);
        let fields: BTreeSet<String> = e.fields.iter().map(|f| f.to_string()).collect();
        let (Some((vv, vh, _)), Some((ev, eh, _))) = (vi.get(e.id), en.get(e.id)) else {
            problems.push(format!("{} ({}): missing in {}", e.id, e.code, if vi.contains_key(e.id) { "en.ftl" } else { "vi.ftl" }));
            continue;
        };
        // No text uses what the variant does not hold, and every field is used by a text (the
        // English may show serde's own words where the Vietnamese names the field it quotes).
        for (lang, v) in ev.iter().chain(eh.iter().flatten()).map(|v| ("en", v)).chain(vv.iter().chain(vh.iter().flatten()).map(|v| ("vi", v))) {
            if !fields.contains(v) {
                problems.push(format!("{}: {lang}.ftl uses `${v}`, which the variant does not hold", e.id));
            }
        }
        let used: BTreeSet<String> = ev.iter().chain(eh.iter().flatten()).chain(vv.iter()).chain(vh.iter().flatten()).cloned().collect();
        if used != fields {
            problems.push(format!("{}: the texts use {used:?}, the variant holds {fields:?}", e.id));
        }
        if eh.is_some() && vh.is_none() {
            problems.push(format!("{}: has a hint in English only", e.id));
        }
    }
    for id in vi.keys().chain(en.keys()) {
        if !ids.contains(id.as_str()) {
            problems.push(format!("{id}: in a catalogue but no variant has it"));
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn vietnamese_is_not_the_english() {
    // The lines quoting a document's own words (`Số: 07/KH-SGDĐT`), the same in both.
    const QUOTED: [&str; 3] = ["IssuedNumber", "IssuedCopyNumber", "NumberOf"];
    let (vi, en) = (parse(Lang::Vi), parse(Lang::En));
    let mut same = Vec::new();
    for (id, (_, _, v)) in &vi {
        let words = v.chars().filter(|c| c.is_alphabetic()).count();
        if words > 0 && !QUOTED.contains(&id.as_str()) && en.get(id).is_some_and(|(_, _, e)| e == v) {
            same.push(id.clone());
        }
    }
    assert!(same.is_empty(), "Vietnamese text equal to the English: {same:?}");
}

#[test]
fn every_code_has_vietnamese() {
    // The codes of the diagnostics, each with at least one message written in Vietnamese.
    let vi = parse(Lang::Vi);
    let codes: BTreeSet<&str> = Msg::ALL.iter().map(|e| e.code).collect();
    for code in codes {
        assert!(Msg::ALL.iter().filter(|e| e.code == code).all(|e| vi.contains_key(e.id)), "code `{code}` lacks Vietnamese");
    }
}

#[test]
fn rendering_fills_the_arguments_without_isolation_marks() {
    let m = Msg::RegisterTaken { number: "01".into(), year: 2026, entry: "01/KH-SGDĐT".into(), date: "2026-01-05".into(), summary: "Kế hoạch".into() };
    assert_eq!(m.render(Lang::En), "number 01 of 2026 is taken: 01/KH-SGDĐT of 2026-01-05, “Kế hoạch”");
    assert_eq!(m.render(Lang::Vi), "Số 01 năm 2026 đã được cấp: 01/KH-SGDĐT ngày 2026-01-05, “Kế hoạch”.");
    assert_eq!(m.code(), "register-taken");
    assert!(m.hint(Lang::Vi).is_some_and(|h| h.starts_with("Bỏ trống số")));
    let nested = Msg::InContext { context: "a.csv".into(), inner: Box::new(Msg::NoSheets) };
    assert_eq!(nested.code(), "rows-sheet");
    assert_eq!(nested.render(Lang::Vi), "a.csv: Bảng tính không có trang tính nào.");
    assert_eq!(Msg::TemplateMissing { var: "ten".into() }.render(Lang::En), "placeholder `{{ten}}` has no value");
}

#[test]
fn the_locale_chooses_the_language() {
    let env = |pairs: &'static [(&'static str, &'static str)]| move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
    assert_eq!(choose(None, env(&[])), Lang::En);
    assert_eq!(choose(None, env(&[("LANG", "vi_VN.UTF-8")])), Lang::Vi);
    assert_eq!(choose(None, env(&[("LANG", "vi_VN.UTF-8"), ("LC_ALL", "C")])), Lang::En);
    assert_eq!(choose(None, env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "vi_VN")])), Lang::Vi);
    assert_eq!(choose(None, env(&[("LC_ALL", ""), ("LANG", "vi")])), Lang::Vi);
    assert_eq!(choose(Some("en"), env(&[("LANG", "vi_VN.UTF-8")])), Lang::En);
    assert_eq!(choose(Some("vi"), env(&[])), Lang::Vi);
}

#[test]
fn field_of_a_path() {
    assert_eq!(field_label("ky.chuc_vu"), "Chức vụ người ký");
    assert_eq!(field_label("noi_nhan[3]"), "Nơi nhận");
    assert_eq!(field_label("noi_dung[2].bang.dong[1]"), "Nội dung");
    assert_eq!(field_label("trang 1, dòng 3"), "Trang 1, dòng 3");
    assert_eq!(field_label("đầu trang, phần 1"), "Đầu trang, phần 1");
}

#[test]
fn layout_findings_in_both_languages() {
    // A finding of `vanban check FILE.pdf`: its element and rule in the language's words.
    let d = crate::diag::Diagnostic::error(Msg::FontSize { element: Box::new(Text::ElementIssuer), size: "14".into(), range: "12–13".into() })
        .at("trang 1, dòng 3");
    assert_eq!(d.text(Lang::En), "the issuer's name is set in `14` pt");
    assert_eq!(d.hint_text(Lang::En).as_deref(), Some("ND30: the issuer's name in 12–13 pt"));
    assert_eq!(
        for_page(&d),
        ("Trang 1, dòng 3: Cỡ chữ của tên cơ quan ban hành là `14`.".to_string(), Some("Nghị định 30: tên cơ quan ban hành cỡ 12–13.".to_string()))
    );
    let d = crate::diag::Diagnostic::error(Msg::DateZero { part: Box::new(Text::DayPart), written: "5".into(), expected: "05".into() }).at("đoạn 8");
    assert_eq!(d.text(Lang::En), "the day is written `5`, not `05`");
    assert_eq!(for_page(&d).0, "Đoạn 8: Ngày tháng ghi `5`, phải ghi `05`.");
    let m = Msg::Margin { side: Box::new(Text::MarginLeft), value: "25.0".into(), low: "30".into(), high: "35".into() };
    assert_eq!((m.render(Lang::En), m.hint(Lang::En)), ("the left margin is `25.0` mm".to_string(), Some("ND30: left margin 30–35 mm".to_string())));
    assert_eq!((m.render(Lang::Vi), m.hint(Lang::Vi)), ("Lề trái là `25.0` mm.".to_string(), Some("Nghị định 30: lề trái 30–35 mm.".to_string())));
    let m = Msg::FontStyle { element: Box::new(Text::ElementTrichYeu), style: Box::new(Text::StyleNotBold), want: Box::new(Text::WantBold) };
    assert_eq!((m.render(Lang::En), m.hint(Lang::En).unwrap()), ("the trích yếu is `not bold`".to_string(), "ND30: the trích yếu in bold".to_string()));
    assert_eq!(m.hint(Lang::Vi).unwrap(), "Nghị định 30: trích yếu chữ đậm.");
}
