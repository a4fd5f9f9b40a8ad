//! Compose: turns the input [`Document`] into a [`Composed`] document in which every
//! printed string is decided (number line, date line, kind line, signature lines, inline
//! styles, numbering as written). Both back ends draw from it and decide nothing about text.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::metrics::{fit_line, Metrics};
use crate::model::{self, Align, Block, Document, ExplicitBlock, StrOr};
use crate::profile::Profile;
use crate::text::{self, LineKind, Span};
use crate::vn::{self, computed_symbol, parse_date, Kind};
use serde::Serialize;

/// The document with every printed string decided.
#[derive(Debug, Clone, Serialize)]
pub struct Composed {
    /// Kind id.
    pub kind: &'static str,
    /// Parent body lines.
    pub parent: Vec<String>,
    /// Issuing body lines.
    pub issuer: Vec<String>,
    /// `Số: 106/KH-TCKTNVCB`.
    pub number_line: String,
    /// `Quảng Ngãi, ngày 30 tháng 6 năm 2025`.
    pub date_line: String,
    /// Width of the letterhead's right column on the line of `Số:` and the date, mm: the
    /// right column's width, or wider where the date line needs it (a long place name).
    pub date_col_mm: f64,
    /// Công văn: the `V/v` lines under the number.
    pub vv: Vec<String>,
    /// `KẾ HOẠCH`; none for a công văn.
    pub kind_title: Option<String>,
    /// Trích yếu lines under the kind (not for a công văn).
    pub summary: Vec<String>,
    /// Quyết định authority line(s).
    pub authority: Vec<String>,
    /// Basis lines (italic).
    pub bases: Vec<String>,
    /// The operative line between the bases and the articles: `QUYẾT ĐỊNH:`, `QUYẾT NGHỊ:`
    /// ([`Kind::operative_line`]).
    pub decision_word: Option<String>,
    /// Kính gửi recipients.
    pub recipients: Vec<String>,
    /// Body blocks. In their spans' text, `\n` is a line break inside the paragraph and a
    /// zero-width space ([`ZWSP`]) a place where a word too wide for its box may break.
    pub body: Vec<CBlock>,
    /// Signature title lines (`KT. GIÁM ĐỐC`, `PHÓ GIÁM ĐỐC`).
    pub sign_lines: Vec<String>,
    /// Signer's name.
    pub signer: String,
    /// Italic lines under the signature titles (`(Ký và ghi rõ họ tên)`).
    pub sign_note: Vec<String>,
    /// The signers printed to the left of the principal one on the same line (a Biên bản's
    /// secretary, a joint document's other heads), left to right. With any, Nơi nhận goes
    /// under the signatures instead of beside them.
    pub co_signers: Vec<CSigner>,
    /// The date line printed above the signature titles, in a report made by a person or a
    /// collective (no issuer, so no letterhead date); none otherwise.
    pub sign_date: Option<String>,
    /// The confirmation area in the signature block's left column, instead of Nơi nhận.
    pub confirm: Option<CConfirm>,
    /// Nơi nhận lines, each starting `- ` (the Lưu line with the copies kept, `02b`).
    pub noi_nhan: Vec<String>,
    /// Ô 12: the drafter's initials and the copies issued (`PL.200`), under Nơi nhận.
    pub release: Option<String>,
    /// The copy block after the document (`render --copy`); none for the document itself.
    pub copy: Option<CCopy>,
    /// The signer's signature image (ký số), centred between the title and the name.
    pub sign_image: Option<CImage>,
    /// The agency's seal image, at its real size, over the left third of the signature.
    pub seal_image: Option<CImage>,
    /// The document's date: year, and month and day unless left blank (a copy cannot be
    /// older; a PDF/A records it as the creation date).
    #[serde(skip)]
    pub date: (i32, Option<u32>, Option<u32>),
    /// Appendices.
    pub appendices: Vec<CAppendix>,
    /// Document title for metadata.
    pub meta_title: String,
    /// Author for metadata.
    pub meta_author: String,
    /// Secrecy and urgency marks, boxed, under the number line (ND30 ô 10a, 10b).
    pub marks: Vec<CMark>,
    /// The circulation note, boxed, centred under the letterhead (ô 11).
    pub circulation: Option<CMark>,
    /// The draft mark, boxed, top right above the national heading.
    pub draft: Option<CMark>,
    /// The agency's address and contacts at the foot of the first page only (ô 13), lines
    /// fitted to the text width, under a full-width rule.
    pub first_footer: Vec<String>,
}

impl Composed {
    /// Prints the urgency and secrecy marks and the draft mark in red (`--color-marks`).
    pub fn red_marks(&mut self) {
        for m in self.marks.iter_mut().chain(self.circulation.iter_mut()).chain(self.draft.iter_mut()) {
            m.red = true;
        }
    }

    /// The document as a copy's entry in the register names it: `Kế hoạch số 15/KH-SGDĐT:
    /// <trích yếu>` (the number left out while blank).
    pub fn description(&self) -> String {
        let name = vn::find_kind(self.kind).map_or("Văn bản", |k| k.name);
        let number = self.number_line.strip_prefix("Số: ").filter(|n| !n.starts_with(vn::BLANK));
        match number {
            Some(n) => format!("{name} số {n}: {}", self.meta_title),
            None => format!("{name}: {}", self.meta_title),
        }
    }

