//! The layout profile: every number of the ND30 layout (Phụ lục I of Nghị định
//! 30/2020/NĐ-CP) in one value. The Typst template receives it as data and the DOCX
//! writer reads it too, so nothing of the layout is decided twice. Where the decree gives
//! a range, one value inside it is chosen here.

use serde::Serialize;

/// The Quốc hiệu, as printed at the top of the right column.
pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";

/// Page and type sizes in millimetres and points.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Profile {
    /// Paper width, mm (A4).
    pub page_width_mm: f64,
    /// Paper height, mm (A4).
    pub page_height_mm: f64,
    /// Top margin, mm (20–25).
    pub margin_top_mm: f64,
    /// Bottom margin, mm (20–25).
    pub margin_bottom_mm: f64,
    /// Left margin, mm (30–35).
    pub margin_left_mm: f64,
    /// Right margin, mm (15–20).
    pub margin_right_mm: f64,
    /// Font families, most preferred first.
    pub fonts: Vec<String>,
    /// Share of the text width taken by the issuer column of the letterhead.
    pub letterhead_left_ratio: f64,
    /// Parent body, pt (12–13), upright, not bold.
    pub parent_size: f64,
    /// Issuing body, pt (12–13), bold.
    pub issuer_size: f64,
    /// Quốc hiệu, pt (12–13), bold.
    pub quoc_hieu_size: f64,
    /// Tiêu ngữ, pt (13–14), bold.
    pub tieu_ngu_size: f64,
    /// `Số:` line, pt (13).
    pub number_size: f64,
    /// Place-and-date line, pt (13–14), italic.
    pub date_size: f64,
    /// Công văn `V/v` line, pt (12–13).
    pub vv_size: f64,
    /// Gap above the `V/v` line, pt.
    pub vv_gap_pt: f64,
    /// Kind line, pt (13–14), bold.
    pub kind_size: f64,
    /// Trích yếu, pt (13–14), bold.
    pub summary_size: f64,
    /// Rule under the issuer as a share of the issuer's widest line (1/3–1/2).
    pub issuer_rule_ratio: f64,
    /// Rule under the trích yếu as a share of its widest line (1/3–1/2).
    pub summary_rule_ratio: f64,
    /// Stroke of every rule, pt.
    pub rule_stroke_pt: f64,
    /// Body text, pt (13–14).
    pub body_size: f64,
    /// `Kính gửi:`, pt (14).
    pub recipient_size: f64,
    /// First-line indent, mm (10 or 12.7).
    pub indent_mm: f64,
    /// Space between paragraphs, pt (≥ 6).
    pub par_spacing_pt: f64,
    /// Line spacing as a multiple of single spacing (1–1.5).
    pub line_spacing: f64,
    /// Ascent of a single-spaced line above the baseline, em, as word processors set it, so
    /// the PDF spaces lines as the DOCX does.
    pub line_ascent_em: f64,
    /// Descent of a single-spaced line below the baseline, em.
    pub line_descent_em: f64,
    /// Table text, pt (12–13).
    pub table_size: f64,
    /// Signature title lines, pt (13–14), bold.
    pub sign_title_size: f64,
    /// Signer's name, pt (13–14), bold.
    pub signer_size: f64,
    /// The italic note under a form's signature title (`(Ký và ghi rõ họ tên)`), pt.
    pub sign_note_size: f64,
    /// Room for signature and seal, mm (25–35).
    pub sign_space_mm: f64,
    /// `Nơi nhận:`, pt (12), bold italic.
    pub noi_nhan_label_size: f64,
    /// Nơi nhận entries, pt (11).
    pub noi_nhan_size: f64,
    /// A signature image without a physical size prints this wide, mm …
    pub sign_image_width_mm: f64,
    /// … and at least this far from the title above and the name below, mm.
    pub sign_image_gap_mm: f64,
    /// A seal image without a physical size or a diameter given prints this wide, mm (the
    /// round seals of agencies are 35–42 mm).
    pub seal_diameter_mm: f64,
    /// The signature field of an attachment signed in a file of its own (ND30: top right of
    /// the first page): its top from the page's top edge, mm …
    pub sig_attachment_top_mm: f64,
    /// … its height, mm (room for the 10 pt lines the signing software writes) …
    pub sig_attachment_height_mm: f64,
    /// … and width, mm, flush with the text's right edge.
    pub sig_attachment_width_mm: f64,
    /// The frame an empty signature field shows until it is signed: line width, pt …
    pub sig_frame_pt: f64,
    /// … and grey level (0 black, 1 white).
    pub sig_frame_grey: f64,
    /// Space above the copy block's full-width rule (bản sao), pt.
    pub copy_gap_pt: f64,
    /// Space between that rule and the copying agency, pt.
    pub copy_rule_gap_pt: f64,
    /// `SAO Y`, `SAO LỤC`, `TRÍCH SAO`, pt (13–14), bold.
    pub copy_title_size: f64,
    /// Ô 12, the drafter's initials and copies issued under Nơi nhận (`PL.200`), pt (11),
    /// upright.
    pub release_size: f64,
    /// Page numbers, pt (13–14).
    pub page_number_size: f64,
    /// Distance of the page number from the top edge, mm (inside the top margin).
    pub page_number_top_mm: f64,
    /// `Phụ lục I`, pt (14), bold.
    pub appendix_label_size: f64,
    /// Appendix title, pt (13–14), bold.
    pub appendix_title_size: f64,
    /// The `(Kèm theo …)` line, pt (14), italic.
    pub appendix_attached_size: f64,
    /// Rule under the `(Kèm theo …)` line as a share of its length (1/3–1/2).
    pub appendix_rule_ratio: f64,
    /// Gap above every rule (under the issuer, the Tiêu ngữ, the trích yếu, the `Kèm theo`
    /// line), pt: the rule clears the descenders of the line above it.
    pub rule_gap_pt: f64,
    /// The least room between the text of the letterhead's two columns (an issuer's line and
    /// the Quốc hiệu), mm: a line of the issuer that would come closer is broken in two.
    pub letterhead_gap_mm: f64,
    /// Horizontal padding of a table cell, pt (each side).
    pub table_inset_x_pt: f64,
    /// Vertical padding of a table cell, pt (top and bottom).
    pub table_inset_y_pt: f64,
    /// The boxed marks (secrecy, urgency, circulation, draft): font size, pt (bold).
    pub mark_size: f64,
    /// Their boxes' height, mm (the decree's urgency boxes are 8 mm high).
    pub mark_height_mm: f64,
    /// Room each side of a mark whose box is as wide as its text, mm.
    pub mark_pad_mm: f64,
    /// Space above each mark, pt.
    pub mark_gap_pt: f64,
    /// The boxes' border, pt.
    pub mark_stroke_pt: f64,
    /// The first page's footer (ô 13: address, phone, e-mail, website), pt, upright.
    pub first_footer_size: f64,
    /// From the page's foot to the foot of that footer's last line, mm (the DOCX's footer
    /// distance).
    pub footer_mm: f64,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            page_width_mm: A4_MM.0,
            page_height_mm: A4_MM.1,
            margin_top_mm: 20.0,
            margin_bottom_mm: 20.0,
            margin_left_mm: 30.0,
            margin_right_mm: 15.0,
            fonts: vec![crate::metrics::BUNDLED_FAMILY.to_string()],
            letterhead_left_ratio: 0.42,
            parent_size: 12.5,
            issuer_size: 12.5,
            quoc_hieu_size: 12.5,
            tieu_ngu_size: 13.0,
            number_size: 13.0,
            date_size: 13.0,
            vv_size: 12.5,
            vv_gap_pt: 6.0,
            kind_size: 14.0,
            summary_size: 14.0,
            issuer_rule_ratio: 0.4,
            summary_rule_ratio: 0.4,
            rule_stroke_pt: 0.6,
            body_size: 14.0,
            recipient_size: 14.0,
            indent_mm: 12.7,
            par_spacing_pt: 6.0,
            line_spacing: 1.15,
            line_ascent_em: crate::metrics::Metrics::line_em().0,
            line_descent_em: crate::metrics::Metrics::line_em().1,
            table_size: 13.0,
            sign_title_size: 14.0,
            signer_size: 14.0,
            sign_note_size: 13.0,
            sign_space_mm: 28.0,
            noi_nhan_label_size: 12.0,
            noi_nhan_size: 11.0,
            release_size: 11.0,
            sign_image_width_mm: 40.0,
            sign_image_gap_mm: 1.0,
            seal_diameter_mm: 36.0,
            sig_attachment_top_mm: 5.0,
            sig_attachment_height_mm: 12.0,
            sig_attachment_width_mm: 70.0,
            sig_frame_pt: 0.5,
            sig_frame_grey: 0.6,
            copy_gap_pt: 18.0,
            copy_rule_gap_pt: 6.0,
            copy_title_size: 14.0,
            page_number_size: 13.0,
            page_number_top_mm: 10.0,
            appendix_label_size: 14.0,
            appendix_title_size: 14.0,
            appendix_attached_size: 14.0,
            appendix_rule_ratio: 0.4,
            rule_gap_pt: 2.0,
            letterhead_gap_mm: 2.0,
            table_inset_x_pt: 4.0,
            table_inset_y_pt: 3.0,
            mark_size: 13.0,
            mark_height_mm: 8.0,
            mark_pad_mm: 3.0,
            mark_gap_pt: 6.0,
            mark_stroke_pt: 0.5,
            first_footer_size: 11.0,
            footer_mm: 10.0,
        }
    }
}

