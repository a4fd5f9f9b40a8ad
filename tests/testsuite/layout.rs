//! The layout itself, read from the laid-out pages, against `../shared/spec/nd30.md`:
//! positions, sizes and styles of the letterhead, number and date line, title, signature and
//! Nơi nhận; margins; page numbers from page 2 and per appendix.

use crate::common::*;
use vanban::render::inspect::{pages, PageView, TextRun};
use vanban::render::{fonts::FontSet, pdf::Engine};

const LEFT: f64 = 30.0;
const RIGHT: f64 = 15.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 20.0;
const TEXT_W: f64 = 210.0 - LEFT - RIGHT;

fn layout(name: &str) -> Vec<PageView> {
    let (doc, _warnings) = vanban::load(sample(name).to_str().unwrap()).expect("sample loads");
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    pages(&engine.layout(&doc).expect("sample lays out"))
}

fn run<'a>(p: &'a PageView, needle: &str) -> &'a TextRun {
    p.find(needle).unwrap_or_else(|| panic!("`{needle}` not on the page: {:#?}", p.lines()))
}

fn centre(r: &TextRun) -> f64 {
    r.x + r.width / 2.0
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn in_range(x: f64, lo: f64, hi: f64) -> bool {
    x >= lo - 1e-6 && x <= hi + 1e-6
}

/// The rule whose top is within `gap` mm below `r`'s baseline.
fn rule_below<'a>(p: &'a PageView, r: &TextRun, gap: f64) -> &'a vanban::render::inspect::Rule {
    p.rules
        .iter()
        .filter(|l| l.y > r.y && l.y - r.y < gap && l.x + l.length / 2.0 > r.x && l.x + l.length / 2.0 < r.x + r.width)
        .min_by(|a, b| a.y.total_cmp(&b.y))
        .unwrap_or_else(|| panic!("no rule under `{}`", r.text))
}