    /// The document's date when it is whole (day and month given).
    pub fn dated(&self) -> Option<chrono::NaiveDate> {
        match self.date {
            (y, Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        }
    }

    /// Adds the draft mark (`render --draft`) unless the document has one.
    pub fn mark_draft(&mut self, p: &Profile) {
        if self.draft.is_none() {
            self.draft = Some(text_mark("DỰ THẢO", p));
        }
    }
}

/// A mark in a box as wide as its text and padding.
fn text_mark(text: &str, p: &Profile) -> CMark {
    let w = Metrics.width_mm(text, p.mark_size, true, false) + 2.0 * p.mark_pad_mm;
    CMark { text: text.to_string(), width_mm: (w * 2.0).ceil() / 2.0, red: false }
}

/// An image of the signature block (ký số): what Typst reads at `file` (its bytes served by
/// the PDF engine), its printed size and the horizontal offset of its centre from the
/// signature column's centre.
#[derive(Debug, Clone, Serialize)]
pub struct CImage {
    /// The virtual file the template reads (`/anh-chu-ky.png`, `/anh-dau.png`).
    pub file: &'static str,
    /// Printed width, mm.
    pub width_mm: f64,
    /// Printed height, mm.
    pub height_mm: f64,
    /// Offset of its centre from the column's centre, mm (negative: to the left).
    pub dx_mm: f64,
    /// The PNG.
    #[serde(skip)]
    pub png: std::sync::Arc<Vec<u8>>,
}

/// The virtual file of the signature image.
pub const SIGN_IMAGE: &str = "/anh-chu-ky.png";
/// The virtual file of the seal image.
pub const SEAL_IMAGE: &str = "/anh-dau.png";

impl Composed {
    /// Places the signature image `sign` (its size from the file's physical size, else the
    /// profile's width, never taller than the room between title and name) and the seal
    /// `seal` (at the diameter given, else its physical size, else the profile's; its right
    /// edge a third of the way into the signature, as the decree's electronic documents have
    /// it) in the signature block.
    pub fn place_images(&mut self, sign: Option<crate::images::Png>, seal: Option<(crate::images::Png, Option<f64>)>, p: &Profile) {
        let room = p.sign_space_mm - 2.0 * p.sign_image_gap_mm;
        let sign = sign.map(|png| {
            let (pw, ph) = (png.pixels.0 as f64, png.pixels.1 as f64);
            let (mut w, mut h) = png.size_mm.unwrap_or((p.sign_image_width_mm, p.sign_image_width_mm * ph / pw));
            if h > room {
                (w, h) = (w * room / h, room);
            }
            CImage { file: SIGN_IMAGE, width_mm: w, height_mm: h, dx_mm: 0.0, png: std::sync::Arc::new(png.bytes) }
        });
        let sign_w = sign.as_ref().map_or(0.0, |s| s.width_mm);
        self.seal_image = seal.map(|(png, diameter)| {
            let (pw, ph) = (png.pixels.0 as f64, png.pixels.1 as f64);
            let w = diameter.or(png.size_mm.map(|s| s.0)).unwrap_or(p.seal_diameter_mm);
            // Its right edge a third into the signature: centre at −w_sig/2 + w_sig/3 − d/2.
            let dx = if sign_w > 0.0 { -sign_w / 6.0 - w / 2.0 } else { 0.0 };
            CImage { file: SEAL_IMAGE, width_mm: w, height_mm: w * ph / pw, dx_mm: dx, png: std::sync::Arc::new(png.bytes) }
        });
        self.sign_image = sign;
    }
}

/// A boxed mark: secrecy and urgency (under the number line), circulation (under the
/// letterhead), draft (top right).
#[derive(Debug, Clone, Serialize)]
pub struct CMark {
    /// As printed (upper case).
    pub text: String,
    /// The box's width, mm.
    pub width_mm: f64,
    /// Printed in red (`--color-marks`: the ink of stamped urgency marks).
    pub red: bool,
}

/// A signer printed beside the principal one: title lines, note lines, name.
#[derive(Debug, Clone, Serialize)]
pub struct CSigner {
    /// Title lines (`THƯ KÝ`, `KT. GIÁM ĐỐC` / `PHÓ GIÁM ĐỐC`).
    pub lines: Vec<String>,
    /// Italic note lines under them.
    pub note: Vec<String>,
    /// The name.
    pub name: String,
}

/// A composed confirmation area (`Xác nhận của …`).
#[derive(Debug, Clone, Serialize)]
pub struct CConfirm {
    /// Bold title lines.
    pub title: Vec<String>,
    /// Italic note lines.
    pub note: Vec<String>,
    /// The confirming person's name, or empty.
    pub name: String,
}

/// A composed appendix.
#[derive(Debug, Clone, Serialize)]
pub struct CAppendix {
    /// `Phụ lục I`; none for an appendix printed with its title only.
    pub label: Option<String>,
    /// Title lines.
    pub title: Vec<String>,
    /// Lines under the title.
    pub subtitle: Vec<String>,
    /// The italic `(Kèm theo …)` line.
    pub attached: String,
    /// Landscape.
    pub landscape: bool,
    /// Blocks.
    pub body: Vec<CBlock>,
}

/// A composed block. `t` names the kind for the Typst template.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum CBlock {
    /// Heading (bold; level ≥ 4 bold italic).
    Heading { level: u8, spans: Vec<Span> },
    /// A part, chapter or section line with its title under it (`Chương I` / `NHỮNG QUY
    /// ĐỊNH CHUNG`): centred, bold, kept with what follows.
    Division { spans: Vec<Span> },
    /// Paragraph.
    Para { spans: Vec<Span>, align: &'static str, indent: bool },
    /// `- ` item.
    Dash { spans: Vec<Span> },
    /// `+ ` item.
    Plus { spans: Vec<Span> },
    /// Labelled line.
    Label { label: String, spans: Vec<Span> },
    /// Fill-in line: the spans, then dots to the end of the line; `indent` as a paragraph.
    Fill { spans: Vec<Span>, indent: bool },
    /// Table.
    Table(CTable),
    /// Bar chart.
    Chart(CChart),
}

/// A composed bar chart: what both back ends draw (the PDF through Typst; the DOCX as the
/// picture Typst draws of it, see `render::pdf::Engine::chart_png`).
#[derive(Debug, Clone, Serialize)]
pub struct CChart {
    /// Title, bold, centred above.
    pub title: String,
    /// Label of the horizontal axis.
    pub x_label: String,
    /// Label of the vertical axis.
    pub y_label: String,
    /// Ticks of the vertical axis, bottom to top: fraction of the height, label.
    pub ticks: Vec<(f64, String)>,
    /// The bars.
    pub bars: Vec<CBar>,
    /// The width it is laid out at, mm: the text width of its page (set by `fit`).
    pub width_mm: f64,
    /// Height of the plot area, mm.
    pub height_mm: f64,
}

/// One bar.
#[derive(Debug, Clone, Serialize)]
pub struct CBar {
    /// Label under the bar.
    pub label: String,
    /// Height as a fraction of the axis (0–1).
    pub frac: f64,
    /// The value as printed above the bar (`69,5%`, `-`).
    pub value: String,
}

/// A composed table.
#[derive(Debug, Clone, Serialize)]
pub struct CTable {
    /// Relative widths.
    pub widths: Vec<f64>,
    /// Font size, pt.
    pub size: f64,
    /// Header rows.
    pub header: Vec<Vec<CCell>>,
    /// Body rows.
    pub rows: Vec<Vec<CCell>>,
}

/// A composed cell.
#[derive(Debug, Clone, Serialize)]
pub struct CCell {
    /// Lines, each a list of spans.
    pub lines: Vec<Vec<Span>>,
    /// Columns spanned.
    pub colspan: u32,
    /// Rows spanned.
    pub rowspan: u32,
    /// `left`, `center`, `right`.
    pub align: &'static str,
    /// The first grid column the cell covers.
    #[serde(skip)]
    pub col: usize,
    /// Horizontal padding of this cell, pt, where the table's would break a word that
    /// fits with less (`STT` in a narrow column); none: the table's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inset_x: Option<f64>,
}

/// Composes `doc`. Errors (unknown kind, bad date, malformed tables) are all collected.
pub fn compose(doc: &Document, profile: &Profile) -> Result<Composed, Vec<Diagnostic>> {
    let mut errs = Vec::new();
    let n = |s: &str| vn::normalize(s.trim());
    let kind: Option<&'static Kind> = vn::find_kind(&doc.loai);
    if kind.is_none() {
        errs.push(
            Diagnostic::error(Msg::UnknownKind { kind: doc.loai.clone(), expected: vn::KINDS.iter().map(|k| k.id).collect::<Vec<_>>().join(", ") }).at("loai"),
        );
    }
    let kind = kind.unwrap_or(&vn::KINDS[0]);

    let date = parse_date(&doc.ngay);
    if date.is_none() {
        let d = if vn::fold(&doc.ngay).contains("ngay") {
            Diagnostic::error(Msg::DateAsText { date: doc.ngay.clone() })
        } else {
            Diagnostic::error(Msg::BadDate { date: doc.ngay.clone() })
        };
        errs.push(d.at("ngay"));
    }
    let (year, month, day) = date.unwrap_or((2000, None, None));
    let empty = model::Issuer::default();
    let issuer_of = doc.co_quan.as_ref().unwrap_or(&empty);
    match &doc.co_quan {
        // Only a report made by a person or a collective has no issuing body.
        None if kind.id != "bao-cao" => errs.push(Diagnostic::error(Msg::MissingIssuerKind { kind: kind.name.into() }).at("co_quan")),
        None => {}
        Some(c) => {
            if c.ten.iter().all(|l| l.trim().is_empty()) {
                errs.push(Diagnostic::error(Msg::IssuerNoName).at("co_quan.ten"));
            }
            if c.viet_tat.trim().is_empty() {
                errs.push(Diagnostic::error(Msg::MissingAbbreviation).at("co_quan.viet_tat"));
            }
        }
    }
    if let Some(so) = doc.so {
        if !(1..=9999).contains(&so) {
            errs.push(Diagnostic::error(Msg::BadNumber { number: so }).at("so"));
        }
    }

    for (i, c) in doc.lien_tich.iter().enumerate() {
        if c.ten.iter().all(|l| l.trim().is_empty()) {
            errs.push(Diagnostic::error(Msg::JointIssuerNoName).at(format!("lien_tich[{i}].ten")));
        }
        if c.viet_tat.trim().is_empty() {
            errs.push(Diagnostic::error(Msg::JointAbbreviation).at(format!("lien_tich[{i}].viet_tat")));
        }
    }
    let symbol = match &doc.ky_hieu {
        Some(s) => n(s),
        None => joint_symbol(
            kind,
            &std::iter::once(issuer_of).chain(&doc.lien_tich).map(|c| n(&c.viet_tat)).collect::<Vec<_>>(),
            doc.don_vi_soan_thao.as_deref().map(n).as_deref(),
        ),
    };
    let number = doc.so.map(|s| format!("{s:02}")).unwrap_or_else(|| vn::BLANK.to_string());
    let form = doc.co_quan.is_none();
    if form && (doc.do_mat.is_some() || doc.do_khan.is_some()) {
        let at = if doc.do_mat.is_some() { "do_mat" } else { "do_khan" };
        errs.push(Diagnostic::error(Msg::MarkWithoutNumber).at(at));
    }
    let number_line = if form { String::new() } else { format!("Số: {number}/{symbol}") };
    let date_line = vn::date_line(&n(&doc.dia_danh), year, month, day);
    // A form has no letterhead date: its date is written above the signature.
    let (date_line, sign_date) = if form { (String::new(), Some(date_line)) } else { (date_line, None) };

    let summary_lines: Vec<String> = doc.trich_yeu.as_deref().map(|t| lines(&n(t))).unwrap_or_default();
    let (vv, summary) = if kind.is_cong_van() { (summary_lines, vec![]) } else { (vec![], summary_lines) };

    let mut body = Vec::new();
    compose_blocks(&doc.noi_dung, "noi_dung", &mut body, &mut errs);

    let sig = doc.ky.principal();
    let sign_lines = sign_lines(sig, &doc.ky.principal_path(), &mut errs);
    let mut co_signers = Vec::new();
    for (path, s) in doc.ky.with_paths().take(doc.ky.len() - 1) {
        co_signers.push(CSigner {
            lines: self::sign_lines(s, &path, &mut errs),
            note: s.ghi_chu.as_deref().map(|t| lines(&n(t))).unwrap_or_default(),
            name: n(&s.ho_ten),
        });
        if s.anh_chu_ky.is_some() {
            errs.push(Diagnostic::error(Msg::CoSignerImage).at(format!("{path}.anh_chu_ky")));
        }
    }
    if !co_signers.is_empty() && doc.xac_nhan.is_some() {
        errs.push(Diagnostic::error(Msg::XacNhanSigners).at("xac_nhan"));
    }
    // The fixed wording of the forms (Mẫu 1.6, 1.8, 1.10), before the user's text.
    let of = match &issuer_of.ten_goi {
        Some(t) if !t.trim().is_empty() => n(t),
        _ => vn::name_in_sentence(&vn::upper(&n(&issuer_of.ten.join(" ")))),
    };
    let mut recipients: Vec<String> = doc.kinh_gui.iter().map(|s| n(s)).collect();
    let mut opening = Vec::new();
    if let Some(sender) = doc.dien.as_deref().map(n).filter(|s| !s.is_empty()) {
        opening.extend(telegram_blocks(&sender, &recipients));
        recipients.clear();
    }
    if let Some(g) = &doc.gioi_thieu {
        opening.extend(introduction_blocks(g, &of, &mut errs));
    }
    if let Some(l) = &doc.nghi_phep {
        opening.extend(leave_blocks(l, &of, &mut errs));
    }
    body.splice(0..0, opening);
    // Biên bản (Mẫu 1.9): its parts before the proceedings, its closing line after them.
    if let Some(m) = &doc.bien_ban {
        let (opening, closing) = minutes_blocks(m, (year, month, day), &mut errs);
        body.splice(0..0, opening);
        body.push(closing);
    }

    let mut appendices = Vec::new();
    for (i, a) in doc.phu_luc.iter().enumerate() {
        let mut ablocks = Vec::new();
        compose_blocks(&a.noi_dung, &format!("phu_luc[{i}].noi_dung"), &mut ablocks, &mut errs);
        let label = match &a.so {
            _ if a.nhan == Some(false) => None,
            Some(s) if !s.trim().is_empty() => Some(format!("Phụ lục {}", n(s))),
            _ => Some("Phụ lục".to_string()),
        };
        let attached = match &a.kem_theo {
            Some(k) => n(k),
            None => {
                let num = doc.so.map(|s| format!("{s:02}")).unwrap_or_else(|| vn::BLANK.to_string());
                let d = day.map(vn::day_str).unwrap_or_else(|| vn::BLANK.to_string());
                let m = month.map(vn::month_str).unwrap_or_else(|| vn::BLANK.to_string());
                // "… của <issuer>", the issuer as written in a sentence (Sở Giáo dục và Đào tạo).
                let of = match &issuer_of.ten_goi {
                    Some(t) if !t.trim().is_empty() => n(t),
                    _ => vn::name_in_sentence(&vn::upper(&n(&issuer_of.ten.join(" ")))),
                };
                format!(
                    "({} {} số {num}/{symbol} ngày {d} tháng {m} năm {year} của {of})",
                    if a.ban_hanh { "Ban hành kèm theo" } else { "Kèm theo" },
                    if kind.is_cong_van() { "Công văn" } else { kind.name },
                )
            }
        };
        appendices.push(CAppendix {
            label,
            title: lines(&vn::upper(&n(&a.ten))),
            subtitle: a.phu_de.iter().map(|s| n(s)).collect(),
            attached,
            landscape: a.ngang,
            body: ablocks,
        });
    }

    if !errs.is_empty() {
        return Err(errs);
    }
    let m = Metrics;
    let issuer = joint_letterhead(std::iter::once(issuer_of).chain(&doc.lien_tich), profile);
    let parent = letterhead_lines(&issuer_of.chu_quan, profile.parent_size, false, profile);
    let date_col_mm = date_column(profile, &m, &number_line, &date_line);
    let mut composed = Composed {
        kind: kind.id,
        parent,
        meta_author: if form { n(&sig.ho_ten) } else { issuer.join(" ") },
        issuer,
        number_line,
        date_line,
        date_col_mm,
        vv,
        kind_title: (!kind.is_cong_van()).then(|| kind.title()),
        meta_title: doc.trich_yeu.as_deref().map(|t| n(t).replace('\n', " ")).unwrap_or_else(|| kind.name.to_string()),
        summary,
        authority: doc.tham_quyen.as_deref().map(|t| lines(&vn::upper(&n(t)))).unwrap_or_default(),
        bases: doc.can_cu.iter().map(|s| n(s)).collect(),
        decision_word: kind.operative_line().map(str::to_string),
        recipients,
        body,
        sign_lines,
        signer: n(&sig.ho_ten),
        sign_note: sig.ghi_chu.as_deref().map(|t| lines(&n(t))).unwrap_or_default(),
        co_signers,
        sign_date,
        confirm: doc.xac_nhan.as_ref().map(|x| CConfirm {
            title: lines(&n(&x.tieu_de)),
            note: x.ghi_chu.as_deref().map(|t| lines(&n(t))).unwrap_or_default(),
            name: n(&x.ho_ten),
        }),
        noi_nhan: {
            let mut lines: Vec<String> = doc.noi_nhan.iter().map(|s| format!("- {}", n(s))).collect();
            // The copies kept close the Lưu line: `Lưu: VT, VP, 02b.` (ND30 ô 12's companion).
            let kept = doc.phat_hanh.as_ref().and_then(|r| r.ban_luu);
            if let (Some(kept), Some(last)) = (kept, lines.last_mut().filter(|l| l.starts_with("- Lưu:"))) {
                let body = last.trim_end().trim_end_matches(['.', ';']).to_string();
                *last = format!("{body}, {kept:02}b.");
            }
            lines
        },
        copy: None,
        sign_image: None,
        seal_image: None,
        date: (year, month, day),
        release: doc.phat_hanh.as_ref().map(|r| {
            let initials = vn::upper(&n(&r.nguoi_soan));
            match r.so_ban {
                Some(copies) => format!("{initials}.{copies}"),
                None => initials,
            }
        }),
        appendices,
        marks: doc
            .do_mat
            .map(|s| text_mark(s.text(), profile))
            .into_iter()
            .chain(doc.do_khan.map(|u| {
                let (t, w) = u.text_and_width();
                CMark { text: t.to_string(), width_mm: w, red: false }
            }))
            .collect(),
        circulation: doc.luu_hanh.map(|c| text_mark(c.text(), profile)),
        first_footer: {
            let parts: Vec<String> = [
                ("Địa chỉ", &issuer_of.dia_chi),
                ("Điện thoại", &issuer_of.dien_thoai),
                ("Fax", &issuer_of.fax),
                ("E-mail", &issuer_of.email),
                ("Website", &issuer_of.website),
            ]
            .iter()
            .filter_map(|(label, v)| v.as_deref().map(n).filter(|v| !v.is_empty()).map(|v| format!("{label}: {v}")))
            .collect();
            if parts.is_empty() {
                Vec::new()
            } else {
                fit_line(&m, &parts.join("; "), profile.first_footer_size, false, false, profile.text_width_mm())
            }
        },
        draft: match doc.du_thao {
            None | Some(model::Draft::Flag(false)) => None,
            Some(model::Draft::Flag(true)) => Some(text_mark("DỰ THẢO", profile)),
            Some(model::Draft::Version(v)) => Some(text_mark(&format!("DỰ THẢO {v}"), profile)),
        },
    };
    fit(&mut composed, profile, &m);
    Ok(composed)
}

/// A paragraph of plain text (the user's, never read for `**`), its unbreakable words kept
/// whole.
fn plain_para(t: String, align: &'static str, indent: bool) -> CBlock {
    CBlock::Para { spans: text::protect(vec![text::Span { text: t, b: false, i: false, nb: false }]), align, indent }
}

/// A Công điện (Mẫu 1.6): the sender's line, `<SENDER> điện:` centred (the sender bold),
/// then the recipients, one `- ` line each, in place of `Kính gửi:`.
fn telegram_blocks(sender: &str, recipients: &[String]) -> Vec<CBlock> {
    let mut out = vec![CBlock::Para {
        spans: vec![text::Span { text: vn::upper(sender), b: true, i: false, nb: false }, text::Span { text: " điện:".into(), b: false, i: false, nb: false }],
        align: "center",
        indent: false,
    }];
    out.extend(recipients.iter().map(|r| CBlock::Dash { spans: text::protect(vec![text::Span { text: r.clone(), b: false, i: false, nb: false }]) }));
    out
}

/// `ngày 05 tháng 3 năm 2026` of a whole date `YYYY-MM-DD` at `path` (an error otherwise).
fn date_words(s: &str, path: &str, errs: &mut Vec<Diagnostic>) -> (String, Option<chrono::NaiveDate>) {
    match parse_date(s) {
        Some((y, Some(m), Some(d))) => (format!("ngày {} tháng {} năm {y}", vn::day_str(d), vn::month_str(m)), chrono::NaiveDate::from_ymd_opt(y, m, d)),
        _ => {
            errs.push(Diagnostic::error(Msg::FormBadDate { date: s.to_string() }).at(path));
            (String::new(), None)
        }
    }
}

/// A Giấy giới thiệu (Mẫu 1.8) in the form's words.
fn introduction_blocks(g: &model::Introduction, of: &str, errs: &mut Vec<Diagnostic>) -> Vec<CBlock> {
    let n = |s: &str| vn::normalize(s.trim());
    let (until, _) = date_words(&g.gia_tri_den, "gioi_thieu.gia_tri_den", errs);
    vec![
        plain_para(format!("{of} trân trọng giới thiệu:"), "justify", true),
        plain_para(format!("Ông (bà): {}", n(&g.ho_ten)), "justify", true),
        plain_para(format!("Chức vụ: {}", n(&g.chuc_vu)), "justify", true),
        plain_para(format!("Được cử đến: {}", n(&g.duoc_cu_den)), "justify", true),
        plain_para(format!("Về việc: {}", n(&g.ve_viec)), "justify", true),
        plain_para("Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.".into(), "justify", true),
        plain_para(format!("Giấy này có giá trị đến hết {until}./."), "justify", true),
    ]
}

/// A Giấy nghỉ phép (Mẫu 1.10) in the form's words; the days counted from the first to the
/// last day of leave.
fn leave_blocks(l: &model::Leave, of: &str, errs: &mut Vec<Diagnostic>) -> Vec<CBlock> {
    let n = |s: &str| vn::normalize(s.trim());
    let mut out = Vec::new();
    if let Some(d) = &l.ngay_don {
        let (day, _) = date_words(d, "nghi_phep.ngay_don", errs);
        out.push(plain_para(format!("Xét Đơn đề nghị nghỉ phép {day} của ông (bà) {},", n(&l.ho_ten)), "justify", true));
    }
    let grantor = l.nguoi_cap.as_deref().map(n).filter(|g| !g.is_empty()).unwrap_or_else(|| of.to_string());
    let (from, a) = date_words(&l.tu_ngay, "nghi_phep.tu_ngay", errs);
    let (to, b) = date_words(&l.den_ngay, "nghi_phep.den_ngay", errs);
    let days = match (a, b) {
        (Some(a), Some(b)) if b >= a => (b - a).num_days() + 1,
        (Some(_), Some(_)) => {
            errs.push(Diagnostic::error(Msg::LeaveDates).at("nghi_phep.den_ngay"));
            0
        }
        _ => 0,
    };
    let kind = l.loai.as_deref().map(n).filter(|k| !k.is_empty()).map(|k| format!(" {k}")).unwrap_or_default();
    out.extend([
        plain_para(format!("{grantor} cấp cho:"), "justify", true),
        plain_para(format!("Ông (bà): {}", n(&l.ho_ten)), "justify", true),
        plain_para(format!("Chức vụ: {}", n(&l.chuc_vu)), "justify", true),
        plain_para(format!("Đơn vị công tác: {}", n(&l.don_vi)), "justify", true),
        plain_para(format!("Nghỉ phép{kind} trong thời gian {days:02} ngày, kể từ {from} đến hết {to}, tại {}./.", n(&l.noi_nghi)), "justify", true),
    ]);
    out
}

/// A time of a Biên bản: `HH:MM` on the document's date, or `YYYY-MM-DD HH:MM`; printed
/// `08 giờ 30, ngày 05 tháng 3 năm 2026` (a blank for what the document's date leaves blank).
fn minutes_time(s: &str, date: (i32, Option<u32>, Option<u32>), path: &str, errs: &mut Vec<Diagnostic>) -> String {
    let s = s.trim();
    let (day_part, time) = match s.rsplit_once([' ', 'T']) {
        Some((d, t)) => (Some(d.trim()), t.trim()),
        None => (None, s),
    };
    let hm =
        time.split_once(':').and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?))).filter(|(h, m)| *h < 24 && *m < 60 && time.len() <= 5);
    let date = match day_part {
        Some(d) => parse_date(d),
        None => Some(date),
    };
    let (Some((h, m)), Some((y, mo, d))) = (hm, date) else {
        errs.push(Diagnostic::error(Msg::BadTime { time: s.to_string() }).at(path));
        return String::new();
    };
    let blank = || vn::BLANK.to_string();
    format!("{h:02} giờ {m:02}, ngày {} tháng {} năm {y}", d.map(vn::day_str).unwrap_or_else(blank), mo.map(vn::month_str).unwrap_or_else(blank))
}

