//! The images of ký số (`../shared/spec/nd30.md`, "Electronic documents and digital
//! signatures"): the signer's signature centred between title and name, the agency's seal at
//! its real size over the left third of the signature — in the PDF's layout, in LibreOffice's
//! rendering of the DOCX, and in the rendered page's colours; and every way an image is
//! refused (missing, not a PNG, too large, outside the document's folder) until allowed.

use crate::common::*;
use std::path::{Path, PathBuf};
use vanban::render::inspect::{pages, Rect};
use vanban::render::{fonts::FontSet, pdf::Engine};

const LEFT: f64 = 30.0;
const TEXT_W: f64 = 210.0 - 30.0 - 15.0;
const PT: f64 = 72.0 / 25.4;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Pixels that are clearly red, and clearly blue, inside and outside `rect` (mm).
fn colour_counts(img: &(usize, usize, Vec<u8>), dpi: f64, red_rect: &Rect, blue_rect: &Rect) -> [usize; 4] {
    let (w, h, px) = img;
    let inside = |r: &Rect, x: usize, y: usize| {
        let (xm, ym) = (x as f64 * 25.4 / dpi, y as f64 * 25.4 / dpi);
        xm >= r.x - 0.5 && xm <= r.x + r.width + 0.5 && ym >= r.y - 0.5 && ym <= r.y + r.height + 0.5
    };
    let mut counts = [0; 4];
    for y in 0..*h {
        for x in 0..*w {
            let k = (y * w + x) * 3;
            let (r, g, b) = (px[k] as i32, px[k + 1] as i32, px[k + 2] as i32);
            if r > 150 && g < 90 && b < 90 {
                counts[if inside(red_rect, x, y) { 0 } else { 1 }] += 1;
            } else if b > 120 && r < 90 && g < 110 {
                counts[if inside(blue_rect, x, y) { 2 } else { 3 }] += 1;
            }
        }
    }
    counts
}

