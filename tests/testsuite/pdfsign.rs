//! ND30's electronic documents (`../shared/spec/nd30.md`, "Electronic documents and digital
//! signatures"): `render --signature-field` adds an empty signature field over the signer's
//! block (or top right of page 1 for an attachment signed in a file of its own), as an
//! incremental update; `--pdf-standard a-2b|a-3b` writes PDF/A for archiving. Read back with
//! an independent reader, pikepdf (qpdf's Python binding, installed by tests/run.sh; its
//! interpreter is `VANBAN_PYTHON`), and with poppler and qpdf.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const PT: f64 = 72.0 / 25.4;

fn python() -> String {
    std::env::var("VANBAN_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// What pikepdf reads of `pdf`: the fields, the page each is on, the PDF/A metadata, the
/// output intents, the attachments and any transparency group of a page, as JSON.
fn read(pdf: &Path) -> serde_json::Value {
    const SCRIPT: &str = r#"
import json, sys, pikepdf
p = pikepdf.open(sys.argv[1])
out = {"pages": len(p.pages), "fields": [], "sigflags": None, "pdfa": None, "intents": [], "attachments": {}, "af": "/AF" in p.Root, "groups": 0}
pages = [pg.obj.objgen for pg in p.pages]
if "/AcroForm" in p.Root:
    af = p.Root.AcroForm
    out["sigflags"] = int(af.get("/SigFlags", 0))
    for f in af.Fields:
        out["fields"].append({"ft": str(f.FT), "name": str(f.T), "rect": [float(x) for x in f.Rect], "value": "/V" in f,
            "page": pages.index(f.P.objgen), "flags": int(f.F), "appearance": "/AP" in f,
            "annotated": any(a.objgen == f.objgen for a in p.pages[pages.index(f.P.objgen)].obj.get("/Annots", []))})
m = p.open_metadata()
out["pdfa"] = [m.get("pdfaid:part"), m.get("pdfaid:conformance")]
for oi in p.Root.get("/OutputIntents", []):
    out["intents"].append([str(oi.S), "/DestOutputProfile" in oi])
for name, spec in p.attachments.items():
    out["attachments"][name] = {"rel": str(spec.obj.get("/AFRelationship")), "data": spec.get_file().read_bytes().decode("utf-8")}
out["groups"] = sum(1 for pg in p.pages if "/Group" in pg.obj)
print(json.dumps(out))
"#;
    let o = Command::new(python())
        .arg("-c")
        .arg(SCRIPT)
        .arg(pdf)
        .output()
        .expect("python with pikepdf: run `bash tests/run.sh`, which installs it (VANBAN_PYTHON)");
    assert!(o.status.success(), "pikepdf could not read {}: {}", pdf.display(), String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn render(dir: &Path, name: &str, input: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!("{name}.pdf"));
    let mut args = vec!["render", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = vanban(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn qpdf_check(pdf: &Path) {
    let o = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf");
    assert!(o.status.success(), "qpdf --check {}: {}", pdf.display(), String::from_utf8_lossy(&o.stdout));
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// The bounding box, in points from the page's bottom left, of the pixels of `grey` (±3) on
/// page `page` (from 1) rendered at 72 dpi without anti-aliasing (so text is black or white).
fn grey_box(pdf: &Path, page: usize, grey: u8) -> Option<[f64; 4]> {
    let (w, h, pixels) = pdftoppm(pdf, page, &["-r", "72", "-gray", "-aa", "no", "-aaVector", "no"]);
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..h {
        for x in 0..w {
            if pixels[y * w + x].abs_diff(grey) <= 3 {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    (x0 != usize::MAX).then(|| [x0 as f64, (h - y1 - 1) as f64, (x1 + 1) as f64, (h - y0) as f64])
}

#[test]
fn an_empty_signature_field_sits_over_the_signer_s_block_as_an_incremental_update() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("ke-hoach-truong-tc-cai-be");
    let plain = render(dir.path(), "plain", &input, &[]);
    let signed = render(dir.path(), "field", &input, &["--signature-field"]);
    // The rest of the PDF is unchanged: the bytes vanban writes come first, as they are.
    let (a, b) = (std::fs::read(&plain).unwrap(), std::fs::read(&signed).unwrap());
    assert!(b.len() > a.len() && b.starts_with(&a), "not an incremental update of the plain PDF");
    assert_eq!(pdftotext(&plain), pdftotext(&signed), "the same text");
    qpdf_check(&signed);

    let r = read(&signed);
    let fields = r["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 1, "{r}");
    let f = &fields[0];
    assert_eq!(f["ft"], "/Sig");
    assert_eq!(f["name"], "106/KH-TCKTNVCB", "named by the number and symbol");
    assert_eq!(f["value"], false, "empty: not signed");
    assert_eq!(f["annotated"], true, "in its page's annotations");
    assert_eq!(f["flags"], 4, "printed");
    assert_eq!(f["appearance"], true);
    assert_eq!(r["sigflags"], 1);

    // The rectangle, against the signer's title and name as poppler finds them on that page.
    let page = f["page"].as_u64().unwrap() as usize + 1;
    let lines = text_lines(&signed);
    let on = |t: &str| lines.iter().find(|l| l.page == page && l.text.contains(t)).unwrap_or_else(|| panic!("`{t}` not on page {page}"));
    let (title, name) = (on("HIỆU TRƯỞNG"), on("Lê Hiển Vinh"));
    let h = 297.0 * PT;
    let rect: Vec<f64> = f["rect"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    // pdftotext's y is the top of the line's box from the page's top, in points.
    let title_foot = h - (title.y + 14.0 * 1.15);
    let name_top = h - name.y;
    assert!(rect[3] <= title_foot + 3.0 && rect[3] >= title_foot - 6.0, "top {:.1} under the title (foot {:.1})", rect[3], title_foot);
    assert!(rect[1] >= name_top - 3.0 && rect[1] <= name_top + 8.0, "bottom {:.1} over the name (top {:.1})", rect[1], name_top);
    assert!(rect[3] - rect[1] >= 20.0 * PT, "room for a signature: {:.1} pt", rect[3] - rect[1]);
    assert!(close(rect[0], (30.0 + 165.0 / 2.0) * PT, 0.5) && close(rect[2], 195.0 * PT, 0.5), "the signature's column: {rect:?}");
    let centre = (title.x0 + title.x1) / 2.0;
    assert!(rect[0] < centre && centre < rect[2], "over the title's centre");

    // The page as a reader shows it: the field's grey frame, where the field is.
    let frame = grey_box(&signed, page, 153).expect("the field's frame is drawn");
    for k in 0..4 {
        assert!(close(frame[k], rect[k], 2.0), "frame {frame:?} against the field {rect:?}");
    }
    assert!(grey_box(&plain, page, 153).is_none(), "no such frame without the field");

    // The same input, the same bytes.
    let again = render(dir.path(), "again", &input, &["--signature-field"]);
    assert_eq!(std::fs::read(&again).unwrap(), b);
}

/// The decree's electronic document whole: the signature and seal images in place, and an
/// empty signature field over them, where the signing software will sign.
#[test]
fn a_document_with_its_images_has_the_field_over_them() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(dir.path(), "ky-so", &sample("cong-van-ky-so"), &["--signature-field"]);
    qpdf_check(&pdf);
    let r = read(&pdf);
    let f = &r["fields"][0];
    assert_eq!(f["ft"], "/Sig");
    assert_eq!(f["value"], false);
    assert_eq!(f["name"], "38/SGDĐT-VP");
    let page = f["page"].as_u64().unwrap() as usize + 1;
    let rect: Vec<f64> = f["rect"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    // In mm from the page's top left, as poppler gives the images.
    let (fx0, fx1) = (rect[0] / PT, rect[2] / PT);
    let (ftop, fbottom) = (297.0 - rect[3] / PT, 297.0 - rect[1] / PT);
    let images = pdf_images(&pdf, page);
    assert_eq!(images.len(), 2, "the signature and the seal on the field's page: {images:?}");
    let sig = images[0];
    assert!(sig[0] >= fx0 - 0.5 && sig[0] + sig[2] <= fx1 + 0.5, "the signature within the field's width: {sig:?} / {rect:?}");
    assert!(sig[1] >= ftop - 0.5 && sig[1] + sig[3] <= fbottom + 0.5, "the signature within the field's height: {sig:?} / ({ftop:.1}, {fbottom:.1})");
    // The page as shown: the field's frame at its rectangle, the seal's red where the seal is.
    let frame = grey_box(&pdf, page, 153).expect("the field's frame is drawn");
    for k in 0..4 {
        assert!(close(frame[k], rect[k], 2.0), "frame {frame:?} against the field {rect:?}");
    }
    let (w, h, px) = pdftoppm(&pdf, page, &["-r", "72"]);
    let seal = images[1];
    let red = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|(x, y)| {
            let k = (y * w + x) * 3;
            px[k] > 150 && px[k + 1] < 90 && px[k + 2] < 90
        })
        .map(|(x, y)| (x as f64 / PT, y as f64 / PT))
        .collect::<Vec<_>>();
    assert!(
        red.len() > 100
            && red.iter().all(|(x, y)| *x >= seal[0] - 1.0 && *x <= seal[0] + seal[2] + 1.0 && *y >= seal[1] - 1.0 && *y <= seal[1] + seal[3] + 1.0),
        "red only in the seal"
    );
}

/// A document numbered by the register as it renders: its field carries the number given.
#[test]
fn the_field_is_named_after_the_number_the_register_gives() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so.db");
    let register = format!("--register={}", db.display());
    // The Kế hoạch of Quảng Ngãi has no number yet: the register gives it 01.
    let pdf = render(dir.path(), "numbered", &sample("ke-hoach-so-gddt-quang-ngai"), &["--signature-field", &register]);
    let r = read(&pdf);
    assert_eq!(r["fields"][0]["name"], "01/KH-SGDĐT", "{r}");
    assert!(pdftotext(&pdf).contains("Số: 01/KH-SGDĐT"));
}

#[test]
fn an_attachment_is_signed_top_right_of_its_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(dir.path(), "att", &sample("cong-van-so-gddt-quang-ngai"), &["--signature-field", "dinh-kem"]);
    qpdf_check(&pdf);
    let r = read(&pdf);
    let f = &r["fields"][0];
    assert_eq!(f["page"], 0);
    // No number yet: named by the symbol.
    assert_eq!(f["name"], "SGDDĐT-GDTHSSV");
    let rect: Vec<f64> = f["rect"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let h = 297.0 * PT;
    assert!(close(rect[2], 195.0 * PT, 0.5), "flush with the text's right edge: {rect:?}");
    assert!(close(rect[3], h - 5.0 * PT, 0.5) && rect[1] > h - 20.0 * PT, "in the top margin: {rect:?}");
    let frame = grey_box(&pdf, 1, 153).expect("drawn");
    for k in 0..4 {
        assert!(close(frame[k], rect[k], 2.0), "frame {frame:?} against the field {rect:?}");
    }
}

#[test]
fn pdf_a_2b_and_3b_carry_their_identification_output_intent_fonts_and_source() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("ke-hoach-so-gddt-quang-ngai");
    let a2 = render(dir.path(), "a2", &input, &["--pdf-standard", "a-2b"]);
    let r = read(&a2);
    assert_eq!(r["pdfa"], serde_json::json!(["2", "B"]), "{r}");
    assert_eq!(r["intents"], serde_json::json!([["/GTS_PDFA1", true]]), "an output intent with its ICC profile");
    assert_eq!(r["groups"], 0, "no transparency group on any page");
    assert!(r["attachments"].as_object().unwrap().is_empty());
    let fonts = Command::new("pdffonts").arg(&a2).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty() && rows.iter().all(|l| l.split_whitespace().rev().nth(4) == Some("yes")), "every font embedded:\n{fonts}");
    qpdf_check(&a2);

    // PDF/A-3b: the document's JSON attached as its source, byte for byte.
    let a3 = render(dir.path(), "a3", &input, &["--pdf-standard", "a-3b"]);
    let r = read(&a3);
    assert_eq!(r["pdfa"], serde_json::json!(["3", "B"]));
    let att = &r["attachments"]["ke-hoach-so-gddt-quang-ngai.json"];
    assert_eq!(att["rel"], "/Source", "{r}");
    assert_eq!(att["data"].as_str().unwrap(), std::fs::read_to_string(&input).unwrap());
    assert_eq!(r["af"], true, "the catalogue lists it as an associated file");
    // The pages are the plain PDF's.
    let plain = render(dir.path(), "plain", &input, &[]);
    assert_eq!(pdftotext(&plain), pdftotext(&a3));

    // Both at once: a PDF/A with its signature field; the same bytes again.
    let both = render(dir.path(), "both", &input, &["--pdf-standard", "a-3b", "--signature-field"]);
    let r = read(&both);
    assert_eq!(r["pdfa"], serde_json::json!(["3", "B"]));
    assert_eq!(r["fields"].as_array().unwrap().len(), 1);
    qpdf_check(&both);
    let again = render(dir.path(), "both2", &input, &["--pdf-standard", "a-3b", "--signature-field"]);
    assert_eq!(std::fs::read(&both).unwrap(), std::fs::read(&again).unwrap());

    // With --data, the data row is the source.
    let row = dir.path().join("truong.json");
    let text = r#"{"truong": {"ma": "THCS-0007", "ten": "Trường THCS Nguyễn Du", "cap": "THCS", "xa": "Xã Tiên Điền", "hieu_truong": "Trần Thị Bình"},
        "ky": {"quy": 3, "nam": 2026}, "so_cbql": 3, "so_gv": 40, "so_hs": 1919, "cbql_hoan_thanh": 3, "gv_hoan_thanh": 38,
        "hs_tai_khoan": 1500, "hs_hoan_thanh": 1200, "so_lop_tap_huan": 2, "kinh_phi": 153000}"#;
    std::fs::write(&row, text).unwrap();
    let out = dir.path().join("row.pdf");
    let o = vanban(&["render", "bao-cao-quy", "--data", row.to_str().unwrap(), "-o", out.to_str().unwrap(), "--pdf-standard", "a-3b"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = read(&out);
    assert_eq!(r["attachments"]["truong.json"]["data"].as_str(), Some(text), "{r}");
}

#[test]
fn bad_values_are_refused_with_the_allowed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let input = sample("ke-hoach-so-gddt-quang-ngai");
    let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--pdf-standard", "a-1a"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a-2b") && stderr(&o).contains("a-3b"), "{}", stderr(&o));
    let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--signature-field", "goc-trai"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nguoi-ky") && stderr(&o).contains("dinh-kem"), "{}", stderr(&o));
    // PDF/A-3b attaches the input file: standard input has none.
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["render", "-", "-o", out.to_str().unwrap(), "--pdf-standard", "a-3b"])
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input"), "{}", stderr(&o));
    assert!(!out.exists());
}