/// The parts of a Biên bản (Mẫu 1.9) before its proceedings — time, place, those present,
/// the chair, the secretary — and its closing line after them (`Cuộc họp kết thúc vào …./.`).
/// The user's text is printed as it is (never read for `**`).
fn minutes_blocks(m: &model::Minutes, date: (i32, Option<u32>, Option<u32>), errs: &mut Vec<Diagnostic>) -> (Vec<CBlock>, CBlock) {
    let n = |s: &str| vn::normalize(s.trim());
    let plain = |t: String| vec![text::Span { text: t, b: false, i: false, nb: false }];
    let line = |label: &str, value: String| CBlock::Para { spans: plain(format!("{label}: {value}")), align: "justify", indent: true };
    let start = minutes_time(&m.bat_dau, date, "bien_ban.bat_dau", errs);
    let end = minutes_time(&m.ket_thuc, date, "bien_ban.ket_thuc", errs);
    let mut out = vec![line("Thời gian bắt đầu", start), line("Địa điểm", n(&m.dia_diem))];
    match m.thanh_phan.as_slice() {
        [] => errs.push(Diagnostic::error(Msg::BienBanPresent).at("bien_ban.thanh_phan")),
        [one] => out.push(line("Thành phần tham dự", n(one))),
        many => {
            out.push(CBlock::Para { spans: plain("Thành phần tham dự:".into()), align: "justify", indent: true });
            out.extend(many.iter().map(|p| CBlock::Dash { spans: plain(n(p)) }));
        }
    }
    out.push(line("Chủ trì (chủ tọa)", n(&m.chu_toa)));
    out.push(line("Thư ký (người ghi biên bản)", n(&m.thu_ky)));
    let what = m.ten_goi.as_deref().map(n).filter(|t| !t.is_empty()).unwrap_or_else(|| "Cuộc họp".into());
    let closing = CBlock::Para { spans: text::protect(plain(format!("{what} kết thúc vào {end}./."))), align: "justify", indent: true };
    (
        out.into_iter()
            .map(|b| match b {
                CBlock::Para { spans, align, indent } => CBlock::Para { spans: text::protect(spans), align, indent },
                b => b,
            })
            .collect(),
        closing,
    )
}