/// One line of a letterhead entry: which entry, its text (upper case) and the lines it is
/// printed as (more than one when too long for its column).
#[derive(Debug, Clone, PartialEq)]
pub struct LetterheadLine {
    /// The entry's index in its list.
    pub entry: usize,
    /// The line as written, upper case.
    pub text: String,
    /// The line as printed.
    pub printed: Vec<String>,
}

/// A4 paper, width × height in mm: every document's (ND30 art. 5 and Phụ lục I).
pub const A4_MM: (f64, f64) = (210.0, 297.0);

/// The decree's ranges (Phụ lục I), where [`Profile`] picks one value inside each: what a
/// document made elsewhere is held to (`vanban check FILE.docx|FILE.pdf`). Sizes in pt,
/// lengths in mm, rule lengths as shares of their text's length.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranges {
    /// The paper, width × height, mm: A4.
    pub paper_mm: (f64, f64),
    /// Top margin, mm.
    pub margin_top_mm: (f64, f64),
    /// Bottom margin, mm.
    pub margin_bottom_mm: (f64, f64),
    /// Left margin, mm.
    pub margin_left_mm: (f64, f64),
    /// Right margin, mm.
    pub margin_right_mm: (f64, f64),
    /// Parent body (cơ quan chủ quản), pt.
    pub parent_size: (f64, f64),
    /// Issuing body, pt.
    pub issuer_size: (f64, f64),
    /// Quốc hiệu, pt.
    pub quoc_hieu_size: (f64, f64),
    /// Tiêu ngữ, pt.
    pub tieu_ngu_size: (f64, f64),
    /// `Số:` line, pt.
    pub number_size: (f64, f64),
    /// Place-and-date line, pt.
    pub date_size: (f64, f64),
    /// A công văn's `V/v` line, pt.
    pub vv_size: (f64, f64),
    /// Kind line, pt.
    pub kind_size: (f64, f64),
    /// Trích yếu, pt.
    pub summary_size: (f64, f64),
    /// Body text, pt.
    pub body_size: (f64, f64),
    /// Table text, pt.
    pub table_size: (f64, f64),
    /// Signature titles, pt.
    pub sign_title_size: (f64, f64),
    /// Signer's name, pt.
    pub signer_size: (f64, f64),
    /// `Nơi nhận:`, pt.
    pub noi_nhan_label_size: (f64, f64),
    /// Nơi nhận entries, pt.
    pub noi_nhan_size: (f64, f64),
    /// Page numbers, pt.
    pub page_number_size: (f64, f64),
    /// The rule under the issuer (and the trích yếu): a share of the text's length (⅓–½,
    /// with room for the measure).
    pub issuer_rule_ratio: (f64, f64),
    /// The rule under the Tiêu ngữ: as long as the line (with room for the measure).
    pub tieu_ngu_rule_ratio: (f64, f64),
    /// First-line indent, mm (1 cm or 1.27 cm).
    pub indent_mm: (f64, f64),
    /// Line spacing, lines.
    pub line_spacing: (f64, f64),
}

