//! Every DOCX vanban writes is valid OOXML, as an independent validator sees it:
//! `openxml-audit` (PyPI; the Open XML SDK's schema and semantic rules), for Microsoft 365.
//! The samples, every starter, documents with the elements the samples lack (line breaks,
//! symbols, long words, narrow columns, appendices without label) and bulk rows of both
//! shipped templates. README's test command (`bash tests/run.sh`) installs the validator.

use crate::common::*;

#[test]
fn every_docx_vanban_writes_is_valid_ooxml() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docx");
    std::fs::create_dir_all(&dir).unwrap();
    let mut expected = 0;
    for (name, input) in documents() {
        let out = dir.join(format!("{name}.docx"));
        let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        expected += 1;
    }
    // What the samples do not have: pasted breaks, symbols (no-break hyphens), long words,
    // per-cell padding, per-column alignment, appendices with and without a label.
    let cases = [
        ke_hoach(
            r#"["Dòng một\u000bdòng hai\u000cba, số 98/2023/NĐ-CP và https://moet.gov.vn/van-ban/Pages/chi-tiet.aspx?ItemID=123456789012345678901234567890abcdef./."]"#,
            "",
        ),
        ke_hoach(
            r#"["Nội dung./."]"#,
            r#""phu_luc": [{"so": "I", "ngang": true, "ten": "BẢNG", "noi_dung": [{"bang": {"cot": [0.5, 8, 2], "can": ["giua", "trai", "phai"], "dau": [["STT", "Nội dung", "Số"]], "dong": [["1", "SBD2026000123456789000", "1.000"], [{"text": "Cộng", "gop_cot": 2, "dam": true}, "1.000"]]}}]},
                          {"nhan": false, "ten": "DANH SÁCH", "noi_dung": ["Nội dung."]}]"#,
        ),
    ];
    for (i, json) in cases.iter().enumerate() {
        let input = tmp.path().join(format!("case{i}.json"));
        std::fs::write(&input, json).unwrap();
        let out = dir.join(format!("case{i}.docx"));
        let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "case {i}: {}", stderr(&o));
        expected += 1;
    }
    // Bulk rows of both shipped templates: the first 60 schools.
    let csv = std::fs::read_to_string(root().join("samples/truong.csv")).unwrap();
    let rows = tmp.path().join("truong-60.csv");
    std::fs::write(&rows, csv.lines().take(61).collect::<Vec<_>>().join("\n")).unwrap();
    for template in ["phieu-bao-cao-quy", "bao-cao-quy"] {
        let out = dir.join(template);
        let o = vanban(&["bulk", template, "--rows", rows.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--format", "docx"]);
        assert!(o.status.success(), "{template}: {}", stderr(&o));
        expected += 60;
    }
    let (checked, report) = audit(&dir);
    assert_eq!(checked, expected, "the validator checked {checked} of {expected} files");
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_validator_finds_a_broken_docx() {
    // So that the test above cannot pass on a validator that accepts anything: docx-rs's own
    // output, before vanban puts it into schema order, is refused.
    let tmp = tempfile::tempdir().unwrap();
    let raw = docx_rs::Docx::new()
        .add_paragraph(docx_rs::Paragraph::new().align(docx_rs::AlignmentType::Center).add_run(docx_rs::Run::new().add_text("x").size(28).bold()))
        .build();
    let mut bytes = std::io::Cursor::new(Vec::new());
    raw.pack(&mut bytes).unwrap();
    std::fs::write(tmp.path().join("raw.docx"), bytes.into_inner()).unwrap();
    let (checked, report) = audit(tmp.path());
    assert_eq!(checked, 1);
    assert!(report.contains("Unexpected element"), "{report}");
}