/// The issuing bodies' lines of the letterhead: the leading agency's name, then each joint
/// issuer's (văn bản liên tịch), every name but the last ending ` -` (the decree's hyphen
/// between the names of joint issuers), each name broken as its own lines.
fn joint_letterhead<'a>(issuers: impl Iterator<Item = &'a model::Issuer>, profile: &Profile) -> Vec<String> {
    let names: Vec<Vec<String>> = issuers.map(|c| letterhead_lines(&c.ten, profile.issuer_size, true, profile)).filter(|l| !l.is_empty()).collect();
    let count = names.len();
    let mut out = Vec::new();
    for (k, mut lines) in names.into_iter().enumerate() {
        if k + 1 < count {
            if let Some(last) = lines.last_mut() {
                last.push_str(" -");
            }
        }
        out.extend(lines);
    }
    out
}

/// The symbol of a document of `issuers` (their abbreviations, the leading agency first): one
/// issuer's as [`computed_symbol`]; a joint document's (văn bản liên tịch) the kind code with
/// `LT` then every issuer's abbreviation, as practice writes it (`KHLT-SGDĐT-SYT`; a công văn
/// `SGDĐT-SYT`); `ky_hieu` gives another.
pub fn joint_symbol(kind: &Kind, issuers: &[String], unit: Option<&str>) -> String {
    match issuers {
        [] => computed_symbol(kind, "", unit),
        [one] => computed_symbol(kind, one, unit),
        many => {
            let mut parts: Vec<String> = Vec::new();
            if !kind.code.is_empty() {
                parts.push(format!("{}LT", kind.code));
            }
            parts.extend(many.iter().cloned());
            if let Some(u) = unit.filter(|u| !u.is_empty()) {
                parts.push(u.to_string());
            }
            parts.join("-")
        }
    }
}