impl Ranges {
    /// The decree's ranges: what every document is held to.
    pub const ND30: Ranges = Ranges {
        paper_mm: A4_MM,
        margin_top_mm: (20.0, 25.0),
        margin_bottom_mm: (20.0, 25.0),
        margin_left_mm: (30.0, 35.0),
        margin_right_mm: (15.0, 20.0),
        parent_size: (12.0, 13.0),
        issuer_size: (12.0, 13.0),
        quoc_hieu_size: (12.0, 13.0),
        tieu_ngu_size: (13.0, 14.0),
        number_size: (13.0, 13.0),
        date_size: (13.0, 14.0),
        vv_size: (12.0, 13.0),
        kind_size: (13.0, 14.0),
        summary_size: (13.0, 14.0),
        body_size: (13.0, 14.0),
        table_size: (12.0, 13.0),
        sign_title_size: (13.0, 14.0),
        signer_size: (13.0, 14.0),
        noi_nhan_label_size: (12.0, 12.0),
        noi_nhan_size: (11.0, 11.0),
        page_number_size: (13.0, 14.0),
        issuer_rule_ratio: (1.0 / 3.0 - 0.04, 0.5 + 0.04),
        tieu_ngu_rule_ratio: (0.9, 1.1),
        indent_mm: (10.0, 12.7),
        line_spacing: (1.0, 1.5),
    };
}