fn check_first_page(name: &str, issuer_line: &str, has_title: bool) {
    let pages = layout(name);
    let p = &pages[0];
    assert!(close(p.width, 210.0, 0.1) && close(p.height, 297.0, 0.1), "{name}: not A4 portrait");

    // Margins: nothing outside the text block.
    for r in &p.runs {
        assert!(r.x >= LEFT - 0.5 && r.x + r.width <= 210.0 - RIGHT + 0.5, "{name}: `{}` outside the side margins", r.text);
        assert!(r.y >= TOP && r.y <= 297.0 - BOTTOM, "{name}: `{}` outside the top/bottom margins", r.text);
    }

    let split = LEFT + TEXT_W * 0.42;
    let right_centre = split + (210.0 - RIGHT - split) / 2.0;
    let left_centre = LEFT + (split - LEFT) / 2.0;

    let qh = run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(qh.bold && !qh.italic && in_range(qh.size, 12.0, 13.0), "{name}: Quốc hiệu style {qh:?}");
    assert!(close(centre(qh), right_centre, 0.5), "{name}: Quốc hiệu not centred in the right column");

    let tn = run(p, "Độc lập - Tự do - Hạnh phúc");
    assert!(tn.bold && !tn.italic && in_range(tn.size, 13.0, 14.0), "{name}: Tiêu ngữ style {tn:?}");
    assert!(tn.y > qh.y && close(centre(tn), centre(qh), 0.3), "{name}: Tiêu ngữ not centred under the Quốc hiệu");
    let rule = rule_below(p, tn, 4.0);
    assert!(close(rule.length, tn.width, 0.3), "{name}: Tiêu ngữ rule {} mm, text {} mm", rule.length, tn.width);
    assert!(close(rule.x + rule.length / 2.0, centre(tn), 0.3));

    let issuer = run(p, issuer_line);
    assert!(issuer.bold && !issuer.italic && in_range(issuer.size, 12.0, 13.0), "{name}: issuer style {issuer:?}");
    assert!(close(centre(issuer), left_centre, 0.5), "{name}: issuer not centred in the left column");
    let irule = rule_below(p, issuer, 4.0);
    let ratio = irule.length / issuer.width;
    assert!((1.0 / 3.0..=0.5).contains(&ratio), "{name}: issuer rule is {ratio:.2} of the issuer line");
    assert!(close(irule.x + irule.length / 2.0, centre(issuer), 0.3));

    let so = run(p, "Số:");
    assert!(!so.bold && !so.italic && close(so.size, 13.0, 0.01), "{name}: number line style {so:?}");
    assert!(so.y > irule.y && close(centre(so), left_centre, 0.5), "{name}: number line not under the issuer");
    let date = run(p, ", ngày");
    assert!(date.italic && !date.bold && in_range(date.size, 13.0, 14.0), "{name}: date style {date:?}");
    assert!(close(date.y, so.y, 0.3), "{name}: date line not on the line of Số");
    assert!(close(centre(date), centre(tn), 0.5), "{name}: date line not centred under the Tiêu ngữ");

    if has_title {
        let mut runs: Vec<&TextRun> = p.runs.iter().filter(|r| r.y > so.y + 1.0).collect();
        runs.sort_by(|a, b| a.y.total_cmp(&b.y));
        let kind = runs.first().expect("a kind line");
        assert!(kind.bold && in_range(kind.size, 13.0, 14.0) && kind.text == vn_upper(&kind.text), "{name}: kind line {kind:?}");
        assert!(close(centre(kind), LEFT + TEXT_W / 2.0, 0.5), "{name}: kind line not centred");
        let summary = runs[1];
        assert!(summary.bold && in_range(summary.size, 13.0, 14.0) && close(centre(summary), LEFT + TEXT_W / 2.0, 0.5));
        // The rule under the trích yếu: centred, 1/3–1/2 of its widest line.
        let srule = p
            .rules
            .iter()
            .filter(|l| l.y > summary.y && l.y < summary.y + 30.0 && close(l.x + l.length / 2.0, LEFT + TEXT_W / 2.0, 0.3))
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .expect("a rule under the trích yếu");
        let widest = runs.iter().filter(|r| r.y > kind.y && r.y < srule.y && r.bold).map(|r| r.width).fold(0.0, f64::max);
        let ratio = srule.length / widest;
        assert!((1.0 / 3.0..=0.5).contains(&ratio), "{name}: trích yếu rule is {ratio:.2} of its widest line");
    }
}

fn vn_upper(s: &str) -> String {
    vanban::vn::upper(s)
}