/// Letterhead lines (an agency's parent or name) as printed ([`Profile::letterhead_lines`]).
fn letterhead_lines(lines: &[String], size: f64, bold: bool, profile: &Profile) -> Vec<String> {
    profile.letterhead_lines(lines, size, bold).into_iter().flat_map(|l| l.printed).collect()
}

/// The signature's title lines (`KT. GIÁM ĐỐC`, `PHÓ GIÁM ĐỐC`) of `sig`, found at `path`.
fn sign_lines(sig: &model::Signature, path: &str, errs: &mut Vec<Diagnostic>) -> Vec<String> {
    let n = |s: &str| vn::normalize(s.trim());
    match sig.hinh_thuc {
        Some(model::Authority::Q) => vec![format!("Q. {}", vn::upper(&n(&sig.chuc_vu)))],
        Some(a) => {
            let over = sig.thay_mat.as_deref().map(n).unwrap_or_default();
            if over.is_empty() {
                errs.push(Diagnostic::error(Msg::MissingSigningFor { prefix: a.prefix().into() }).at(format!("{path}.thay_mat")));
            }
            vec![format!("{} {}", a.prefix(), vn::upper(&over)), vn::upper(&n(&sig.chuc_vu))]
        }
        None => vec![vn::upper(&n(&sig.chuc_vu))],
    }
}

/// The copy block (bản sao) printed after the whole document, under a full-width rule, on
/// the same sheet: the kind of copy, the copying agency, its number and date, signature
/// and Nơi nhận, each as the same element of a document.
#[derive(Debug, Clone, Serialize)]
pub struct CCopy {
    /// `SAO Y`, `SAO LỤC`, `TRÍCH SAO`.
    pub title: String,
    /// The copying agency's parent body lines.
    pub parent: Vec<String>,
    /// The copying agency's lines.
    pub issuer: Vec<String>,
    /// `Số: 05/SY-VP`.
    pub number_line: String,
    /// `Quảng Ngãi, ngày 10 tháng 01 năm 2026`.
    pub date_line: String,
    /// Signature title lines.
    pub sign_lines: Vec<String>,
    /// Signer's name.
    pub signer: String,
    /// Nơi nhận lines, each starting `- `.
    pub noi_nhan: Vec<String>,
}

