//! Every sample renders to an A4 PDF in the bundled serif that says the seed's words in the
//! seed's order, with the letterhead, number line, title, signature and Nơi nhận in place.

use crate::common::*;
use std::process::Command;

/// Passages of a seed that are extraction artefacts, not document text, each with the
/// reason. A test fails if one of them is *not* missing any more, so the list stays true.
const ARTEFACTS: &[(&str, &str, &str)] = &[
    ("ke-hoach-truong-tc-cai-be", "https binhdanhocvuso gov vn https binhdanhocvuso gov vn", "link targets printed again after V.1 by the extraction"),
    ("ke-hoach-truong-tc-cai-be", "https binhdanhocvuso gov vn", "link target printed again before Phụ lục I"),
    (
        "ke-hoach-truong-tc-cai-be",
        "stt nhiệm vụ giải pháp đơn vị chủ trì đơn vị cá nhân phối hợp thời gian bắt đầu triển khai thực hiện",
        "the original's table header, repeated at its page break",
    ),
    (
        "ke-hoach-truong-tc-cai-be",
        "stt nhiệm vụ giải pháp đơn vị chủ trì đơn vị cá nhân phối hợp thời gian bắt đầu triển khai thực hiện",
        "the same, at the second page break",
    ),
    ("cong-van-so-gddt-quang-ngai", "n ttl", "the drafter's initials, a subscript `_{N TTL}` in the extraction, written NTTL"),
    (
        "bao-cao-so-gddt-ha-tinh",
        "iwznrzaaslecllehrua2flbqixmqbzcnrjbmfwcf9pzao2nji4nty4mzc5aaeejbkdk0riy9aa",
        "a 70-letter URL token: the PDF breaks it across two lines of its table cell",
    ),
    ("bao-cao-so-gddt-ha-tinh", "gi8ijwyqxnbmhtokmcoj0seg7bjmyzqc94", "the same URL, its next long token"),
    // The links of section 4 and of Phụ lục 2 are wider than their line or cell: they break
    // inside (as Word breaks them), and each piece is a word of its own here.
    ("bao-cao-so-gddt-ha-tinh", "tinh", "`ha-tinh-huong` broken after `ha-tinh-huong-dan-no`"),
    ("bao-cao-so-gddt-ha-tinh", "huong", "`3/huong-dan` after a break at `thu-`"),
    ("bao-cao-so-gddt-ha-tinh", "dia", "`quoc-gia-di|a-chi` broken inside `dia`"),
    ("bao-cao-so-gddt-ha-tinh", "categoryid", "`catego|ryId` broken inside"),
    ("bao-cao-so-gddt-ha-tinh", "dia", "the second link, broken inside `dia` too"),
    ("bao-cao-so-gddt-ha-tinh", "html", "`.ht|ml` broken inside"),
    ("bao-cao-so-gddt-ha-tinh", "bản", "the word diff pairs the seed's `bản` with a piece of these links"),
];

/// The seed's words, with the markup of the markdown/HTML export undone: `[text](url)` is
/// the text once, `\_` is `_`, `&amp;` is `&`, `VX<sub>1</sub>` is `VX1`.
fn seed_words(name: &str) -> Vec<String> {
    let raw = std::fs::read_to_string(root().join("tests/seeds").join(format!("{name}.txt"))).unwrap();
    let mut text = raw.replace("&amp;", "&").replace("\\_", "_").replace("\\_", "_").replace("<sub>", "").replace("</sub>", "");
    // Markdown links: keep the link text, drop `(target)`.
    while let Some(k) = text.find("](") {
        let end = text[k..].find(')').map(|e| k + e + 1).unwrap_or(text.len());
        text.replace_range(k..end, " ");
    }
    words(&text)
}