#[test]
fn first_page_ke_hoach_quang_ngai() {
    check_first_page("ke-hoach-so-gddt-quang-ngai", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", true);
}

#[test]
fn first_page_ke_hoach_cai_be() {
    check_first_page("ke-hoach-truong-tc-cai-be", "KỸ THUẬT - NGHIỆP VỤ CÁI BÈ", true);
}

#[test]
fn first_page_bao_cao() {
    check_first_page("bao-cao-so-gddt-ha-tinh", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", true);
}

#[test]
fn first_page_son_la() {
    check_first_page("ke-hoach-cao-dang-son-la", "TRƯỜNG CAO ĐẲNG SƠN LA", true);
}

#[test]
fn first_page_cong_van_has_vv_under_the_number_and_no_kind() {
    check_first_page("cong-van-so-gddt-quang-ngai", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", false);
    let pages = layout("cong-van-so-gddt-quang-ngai");
    let p = &pages[0];
    let so = run(p, "Số:");
    let vv = run(p, "V/v");
    assert!(vv.y > so.y && vv.y - so.y < 12.0 && !vv.bold && in_range(vv.size, 12.0, 13.0), "V/v {vv:?}");
    assert!(p.find("CÔNG VĂN").is_none());
    let kg = run(p, "Kính gửi:");
    assert!(close(kg.size, 14.0, 0.01));
}

/// The signature block and Nơi nhận on the last page of the main text.
fn check_signature(name: &str, title: &str) {
    let pages = layout(name);
    let p = pages.iter().find(|p| p.find("Nơi nhận:").is_some()).expect("a page with Nơi nhận");
    let nn = run(p, "Nơi nhận:");
    assert!(nn.bold && nn.italic && close(nn.size, 12.0, 0.01), "{name}: Nơi nhận label {nn:?}");
    assert!(nn.x < LEFT + 1.0, "{name}: Nơi nhận not at the left");
    let entries: Vec<&TextRun> = p.runs.iter().filter(|r| r.text.starts_with("- ") && r.x < LEFT + 1.0 && r.y > nn.y).collect();
    assert!(!entries.is_empty());
    for e in &entries {
        assert!(close(e.size, 11.0, 0.01) && !e.bold && !e.italic, "{name}: entry {e:?}");
    }
    assert!(entries.last().unwrap().text.starts_with("- Lưu: VT"), "{name}: last entry {:?}", entries.last());

    let t = run(p, title);
    assert!(t.bold && !t.italic && in_range(t.size, 13.0, 14.0), "{name}: signature title {t:?}");
    assert!(close(t.y, nn.y, 1.5), "{name}: signature title not level with Nơi nhận");
    assert!(t.x > LEFT + TEXT_W / 2.0 - 1.0, "{name}: signature not in the right half");
    let right_centre = LEFT + TEXT_W * 0.75;
    assert!(close(centre(t), right_centre, 0.5), "{name}: signature title not centred in the right half");
    let last = p.runs.iter().filter(|r| r.x > LEFT + TEXT_W / 2.0 - 1.0 && r.bold).max_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
    assert!(last.y - t.y >= 25.0, "{name}: no room for signature and seal");
    assert!(close(centre(last), right_centre, 0.5) && in_range(last.size, 13.0, 14.0), "{name}: name {last:?}");
}

#[test]
fn signature_and_noi_nhan() {
    check_signature("ke-hoach-so-gddt-quang-ngai", "GIÁM ĐỐC");
    check_signature("cong-van-so-gddt-quang-ngai", "KT. GIÁM ĐỐC");
    check_signature("ke-hoach-truong-tc-cai-be", "Q. HIỆU TRƯỞNG");
    check_signature("ke-hoach-cao-dang-son-la", "KT. HIỆU TRƯỞNG");
    check_signature("bao-cao-so-gddt-ha-tinh", "GIÁM ĐỐC");
}

fn page_number(p: &PageView) -> Option<&TextRun> {
    p.runs.iter().find(|r| r.y < TOP && r.text.chars().all(|c| c.is_ascii_digit()))
}

#[test]
fn page_numbers_from_page_two_and_per_appendix() {
    let pages = layout("ke-hoach-truong-tc-cai-be");
    assert!(page_number(&pages[0]).is_none(), "page 1 has a number");
    // Main text: pages 2.. until the first appendix numbered 2, 3, …
    let first_appendix = pages.iter().position(|p| p.find("Phụ lục I").is_some()).expect("appendix");
    assert!(first_appendix >= 2, "the main text should have at least two pages");
    for (i, p) in pages[1..first_appendix].iter().enumerate() {
        let n = page_number(p).unwrap_or_else(|| panic!("page {} has no number", i + 2));
        assert_eq!(n.text, (i + 2).to_string());
        assert!(in_range(n.size, 13.0, 14.0) && !n.bold && !n.italic);
        assert!(close(centre(n), p.width / 2.0 + (LEFT - RIGHT) / 2.0, 0.5), "page number not centred on the text block");
    }
    // Each appendix starts without a number and counts from 1 on its own.
    let starts: Vec<usize> =
        pages.iter().enumerate().filter(|(_, p)| p.runs.iter().any(|r| r.text.starts_with("Phụ lục ") && r.bold && r.y < 40.0)).map(|(i, _)| i).collect();
    assert_eq!(starts.len(), 2, "two appendices");
    assert!(page_number(&pages[starts[0]]).is_none());
    assert!(page_number(&pages[starts[1]]).is_none());
    assert!(starts[1] - starts[0] >= 2, "Phụ lục I should take more than one page");
    assert_eq!(page_number(&pages[starts[0] + 1]).expect("number on appendix page 2").text, "2");
    // Landscape appendix pages.
    assert!(close(pages[starts[0]].width, 297.0, 0.1) && close(pages[starts[0]].height, 210.0, 0.1));
}

#[test]
fn table_header_repeats_after_a_page_break() {
    let pages = layout("ke-hoach-truong-tc-cai-be");
    let with_header: Vec<usize> = pages
        .iter()
        .enumerate()
        // `Đơn vị/Cá nhân`: `vị/Cá` is a run of its own, kept on one line.
        .filter(|(_, p)| p.runs.iter().any(|r| r.text.contains("vị/Cá") && r.bold))
        .map(|(i, _)| i)
        .collect();
    assert!(with_header.len() >= 2, "the Phụ lục I table spans pages and repeats its header: {with_header:?}");
    assert_eq!(with_header[1], with_header[0] + 1);
}

#[test]
#[ignore]
fn debug_dump() {
    let pages = layout(&std::env::var("SAMPLE").unwrap());
    for (i, p) in pages.iter().enumerate() {
        println!("--- page {} {}x{}", i + 1, p.width, p.height);
        for r in &p.runs {
            println!("{:7.2} {:7.2} w{:7.2} {:4.1} b{} i{} {:?}", r.x, r.y, r.width, r.size, r.bold as u8, r.italic as u8, r.text);
        }
        for l in &p.rules {
            println!("RULE {:7.2} {:7.2} len {:7.2}", l.x, l.y, l.length);
        }
    }
}

#[test]
fn every_appendix_page_after_its_first_is_numbered_from_two() {
    for name in SAMPLES {
        let pages = layout(name);
        let mut expected = 0; // 0: before any page; page numbers expected per position
        for (i, p) in pages.iter().enumerate() {
            let starts_appendix = p.runs.iter().any(|r| r.text.starts_with("Phụ lục") && r.bold && r.y < 40.0);
            expected = if i == 0 || starts_appendix { 1 } else { expected + 1 };
            let got = page_number(p).map(|r| r.text.parse::<usize>().unwrap());
            let want = (expected > 1).then_some(expected);
            assert_eq!(got, want, "{name}: page {} should be numbered {want:?}", i + 1);
        }
    }
}

#[test]
fn page_numbers_added_after_layout_sit_where_typsts_own_header_puts_them() {
    // vanban lays a document out once and adds the page numbers afterwards; the Typst
    // project export lets the template's header number the pages itself (two passes).
    // Both must give the same pages, to the last run and rule.
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    for name in SAMPLES {
        let (doc, _) = vanban::load(sample(name).to_str().unwrap()).expect("sample loads");
        let after = pages(&engine.layout(&doc).expect("lays out"));
        let own = pages(&engine.layout_with(&doc, true).expect("lays out"));
        assert_eq!(after.len(), own.len(), "{name}: page count");
        for (i, (a, b)) in after.iter().zip(&own).enumerate() {
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}: page {}", i + 1);
        }
    }
}

/// `vanban typst-project` writes the project for Typst alone: the template, its parts, the
/// profile and the document, with Typst numbering the pages and setting the PDF's title and
/// author. (That path of the template is compiled by the test above; the typst CLI itself is
/// not installed here.)
#[test]
fn typst_project_export_writes_the_project_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("cong-van-so-gddt-quang-ngai");
    let o = vanban(&["typst-project", input.to_str().unwrap(), dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["data.json", "nd30-parts.typ", "nd30.typ", "profile.json"]);
    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("data.json")).unwrap()).unwrap();
    assert_eq!(data["numbers_in_typst"], true);
    let (doc, _) = vanban::load(input.to_str().unwrap()).unwrap();
    assert_eq!(data["doc"]["meta_title"], doc.meta_title.as_str());
    assert_eq!(data["doc"]["meta_author"], doc.meta_author.as_str());
    let main = std::fs::read_to_string(dir.path().join("nd30.typ")).unwrap();
    assert!(main.contains("#set document(title: D.meta_title, author: D.meta_author) if data.numbers_in_typst"), "{main}");
}