#[test]
fn the_signature_and_the_seal_sit_where_the_decree_puts_them() {
    let input = sample("cong-van-ky-so");
    let (doc, warnings) = vanban::load(input.to_str().unwrap()).expect("the sample loads");
    assert!(!warnings.iter().any(|w| w.code.starts_with("image")), "{warnings:?}");
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let laid = pages(&engine.layout(&doc).unwrap());
    let (n, page) = laid.iter().enumerate().find(|(_, p)| !p.images.is_empty()).expect("a page with the images");
    let (sig, seal) = (&page.images[0], &page.images[1]);
    let title = page.find("PHÓ GIÁM ĐỐC").unwrap();
    let name = page.find("Hoàng Văn Nam").unwrap();
    // The signature at its physical size (40 × 16 mm, from the file), centred in the
    // signature's column, between the title and the name.
    assert!(close(sig.width, 40.0, 0.05) && close(sig.height, 16.0, 0.05), "{sig:?}");
    let column_centre = LEFT + TEXT_W * 0.75;
    assert!(close(sig.x + sig.width / 2.0, column_centre, 0.3), "{sig:?}");
    assert!(sig.y > title.y && sig.y + sig.height < name.y - 3.0, "between title ({:.1}) and name ({:.1}): {sig:?}", title.y, name.y);
    // The seal at its real size (36 mm), its right edge a third into the signature, centred
    // on it vertically.
    assert!(close(seal.width, 36.0, 0.05) && close(seal.height, 36.0, 0.05), "{seal:?}");
    assert!(close(seal.x + seal.width, sig.x + sig.width / 3.0, 0.3), "the seal covers the left third: {seal:?} / {sig:?}");
    assert!(close(seal.y + seal.height / 2.0, sig.y + sig.height / 2.0, 0.3));
    // The name stays where it is without images.
    let mut plain_doc = doc.clone();
    (plain_doc.sign_image, plain_doc.seal_image) = (None, None);
    let plain = pages(&engine.layout(&plain_doc).unwrap());
    assert!(close(plain[n].find("Hoàng Văn Nam").unwrap().y, name.y, 0.01), "the images take no room of their own");

    // The PDF and LibreOffice's rendering of the DOCX: the images at the same places.
    let dir = tempfile::tempdir().unwrap();
    let (pdf, docx) = (dir.path().join("ks.pdf"), dir.path().join("ks.docx"));
    let o = vanban(&["render", input.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "-o", docx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ours = pdf_images(&pdf, n + 1);
    assert_eq!(ours.len(), 2, "{ours:?}");
    for (got, want) in ours.iter().zip([sig, seal]) {
        assert!(close(got[0], want.x, 0.5) && close(got[1], want.y, 0.5) && close(got[2], want.width, 0.5), "{got:?} / {want:?}");
    }
    let lo = libreoffice_pdfs(std::slice::from_ref(&docx), &dir.path().join("lo"));
    let (our_lines, lo_lines) = (text_lines(&pdf), text_lines(&lo[0]));
    let name_y = |ls: &[Line]| ls.iter().find(|l| l.text.contains("Hoàng Văn Nam")).map(|l| (l.page, l.y / PT)).unwrap();
    let (a, b) = (name_y(&our_lines), name_y(&lo_lines));
    assert_eq!(a.0, b.0, "the name on the same page");
    let theirs = pdf_images(&lo[0], b.0);
    assert_eq!(theirs.len(), 2, "{theirs:?}");
    for (t, o) in theirs.iter().zip(&ours) {
        // Relative to the name line (the two writers' line tops differ by a constant).
        assert!(
            close(t[0], o[0], 1.0) && close(t[1] - b.1, o[1] - a.1, 1.5) && close(t[2], o[2], 0.3) && close(t[3], o[3], 0.3),
            "LibreOffice {t:?}, vanban {o:?}"
        );
    }
    let xml = docx_part(&docx, "word/document.xml");
    assert_eq!(xml.matches("<wp:anchor").count(), 2);
    assert!(xml.contains("<wp:wrapNone />"), "floating over the text");
    assert_valid_docx(dir.path());

    // The page as printed: red inside the seal only, blue inside the signature only.
    let img = pdftoppm(&pdf, n + 1, &["-r", "100"]);
    let [red_in, red_out, blue_in, blue_out] = colour_counts(&img, 100.0, seal, sig);
    assert!(red_in > 500 && red_out == 0, "red in the seal: {red_in}, elsewhere: {red_out}");
    assert!(blue_in > 300 && blue_out == 0, "blue in the signature: {blue_in}, elsewhere: {blue_out}");

    // The same input, the same bytes.
    let again = dir.path().join("again.pdf");
    assert!(vanban(&["render", input.to_str().unwrap(), "-o", again.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap());
}

/// A document in `dir` naming `sign` and `seal` as its images.
fn doc_with(dir: &Path, sign: &str, seal: &str) -> PathBuf {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample("cong-van-ky-so")).unwrap()).unwrap();
    v["ky"]["anh_chu_ky"] = sign.into();
    v["co_quan"]["anh_dau"] = seal.into();
    let f = dir.join("cv.json");
    std::fs::write(&f, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    f
}

#[test]
fn images_are_read_only_where_allowed_and_only_as_png() {
    let root_dir = tempfile::tempdir().unwrap();
    let dir = root_dir.path().join("van-ban");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("out.pdf");
    let sig = std::fs::read(root().join("samples/anh/chu-ky.png")).unwrap();
    // Missing, and not a PNG: both reported at once, each at its field with its file.
    std::fs::write(dir.join("dau.png"), b"GIF89a not a png").unwrap();
    let f = doc_with(&dir, "khong-co.png", "dau.png");
    let o = vanban(&["render", f.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("`ky.anh_chu_ky`") && err.contains("khong-co.png` is not found"), "{err}");
    assert!(err.contains("`co_quan.anh_dau`") && err.contains("`dau.png` is not a PNG"), "{err}");
    assert!(!pdf.exists(), "nothing written");
    // `check` finds the same.
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("khong-co.png` is not found") && stderr(&o).contains("is not a PNG"));

    // Too large.
    let mut big = sig.clone();
    big.resize(6 * 1024 * 1024, 0);
    std::fs::write(dir.join("to.png"), &big).unwrap();
    std::fs::write(dir.join("chu-ky.png"), &sig).unwrap();
    let f = doc_with(&dir, "chu-ky.png", "to.png");
    let o = vanban(&["render", f.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`to.png` is 6.0 MB, more than 5 MB"), "{}", stderr(&o));

    // Outside the document's folder: refused, by a relative and by an absolute path, until
    // its folder is allowed.
    let outside = root_dir.path().join("con-dau");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(root().join("samples/anh/dau.png"), outside.join("dau.png")).unwrap();
    for seal in ["../con-dau/dau.png".to_string(), outside.join("dau.png").display().to_string()] {
        let f = doc_with(&dir, "chu-ky.png", &seal);
        let o = vanban(&["render", f.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{seal}");
        assert!(stderr(&o).contains("is outside the document's folder") && stderr(&o).contains("--image-path"), "{}", stderr(&o));
        let o = vanban(&["render", f.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--image-path", outside.to_str().unwrap()]);
        assert!(o.status.success(), "{seal}: {}", stderr(&o));
        let o = vanban(&["check", f.to_str().unwrap(), "--image-path", outside.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }

    // Without transparency: a warning (its white would hide the signature under it).
    let mut opaque = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut opaque, 40, 40);
        enc.set_color(png::ColorType::Rgb);
        enc.write_header().unwrap().write_image_data(&[255u8; 40 * 40 * 3]).unwrap();
    }
    std::fs::write(dir.join("trang.png"), &opaque).unwrap();
    let f = doc_with(&dir, "chu-ky.png", "trang.png");
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert!(o.status.success() && stderr(&o).contains("warning[image-background]") && stderr(&o).contains("`co_quan.anh_dau`"), "{}", stderr(&o));

    // A document that does not come from a file (the web editor) reads no image.
    let text = std::fs::read_to_string(sample("cong-van-ky-so")).unwrap();
    let (c, diags) = vanban::analyse("van-ban.json", &text, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    assert!(c.is_none() && diags.iter().any(|d| d.code == "image" && d.message.contains("not read here")), "{diags:?}");
}