/// Composes the copy block of a copy of `kind` from its data (`vanban render --copy`), whose
/// rules [`crate::check::check_copy`] checked first: every problem composing finds, with its
/// JSON path in the copy's data.
pub fn compose_copy(c: &model::CopyData, kind: model::CopyKind, profile: &Profile) -> Result<CCopy, Vec<Diagnostic>> {
    let n = |s: &str| vn::normalize(s.trim());
    let mut errs = Vec::new();
    let sign = sign_lines(&c.ky, "ky", &mut errs);
    let date = parse_date(&c.ngay);
    if date.is_none() {
        errs.push(Diagnostic::error(Msg::CopyBadDate { date: c.ngay.clone() }).at("ngay"));
    }
    let Some((year, month, day)) = date.filter(|_| errs.is_empty()) else {
        return Err(errs);
    };
    let symbol = match &c.ky_hieu {
        Some(s) => n(s),
        None => format!("{}-{}", kind.code(), n(&c.co_quan.viet_tat)),
    };
    let number = c.so.map(|s| format!("{s:02}")).unwrap_or_else(|| vn::BLANK.to_string());
    Ok(CCopy {
        title: kind.title().to_string(),
        parent: letterhead_lines(&c.co_quan.chu_quan, profile.parent_size, false, profile),
        issuer: letterhead_lines(&c.co_quan.ten, profile.issuer_size, true, profile),
        number_line: format!("Số: {number}/{symbol}"),
        date_line: vn::date_line(&n(&c.dia_danh), year, month, day),
        sign_lines: sign,
        signer: n(&c.ky.ho_ten),
        noi_nhan: c.noi_nhan.iter().map(|s| format!("- {}", n(s))).collect(),
    })
}

/// The right column's width on the line of `Số:` and the date: the letterhead's right
/// column, or as much wider as a long date line needs (`Thành phố Hồ Chí Minh, ngày …`
/// stays on one line, as the decree prints it), short of the number line.
fn date_column(p: &Profile, m: &Metrics, number_line: &str, date_line: &str) -> f64 {
    let right = p.text_width_mm() - p.letterhead_left_mm();
    let need = m.width_mm(date_line, p.date_size, false, true) + 1.0;
    let room = p.text_width_mm() - m.width_mm(number_line, p.number_size, false, false) - p.letterhead_gap_mm;
    need.clamp(right, room.max(right))
}

/// Makes every run of text fit its box, the same way for both back ends: a word wider than
/// the box it is printed in (a long URL, a file name, a date in a narrow table cell) may break
/// between any two characters (a zero-width space between them, which Typst, Word and
/// LibreOffice all break at; otherwise Typst lets it run past the edge where Word breaks
/// it), and symbols, dates and URLs are otherwise kept whole ([`text::protect`]).
fn fit(c: &mut Composed, p: &Profile, m: &Metrics) {
    let portrait = p.text_width_mm();
    for b in &mut c.body {
        fit_block(b, portrait, p, m);
    }
    for a in &mut c.appendices {
        let width = if a.landscape { p.landscape_width_mm() } else { portrait };
        for b in &mut a.body {
            fit_block(b, width, p, m);
        }
    }
    let one = |s: &mut String, size: f64, bold: bool, italic: bool, width: f64| *s = breakable(s, m, size, bold, italic, width);
    let left = p.letterhead_left_mm();
    for l in &mut c.parent {
        one(l, p.parent_size, false, false, left);
    }
    for l in &mut c.issuer {
        one(l, p.issuer_size, true, false, left);
    }
    one(&mut c.number_line, p.number_size, false, false, left);
    one(&mut c.date_line, p.date_size, false, true, c.date_col_mm);
    if let Some(k) = &mut c.kind_title {
        one(k, p.kind_size, true, false, portrait);
    }
    for l in c.summary.iter_mut().chain(c.authority.iter_mut()) {
        one(l, p.summary_size, true, false, portrait);
    }
    // Each signer's column: half the text with one or two signers, a third with three…
    let column = portrait / (c.co_signers.len() + 1).max(2) as f64;
    for l in c.sign_lines.iter_mut().chain([&mut c.signer]) {
        one(l, p.sign_title_size, true, false, column);
    }
    for s in &mut c.co_signers {
        for l in s.lines.iter_mut().chain([&mut s.name]) {
            one(l, p.sign_title_size, true, false, column);
        }
    }
    for a in &mut c.appendices {
        let width = if a.landscape { p.landscape_width_mm() } else { portrait };
        for l in a.label.iter_mut().chain(a.title.iter_mut()).chain(a.subtitle.iter_mut()).chain([&mut a.attached]) {
            one(l, p.appendix_title_size, true, true, width);
        }
    }
    for l in &mut c.vv {
        one(l, p.vv_size, false, false, p.letterhead_left_mm());
    }
    for l in &mut c.noi_nhan {
        one(l, p.noi_nhan_size, false, false, portrait / 2.0);
    }
    for l in &mut c.recipients {
        one(l, p.recipient_size, false, false, portrait - 40.0);
    }
    for l in &mut c.bases {
        one(l, p.body_size, false, true, portrait - p.indent_mm);
    }
}

fn fit_block(b: &mut CBlock, width: f64, p: &Profile, m: &Metrics) {
    let body = width - p.indent_mm;
    match b {
        CBlock::Label { label, spans } => {
            *label = breakable(label, m, p.body_size, false, true, body);
            fit_spans(spans, m, p.body_size, body);
        }
        CBlock::Heading { spans, .. }
        | CBlock::Division { spans }
        | CBlock::Para { spans, .. }
        | CBlock::Dash { spans }
        | CBlock::Plus { spans }
        | CBlock::Fill { spans, .. } => {
            fit_spans(spans, m, p.body_size, body);
        }
        CBlock::Chart(c) => {
            c.width_mm = width;
        }
        CBlock::Table(t) => {
            let total: f64 = t.widths.iter().sum();
            let size = if t.size > 0.0 { t.size } else { p.table_size };
            for row in t.header.iter_mut().chain(t.rows.iter_mut()) {
                for cell in row {
                    let end = (cell.col + cell.colspan as usize).min(t.widths.len());
                    let share = t.widths.get(cell.col..end).map_or(0.0, |w| w.iter().sum::<f64>()) / total;
                    let mut room = p.cell_text_mm(width, share);
                    // The widest word: if it fits with less padding (down to 1 pt), the cell
                    // gets less, in both back ends, rather than a word broken in two.
                    let em_mm = size * 25.4 / 72.0;
                    let widest = cell
                        .lines
                        .iter()
                        .flatten()
                        .flat_map(|s| s.text.split(char::is_whitespace).map(move |w| (w, s.b, s.i)))
                        // No glyph is wider than 1 em: most words need no measuring.
                        .filter(|(w, _, _)| w.chars().count() as f64 * em_mm > room)
                        .map(|(w, b, i)| m.width_mm(w, size, b, i))
                        .fold(0.0, f64::max);
                    if widest > room {
                        let pt_mm = 25.4 / 72.0;
                        let half = ((width * share - widest) / 2.0 / pt_mm * 2.0).floor() / 2.0;
                        let inset = half.clamp(1.0, p.table_inset_x_pt);
                        cell.inset_x = Some(inset);
                        room = width * share - 2.0 * inset * pt_mm;
                    }
                    for line in &mut cell.lines {
                        fit_spans(line, m, size, room);
                    }
                }
            }
        }
    }
}