#[test]
fn every_sample_says_the_seed_words_in_order() {
    let mut report = String::new();
    for name in SAMPLES {
        let (_dir, pdf) = render_pdf(&sample(name));
        let got = words(&pdftotext(&pdf));
        let seed = seed_words(name);
        let mut missing = missing_in_order(&seed, &got);
        // Remove the runs explained as extraction artefacts, once each.
        for (s, artefact, why) in ARTEFACTS {
            if *s == name {
                let a = words(artefact).join(" ");
                match missing.iter().position(|m| *m == a) {
                    Some(k) => {
                        missing.remove(k);
                    }
                    None => report.push_str(&format!("{name}: artefact `{a}` ({why}) is no longer missing: update ARTEFACTS\n")),
                }
            }
        }
        if !missing.is_empty() {
            report.push_str(&format!("{name}: {} seed passages missing or out of order:\n", missing.len()));
            for m in &missing {
                report.push_str(&format!("    {m}\n"));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn every_sample_is_a4_in_the_bundled_serif() {
    for name in SAMPLES {
        let (_dir, pdf) = render_pdf(&sample(name));
        let info = pdfinfo(&pdf);
        assert!(info.contains("595.276 x 841.89") || info.contains("595.28 x 841.89"), "{name}: not A4:\n{info}");
        let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        let families: Vec<&str> = fonts.lines().skip(2).filter_map(|l| l.split_whitespace().next()).collect();
        assert!(!families.is_empty(), "{name}: no fonts");
        for f in families {
            assert!(f.contains("VanbanSerif"), "{name}: unexpected font {f}");
        }
    }
}

/// The lines of the first page and the last page of the main text, as `pdftotext -layout`
/// would not give them reliably, are checked on the PDF text in order.
#[test]
fn letterhead_title_signature_and_noi_nhan_in_order() {
    let cases: &[(&str, &[&str])] = &[
        (
            "ke-hoach-so-gddt-quang-ngai",
            &[
                "UBND TỈNH QUẢNG NGÃI",
                "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "/KH-SGDĐT",
                "Quảng Ngãi, ngày 30 tháng 6 năm 2025",
                "KẾ HOẠCH",
                "I. MỤC ĐÍCH, YÊU CẦU",
                "Nơi nhận:",
                "- Lưu: VT, VP.",
                "GIÁM ĐỐC",
            ],
        ),
        (
            "ke-hoach-truong-tc-cai-be",
            &[
                "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                "TRƯỜNG TRUNG CẤP",
                "Số: 106/KH-TCKTNVCB",
                "Cái Bè, ngày 17 tháng 10 năm 2025",
                "KẾ HOẠCH",
                "V. TỔ CHỨC THỰC HIỆN",
                "Q. HIỆU TRƯỞNG",
                "Lê Hiển Vinh",
                "Phụ lục I",
                "(Kèm theo Kế hoạch số 106/KH-TCKTNVCB ngày 17 tháng 10 năm 2025",
                "Phụ lục III",
                "Kỳ báo cáo: Quý....../năm......",
            ],
        ),
        (
            "cong-van-so-gddt-quang-ngai",
            &[
                "/SGDDĐT-GDTHSSV",
                "V/v triển khai Phong trào “Bình",
                "Quảng Ngãi, ngày",
                "tháng 4 năm 2026",
                "Kính gửi:",
                "- Các cơ sở giáo dục trên địa bàn tỉnh;",
                "- Như trên;",
                "KT. GIÁM ĐỐC",
                "PHÓ GIÁM ĐỐC",
                "Nguyễn Trọng Thắng",
            ],
        ),
        ("bao-cao-so-gddt-ha-tinh", &["UBND TỈNH HÀ TĨNH", "/BC-SGDĐT", "Hà Tĩnh, ngày", "BÁO CÁO", "Phụ lục 1", "Phụ lục 2"]),
        ("ke-hoach-cao-dang-son-la", &["UBND TỈNH SƠN LA", "TRƯỜNG CAO ĐẲNG SƠN LA", "/KH-CĐSL", "KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]),
    ];
    for (name, expected) in cases {
        let (_dir, pdf) = render_pdf(&sample(name));
        let text = pdftotext(&pdf).replace('\u{a0}', " ");
        let mut pos = 0;
        for e in *expected {
            match text[pos..].find(e) {
                Some(k) => pos += k + e.len(),
                None => panic!("{name}: `{e}` not found after position {pos}:\n{}", &text[..text.len().min(3000)]),
            }
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    let (_a, pa) = render_pdf(&sample("ke-hoach-truong-tc-cai-be"));
    let (_b, pb) = render_pdf(&sample("ke-hoach-truong-tc-cai-be"));
    assert_eq!(std::fs::read(pa).unwrap(), std::fs::read(pb).unwrap());
}

#[test]
fn out_dir_renders_every_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["render".to_string()];
    for s in SAMPLES {
        args.push(sample(s).to_string_lossy().into_owned());
    }
    args.push("--out-dir".into());
    args.push(dir.path().to_string_lossy().into_owned());
    let o = vanban(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    for s in SAMPLES {
        let p = dir.path().join(format!("{s}.pdf"));
        let bytes = std::fs::read(&p).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{s}");
    }
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty());
}

/// The bundled Vanban Serif is Liberation Serif without hinting: the same glyph for every
/// character, the same advance widths, kerning and line metrics (so the same line breaks as
/// Liberation Serif and Times New Roman), and no TrueType instructions left. Compared with
/// Debian's fonts-liberation2, which `.ci/run` installs.
#[test]
fn bundled_font_has_liberation_serif_metrics_without_hinting() {
    let system = std::path::Path::new("/usr/share/fonts/truetype/liberation2");
    assert!(system.is_dir(), "install Debian's fonts-liberation2 (as .ci/run does) for this comparison");
    for style in ["Regular", "Bold", "Italic", "BoldItalic"] {
        let ours = std::fs::read(root().join(format!("fonts/VanbanSerif-{style}.ttf"))).unwrap();
        let theirs = std::fs::read(system.join(format!("LiberationSerif-{style}.ttf"))).unwrap();
        let (a, b) = (ttf_parser::Face::parse(&ours, 0).unwrap(), ttf_parser::Face::parse(&theirs, 0).unwrap());
        let raw = ttf_parser::RawFace::parse(&ours, 0).unwrap();
        for tag in [b"fpgm", b"prep", b"cvt "] {
            assert!(raw.table(ttf_parser::Tag::from_bytes(tag)).is_none(), "{style}: hinting table {} left", String::from_utf8_lossy(tag));
        }
        assert_eq!(a.number_of_glyphs(), b.number_of_glyphs(), "{style}");
        assert_eq!((a.ascender(), a.descender(), a.line_gap(), a.units_per_em()), (b.ascender(), b.descender(), b.line_gap(), b.units_per_em()), "{style}");
        let mut checked = 0;
        for c in (0x20u32..0x250).chain(0x1E00..0x1F00).filter_map(char::from_u32) {
            let (ga, gb) = (a.glyph_index(c), b.glyph_index(c));
            assert_eq!(ga, gb, "{style}: glyph of {c:?}");
            if let (Some(ga), Some(gb)) = (ga, gb) {
                assert_eq!(a.glyph_hor_advance(ga), b.glyph_hor_advance(gb), "{style}: advance of {c:?}");
                assert_eq!(a.glyph_bounding_box(ga), b.glyph_bounding_box(gb), "{style}: outline of {c:?}");
                checked += 1;
            }
        }
        assert!(checked > 400, "{style}: only {checked} characters compared");
        let family = a.names().into_iter().filter(|n| n.name_id == ttf_parser::name_id::FAMILY).find_map(|n| n.to_string());
        assert_eq!(family.as_deref(), Some("Vanban Serif"), "{style}");
    }
}

/// The objects of a PDF written by krilla (no object streams): number → dictionary text and
/// stream bytes (still encoded).
fn pdf_objects(pdf: &[u8]) -> std::collections::HashMap<u32, (String, Vec<u8>)> {
    let mut objects = std::collections::HashMap::new();
    let find = |hay: &[u8], needle: &[u8], from: usize| hay[from..].windows(needle.len()).position(|w| w == needle).map(|k| k + from);
    let mut at = 0;
    while let Some(k) = find(pdf, b" 0 obj", at) {
        let start = pdf[..k].iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |p| p + 1);
        let num: u32 = std::str::from_utf8(&pdf[start..k]).unwrap().parse().unwrap();
        let end = find(pdf, b"endobj", k).unwrap();
        let body = &pdf[k + 6..end];
        let (dict, data) = match find(body, b"stream\n", 0) {
            Some(s) => {
                let dict = String::from_utf8_lossy(&body[..s]).into_owned();
                let len: usize = dict.split("/Length ").nth(1).unwrap().split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap();
                (dict, body[s + 7..s + 7 + len].to_vec())
            }
            None => (String::from_utf8_lossy(body).into_owned(), Vec::new()),
        };
        objects.insert(num, (dict, data));
        at = end;
    }
    objects
}

/// Each embedded font's /FontBBox is the union of the outlines of the glyphs in its subset,
/// in PDF glyph units: vanban's patch to krilla (`vendor/README.md`) measures them in the
/// original font, memoised from document to document, so this is checked on documents that
/// were rendered after others in the same process.
#[test]
fn embedded_fonts_bounding_boxes_are_those_of_their_glyphs() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["render".to_string()];
    args.extend(SAMPLES.iter().map(|s| sample(s).to_string_lossy().into_owned()));
    args.extend(["--out-dir".to_string(), dir.path().to_string_lossy().into_owned(), "--format".into(), "pdf".into()]);
    let o = vanban(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut checked = 0;
    for name in SAMPLES {
        let objects = pdf_objects(&std::fs::read(dir.path().join(format!("{name}.pdf"))).unwrap());
        for (dict, _) in objects.values().filter(|(d, _)| d.contains("/Type/FontDescriptor")) {
            let field = |key: &str| dict.split(key).nth(1).unwrap_or_else(|| panic!("{name}: no {key} in {dict}"));
            let bbox: Vec<f64> = field("/FontBBox[").split(']').next().unwrap().split_whitespace().map(|v| v.parse().unwrap()).collect();
            let file: u32 = field("/FontFile2 ").split_whitespace().next().unwrap().parse().unwrap();
            let mut font = Vec::new();
            flate2::read::ZlibDecoder::new(objects[&file].1.as_slice()).read_to_end(&mut font).unwrap();
            let face = ttf_parser::Face::parse(&font, 0).unwrap();
            let mut union: Option<[f64; 4]> = None;
            for g in 0..face.number_of_glyphs() {
                if let Some(r) = face.glyph_bounding_box(ttf_parser::GlyphId(g)) {
                    let r = [r.x_min, r.y_min, r.x_max, r.y_max].map(f64::from);
                    union = Some(match union {
                        None => r,
                        Some(u) => [u[0].min(r[0]), u[1].min(r[1]), u[2].max(r[2]), u[3].max(r[3])],
                    });
                }
            }
            let scale = 1000.0 / f64::from(face.units_per_em());
            let want = union.expect("glyphs with outlines").map(|v| v * scale);
            assert!(face.number_of_glyphs() > 10, "{name}: a subset of {} glyphs", face.number_of_glyphs());
            assert!(
                bbox.len() == 4 && bbox.iter().zip(want).all(|(got, w)| (got - w).abs() < 0.01),
                "{name}: /FontBBox {bbox:?}, the subset's glyphs span {want:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= SAMPLES.len() * 2, "only {checked} fonts checked");
}