impl Default for Ranges {
    fn default() -> Self {
        Ranges::ND30
    }
}

impl Profile {
    /// Width of the text block, mm.
    pub fn text_width_mm(&self) -> f64 {
        self.page_width_mm - self.margin_left_mm - self.margin_right_mm
    }

    /// Width of the text block of a landscape page, mm.
    pub fn landscape_width_mm(&self) -> f64 {
        self.page_height_mm - self.margin_left_mm - self.margin_right_mm
    }

    /// Width of the letterhead's left column (issuer, number), mm.
    pub fn letterhead_left_mm(&self) -> f64 {
        self.text_width_mm() * self.letterhead_left_ratio
    }

    /// The longest line of the issuer's column, mm: centred in its column, it keeps
    /// `letterhead_gap_mm` from the Quốc hiệu, centred in the other.
    pub fn letterhead_line_mm(&self) -> f64 {
        let quoc_hieu = crate::metrics::Metrics.width_mm(QUOC_HIEU, self.quoc_hieu_size, true, false);
        let right_slack = (self.text_width_mm() - self.letterhead_left_mm() - quoc_hieu) / 2.0;
        (self.letterhead_left_mm() - 2.0 * (self.letterhead_gap_mm - right_slack).max(0.0)).min(self.letterhead_left_mm())
    }

    /// The lines of letterhead entries (an agency's parent or name, `co_quan.ten[i]`) as
    /// printed at `size` pt (`bold`): upper case, each entry's line breaks a line, a line too
    /// long for the column ([`Profile::letterhead_line_mm`]) broken in balanced lines. Compose
    /// prints them; check warns of each broken one.
    pub fn letterhead_lines(&self, entries: &[String], size: f64, bold: bool) -> Vec<LetterheadLine> {
        let m = crate::metrics::Metrics;
        let mut out = Vec::new();
        for (entry, text) in entries.iter().enumerate() {
            for line in crate::vn::upper(&crate::vn::normalize(text.trim())).split(['\n', crate::vn::LINE_BREAK]).map(str::trim).filter(|l| !l.is_empty()) {
                let printed = crate::metrics::fit_line(&m, line, size, bold, false, self.letterhead_line_mm());
                out.push(LetterheadLine { entry, text: line.to_string(), printed });
            }
        }
        out
    }

    /// Room for text in a table cell spanning `share` of a table `width_mm` wide, mm.
    pub fn cell_text_mm(&self, width_mm: f64, share: f64) -> f64 {
        width_mm * share - 2.0 * self.table_inset_x_pt * 25.4 / 72.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_within_the_decree() {
        let (p, r) = (Profile::default(), Ranges::default());
        let within = |v: f64, (lo, hi): (f64, f64)| v >= lo - 1e-9 && v <= hi + 1e-9;
        for (v, range) in [
            (p.margin_top_mm, r.margin_top_mm),
            (p.margin_bottom_mm, r.margin_bottom_mm),
            (p.margin_left_mm, r.margin_left_mm),
            (p.margin_right_mm, r.margin_right_mm),
            (p.parent_size, r.parent_size),
            (p.issuer_size, r.issuer_size),
            (p.quoc_hieu_size, r.quoc_hieu_size),
            (p.tieu_ngu_size, r.tieu_ngu_size),
            (p.number_size, r.number_size),
            (p.date_size, r.date_size),
            (p.vv_size, r.vv_size),
            (p.kind_size, r.kind_size),
            (p.summary_size, r.summary_size),
            (p.body_size, r.body_size),
            (p.table_size, r.table_size),
            (p.sign_title_size, r.sign_title_size),
            (p.signer_size, r.signer_size),
            (p.noi_nhan_label_size, r.noi_nhan_label_size),
            (p.noi_nhan_size, r.noi_nhan_size),
            (p.page_number_size, r.page_number_size),
            (p.issuer_rule_ratio, r.issuer_rule_ratio),
            (p.indent_mm, r.indent_mm),
            (p.line_spacing, r.line_spacing),
        ] {
            assert!(within(v, range), "{v} outside {range:?}");
        }
        assert_eq!((p.page_width_mm, p.page_height_mm), r.paper_mm);
    }
}