fn fit_spans(spans: &mut Vec<Span>, m: &Metrics, size: f64, width: f64) {
    let protected = text::protect(std::mem::take(spans));
    for mut s in protected {
        // A line break inside a paragraph: a new line, the one before it not justified (as
        // in Word, whose documents vanban writes with `doNotExpandShiftReturn`).
        if s.text.contains(vn::LINE_BREAK) {
            s.text = s.text.replace(vn::LINE_BREAK, "\n");
        }
        let broken = breakable(&s.text, m, size, s.b, s.i, width);
        if broken.len() == s.text.len() {
            spans.push(s);
            continue;
        }
        // Each word too wide for the box becomes a span of its own (the template sets its
        // pieces as boxes), the rest of the text stays as it was.
        let mut plain = String::new();
        for piece in broken.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end_matches(char::is_whitespace);
            if word.contains(ZWSP) {
                if !plain.is_empty() {
                    spans.push(Span { text: std::mem::take(&mut plain), nb: false, ..s.clone() });
                }
                spans.push(Span { text: word.to_string(), nb: false, ..s.clone() });
                plain.push_str(&piece[word.len()..]);
            } else {
                plain.push_str(piece);
            }
        }
        if !plain.is_empty() {
            spans.push(Span { text: plain, nb: s.nb, ..s });
        }
    }
}

/// `text` with a zero-width space between the characters of each word wider than `width`.
fn breakable(text: &str, m: &Metrics, size: f64, bold: bool, italic: bool, width: f64) -> String {
    // No glyph is wider than 1 em: a word of fewer characters than fit at 1 em each fits.
    let em_mm = size * 25.4 / 72.0;
    let fits = |w: &str| (w.chars().count() as f64) * em_mm <= width || m.width_mm(w, size, bold, italic) <= width;
    if text.split(char::is_whitespace).all(fits) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() * 2);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        if fits(word) {
            out.push_str(piece);
            continue;
        }
        for (k, ch) in word.chars().enumerate() {
            if k > 0 {
                out.push(ZWSP);
            }
            out.push(ch);
        }
        out.push_str(&piece[word.len()..]);
    }
    out
}

/// The break opportunity inserted into words too wide for their box.
pub const ZWSP: char = '\u{200B}';

fn lines(s: &str) -> Vec<String> {
    s.split(['\n', vn::LINE_BREAK]).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

fn align_name(a: Option<Align>, default: &'static str) -> &'static str {
    match a {
        Some(Align::Trai) => "left",
        Some(Align::Giua) => "center",
        Some(Align::Phai) => "right",
        Some(Align::Deu) => "justify",
        None => default,
    }
}

fn compose_blocks(blocks: &[Block], path: &str, out: &mut Vec<CBlock>, errs: &mut Vec<Diagnostic>) {
    // The legal structure (Chương, Điều, khoản, điểm) runs across blocks; a division's title
    // is the upper-case line after it.
    let mut structure = text::Structure::default();
    let mut titling = false;
    for (i, b) in blocks.iter().enumerate() {
        let here = format!("{path}[{i}]");
        match b {
            Block::Text(t) => {
                for line in vn::normalize(t).split('\n') {
                    let line = line.trim();
                    if line.is_empty() {
                        continue;
                    }
                    let legal = structure.line(line);
                    if titling && legal.is_none() && vn::is_upper(line) {
                        if let Some(CBlock::Division { spans }) = out.last_mut() {
                            spans[0].text.push('\n');
                            spans[0].text.push_str(line);
                        }
                        titling = false;
                        continue;
                    }
                    titling = false;
                    out.push(match legal {
                        Some(text::Legal::Division(d, _)) => {
                            titling = true;
                            division_block(d.word(), line[d.word().len().min(line.len())..].trim().trim_end_matches('.'), "")
                        }
                        Some(text::Legal::Article { titled, .. }) => article_block(line, titled),
                        Some(text::Legal::Clause(_) | text::Legal::Point(_)) => {
                            CBlock::Para { spans: text::inline(line, false, false), align: "justify", indent: true }
                        }
                        None => text_line(line),
                    });
                }
            }
            Block::Explicit(e) => {
                match e {
                    ExplicitBlock::Dieu(_) => structure.enter_article(),
                    ExplicitBlock::Phan(_) | ExplicitBlock::Chuong(_) | ExplicitBlock::MucChuong(_) | ExplicitBlock::TieuMuc(_) => structure.leave_article(),
                    _ => {}
                }
                titling = false;
                out.push(explicit(e, &here, errs));
            }
        }
    }
}

/// One line of plain text as a block.
fn text_line(line: &str) -> CBlock {
    let (kind, rest) = text::classify(line);
    match kind {
        LineKind::Heading { level, .. } => {
            let rest = rest.trim_start_matches("**");
            let rest = rest.strip_suffix("**").unwrap_or(rest);
            CBlock::Heading { level, spans: text::inline(rest, true, level >= 4) }
        }
        LineKind::Dash => CBlock::Dash { spans: text::inline(rest, false, false) },
        LineKind::Plus => CBlock::Plus { spans: text::inline(rest, false, false) },
        // Articles are read as the legal structure (see `compose_blocks`); one that is not
        // (a number too large) prints as a paragraph.
        LineKind::Article { .. } => CBlock::Para { spans: text::inline(rest, false, false), align: "justify", indent: true },
        LineKind::Fill => CBlock::Fill { spans: text::inline(strip_dots(rest), false, false), indent: true },
        LineKind::Point | LineKind::Paragraph => CBlock::Para { spans: text::inline(rest, false, false), align: "justify", indent: true },
    }
}

/// Ends in five dots or more (or two `…`), not in `./.`.
fn ends_in_dots(s: &str) -> bool {
    let s = s.trim_end();
    let dots = s.chars().rev().take_while(|c| *c == '.').count();
    let ellipses = s.chars().rev().take_while(|c| *c == '…').count();
    dots >= 5 || ellipses >= 2
}

fn strip_dots(s: &str) -> &str {
    s.trim_end().trim_end_matches(['.', '…']).trim_end()
}

fn explicit(e: &ExplicitBlock, here: &str, errs: &mut Vec<Diagnostic>) -> CBlock {
    let n = |s: &str| vn::normalize(s.trim());
    match e {
        ExplicitBlock::Doan(StrOr(p)) => {
            let align = align_name(p.can, "justify");
            let indent = p.thut_dau.unwrap_or(align == "justify");
            let text = n(&p.text);
            // A paragraph ending in a run of dots is a line to fill in: the dots reach the
            // end of the line (`Số điện thoại: .....`).
            if ends_in_dots(&text) {
                return CBlock::Fill { spans: text::inline(strip_dots(&text), p.dam, p.nghieng), indent };
            }
            CBlock::Para { spans: text::inline(&text, p.dam, p.nghieng), align, indent }
        }
        ExplicitBlock::Muc(h) => {
            if !(1..=5).contains(&h.cap) {
                errs.push(Diagnostic::error(Msg::BadHeadingLevel { level: h.cap }).at(format!("{here}.muc.cap")));
            }
            CBlock::Heading { level: h.cap.clamp(1, 5), spans: text::inline(&n(&h.text), true, h.cap >= 4) }
        }
        ExplicitBlock::Gach(t) => CBlock::Dash { spans: text::inline(&n(t), false, false) },
        ExplicitBlock::Cong(t) => CBlock::Plus { spans: text::inline(&n(t), false, false) },
        ExplicitBlock::Dong(l) => CBlock::Label { label: n(&l.nhan), spans: text::inline(&n(&l.noi_dung), false, false) },
        ExplicitBlock::Dien(t) => {
            let t = n(t);
            let label = strip_dots(&t);
            // No label: a line of dots only (room to write more).
            let label = if label.ends_with(':') || label.is_empty() { label.to_string() } else { format!("{label}:") };
            CBlock::Fill { spans: text::inline(&label, false, false), indent: !label.is_empty() }
        }
        ExplicitBlock::Bang(t) => CBlock::Table(table(t, &format!("{here}.bang"), errs)),
        ExplicitBlock::BieuDo(c) => CBlock::Chart(chart(c, &format!("{here}.bieu_do"), errs)),
        ExplicitBlock::Phan(d) => division_block(text::Division::Phan.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::Chuong(d) => division_block(text::Division::Chuong.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::MucChuong(d) => division_block(text::Division::Muc.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::TieuMuc(d) => division_block(text::Division::TieuMuc.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::Dieu(a) => article_block(&format!("Điều {}. {}", a.so, n(&a.ten)), true),
    }
}

/// `Chương I` and its title under it, centred and bold (ND30: parts, chapters, sections).
fn division_block(word: &str, number: &str, title: &str) -> CBlock {
    let mut text = format!("{word} {number}");
    if !title.is_empty() {
        text.push('\n');
        text.push_str(&vn::upper(title));
    }
    CBlock::Division { spans: vec![Span { text, b: true, i: false, nb: false }] }
}

/// `Điều 1. …` indented: a title bold whole (`titled`), else a bold label before the
/// article's text (a Quyết định's `Điều 1. Tặng Giấy khen …`).
fn article_block(line: &str, titled: bool) -> CBlock {
    if titled {
        return CBlock::Para { spans: text::inline(line, true, false), align: "justify", indent: true };
    }
    let label_len = line.find('.').map_or(0, |k| k + 1);
    let mut spans = vec![Span { text: line[..label_len].to_string(), b: true, i: false, nb: false }];
    spans.extend(text::inline(&line[label_len..], false, false));
    CBlock::Para { spans, align: "justify", indent: true }
}

/// The axis and bars of a chart: the top of the axis is `toi_da`, or the largest value
/// rounded up to 1, 2, 2.5 or 5 times a power of ten; five intervals.
fn chart(c: &model::Chart, here: &str, errs: &mut Vec<Diagnostic>) -> CChart {
    let n = |s: &str| vn::normalize(s.trim());
    // No bars (a summary with nothing to count yet) draws the axes alone.
    for (i, b) in c.cot.iter().enumerate() {
        if b.gia_tri.is_some_and(|v| !v.is_finite() || v < 0.0) {
            errs.push(Diagnostic::error(Msg::BarValue).at(format!("{here}.cot[{i}].gia_tri")));
        }
    }
    let largest = c.cot.iter().filter_map(|b| b.gia_tri).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let top = match c.toi_da {
        Some(t) if t.is_finite() && t > 0.0 => {
            if largest > t {
                errs.push(
                    Diagnostic::error(Msg::BarAboveTop { largest: vn::format_decimal(largest, 2), top: vn::format_decimal(t, 2) }).at(format!("{here}.toi_da")),
                );
            }
            t
        }
        Some(_) => {
            errs.push(Diagnostic::error(Msg::AxisTop).at(format!("{here}.toi_da")));
            1.0
        }
        None => nice_ceiling(largest),
    };
    let unit = n(&c.don_vi);
    let ticks = (0..=5).map(|k| (k as f64 / 5.0, vn::format_decimal(top * k as f64 / 5.0, 2))).collect();
    let bars = c
        .cot
        .iter()
        .map(|b| CBar {
            label: n(&b.nhan),
            frac: b.gia_tri.map_or(0.0, |v| (v / top).clamp(0.0, 1.0)),
            value: b.gia_tri.map_or("-".to_string(), |v| format!("{}{unit}", vn::format_decimal(v, 1))),
        })
        .collect();
    CChart { title: n(&c.tieu_de), x_label: n(&c.truc_x), y_label: n(&c.truc_y), ticks, bars, width_mm: 0.0, height_mm: 60.0 }
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `x` (1 for nothing to show).
fn nice_ceiling(x: f64) -> f64 {
    // Also for NaN: not a positive number.
    if x.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * p).find(|v| *v >= x * (1.0 - 1e-12)).unwrap_or(10.0 * p)
}

fn table(t: &model::Table, here: &str, errs: &mut Vec<Diagnostic>) -> CTable {
    let ncols = t.cot.len();
    if ncols == 0 {
        errs.push(Diagnostic::error(Msg::EmptyTable).at(format!("{here}.cot")));
    }
    if t.cot.iter().any(|w| !w.is_finite() || *w <= 0.0) {
        errs.push(Diagnostic::error(Msg::BadWidth).at(format!("{here}.cot")));
    }
    if !t.can.is_empty() && t.can.len() != ncols {
        errs.push(Diagnostic::error(Msg::BadAlign { given: t.can.len(), columns: ncols }).at(format!("{here}.can")));
    }
    let mut convert = |rows: &[Vec<StrOr<model::Cell>>], key: &str, header: bool| {
        // Rows still covered by a row span from above, per column.
        let mut carry = vec![0u32; ncols];
        let mut out = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut width = carry.iter().filter(|&&c| c > 0).count();
            let mut cells = Vec::new();
            let mut col = 0;
            for StrOr(c) in row {
                while col < ncols && carry[col] > 0 {
                    col += 1;
                }
                let colspan = c.gop_cot.unwrap_or(1).max(1);
                let rowspan = c.gop_dong.unwrap_or(1).max(1);
                width += colspan as usize;
                let column_align = if header { None } else { t.can.get(col).copied() };
                let default_align = if header { "center" } else { "left" };
                let body = vn::normalize(&c.text);
                let lines = body.split(['\n', vn::LINE_BREAK]).map(|l| text::inline(l.trim(), c.dam || header, c.nghieng)).collect();
                cells.push(CCell { lines, colspan, rowspan, align: align_name(c.can.or(column_align), default_align), col, inset_x: None });
                col += colspan as usize;
            }
            if width != ncols && ncols > 0 {
                errs.push(Diagnostic::error(Msg::RowWidth { width, columns: ncols }).at(format!("{here}.{key}[{r}]")));
            }
            // The next row: spans from above run on, this row's start.
            for c in carry.iter_mut() {
                *c = c.saturating_sub(1);
            }
            for cell in &cells {
                for c in carry.iter_mut().take((cell.col + cell.colspan as usize).min(ncols)).skip(cell.col) {
                    *c = (*c).max(cell.rowspan - 1);
                }
            }
            out.push(cells);
        }
        out
    };
    let header = convert(&t.dau, "dau", true);
    let rows = convert(&t.dong, "dong", false);
    CTable { widths: t.cot.clone(), size: t.co_chu.unwrap_or(0.0), header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-06-30"), Some((2025, Some(6), Some(30))));
        assert_eq!(parse_date("2026-04"), Some((2026, Some(4), None)));
        assert_eq!(parse_date("2026"), Some((2026, None, None)));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("30/6/2025"), None);
        assert_eq!(parse_date("2025-13"), None);
    }
}
