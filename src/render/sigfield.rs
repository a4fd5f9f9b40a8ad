//! An empty signature field (AcroForm `/Sig` widget) for ký số, added to a PDF vanban wrote
//! as an incremental update: the original bytes stay as they are, ahead of the update, so
//! what a reader or a signature validator sees of the document is exactly what was rendered.
//! Where the field goes comes from the laid-out pages (`render::inspect`), never from the PDF.

use super::inspect::PageView;
use crate::compose::Composed;
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::profile::Profile;
use lopdf::{dictionary, Dictionary, IncrementalDocument, Object, Stream};

/// Where the signature goes (`render --signature-field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureField {
    /// Over the signer's block: between the signer's title and name, across the signature's
    /// column, on the page where they are.
    Signer,
    /// An appendix or attachment in a file of its own: the agency signs at the top right of
    /// its first page (ND30, electronic documents), in the top margin.
    Attachment,
}

/// The field's page (from 0) and rectangle in PDF user space (points, from the page's
/// bottom left): `[x0, y0, x1, y1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// Page index.
    pub page: usize,
    /// `[x0, y0, x1, y1]`, points.
    pub rect: [f64; 4],
}

const PT_PER_MM: f64 = 72.0 / 25.4;

/// Where the field of `kind` goes on the laid-out `pages` of `doc`.
pub fn place(pages: &[PageView], doc: &Composed, kind: SignatureField, p: &Profile) -> Result<Place, Diagnostic> {
    match kind {
        SignatureField::Attachment => {
            let page = pages.first().ok_or_else(|| Diagnostic::error(Msg::SigNoPage))?;
            let right = page.width - p.margin_right_mm;
            let (top, bottom) = (p.sig_attachment_top_mm, p.sig_attachment_top_mm + p.sig_attachment_height_mm);
            Ok(Place { page: 0, rect: user_space(page, right - p.sig_attachment_width_mm, bottom, right, top) })
        }
        SignatureField::Signer => {
            // The signer's name under the last of the title lines (and the note under them),
            // on one page: the document's own signature, the first such pair (a copy's comes
            // after it).
            let title: Vec<&str> = doc.sign_lines.iter().chain(&doc.sign_note).map(String::as_str).filter(|l| !l.is_empty()).collect();
            for (i, page) in pages.iter().enumerate() {
                let Some(name) = page.runs.iter().find(|r| !doc.signer.is_empty() && r.text.contains(doc.signer.as_str())) else { continue };
                let above = page
                    .runs
                    .iter()
                    .filter(|r| r.y < name.y && name.y - r.y < p.sign_space_mm + 25.0 && title.iter().any(|t| t.contains(r.text.trim())))
                    .max_by(|a, b| a.y.total_cmp(&b.y));
                let Some(above) = above else { continue };
                // From under the title's descenders to over the name's capitals and their
                // marks (`Ắ`), across the signature's column (the right half of the text width).
                let top = above.y + above.size * 0.3 / PT_PER_MM;
                let bottom = name.y - name.size * 1.15 / PT_PER_MM;
                let left = p.margin_left_mm + p.text_width_mm() / 2.0;
                return Ok(Place { page: i, rect: user_space(page, left, bottom, left + p.text_width_mm() / 2.0, top) });
            }
            Err(Diagnostic::error(Msg::SigNoSigner))
        }
    }
}

/// A rectangle given in mm from the page's top left (left, bottom, right, top) in PDF user
/// space.
fn user_space(page: &PageView, left: f64, bottom: f64, right: f64, top: f64) -> [f64; 4] {
    let h = page.height;
    let r = |v: f64| (v * PT_PER_MM * 100.0).round() / 100.0;
    [r(left), r(h - bottom), r(right), r(h - top)]
}

/// The field's name: the document's number and symbol (`15/KH-SGDĐT`), the symbol alone
/// while the number is blank, `chu-ky` for a document without one; a `.` (which separates a
/// field's name from its parent's) becomes `-`.
pub fn field_name(doc: &Composed) -> String {
    let number = doc.number_line.strip_prefix("Số: ").unwrap_or("").replace(crate::vn::BLANK, "").trim().trim_start_matches('/').to_string();
    let name = if number.is_empty() { "chu-ky".to_string() } else { number };
    name.replace('.', "-")
}

/// A PDF text string: UTF-16BE with its byte order mark (names with Vietnamese letters).
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// `pdf` with an empty signature field named `name` at `place`, appended as an incremental
/// update. The widget prints (`/F 4`, as PDF/A wants) and has an appearance of its own: a thin
/// grey frame marking where to sign, which the signing software replaces with the signature's.
pub fn add(pdf: Vec<u8>, name: &str, place: Place, p: &Profile) -> Result<Vec<u8>, Diagnostic> {
    let fail = |e: lopdf::Error| Diagnostic::error(Msg::SigCannotAdd { error: e.to_string() });
    let mut inc: IncrementalDocument = pdf.as_slice().try_into().map_err(fail)?;
    let prev = inc.get_prev_documents();
    let pages = prev.get_pages();
    let page_id = *pages.get(&(place.page as u32 + 1)).ok_or_else(|| Diagnostic::error(Msg::SigNoPageN { page: place.page + 1 }))?;
    let catalog_id = prev.trailer.get(b"Root").and_then(Object::as_reference).map_err(fail)?;
    let [x0, y0, x1, y1] = place.rect;
    let (w, h) = (x1 - x0, y1 - y0);

    // The page and the catalog as they are, to be written again with the field.
    let mut page = prev.get_dictionary(page_id).map_err(fail)?.clone();
    let mut annots: Vec<Object> = match page.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => prev.get_object(*r).and_then(Object::as_array).cloned().map_err(fail)?,
        _ => Vec::new(),
    };
    let mut catalog = prev.get_dictionary(catalog_id).map_err(fail)?.clone();
    if catalog.has(b"AcroForm") {
        return Err(Diagnostic::error(Msg::SigHasForm));
    }

    let doc = &mut inc.new_document;
    let stroke = p.sig_frame_pt;
    let grey = p.sig_frame_grey;
    let content = format!("q {grey} {grey} {grey} RG {stroke} w [3 2] 0 d {s} {s} {iw:.2} {ih:.2} re S Q", s = stroke / 2.0, iw = w - stroke, ih = h - stroke);
    let appearance = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)], "Resources" => Dictionary::new() },
        content.into_bytes(),
    ));
    let field = doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "T" => text_string(name),
        "Rect" => place.rect.iter().map(|v| Object::Real(*v as f32)).collect::<Vec<_>>(),
        "F" => 4,
        "P" => page_id,
        "AP" => dictionary! { "N" => appearance },
    });
    annots.push(field.into());
    page.set("Annots", annots);
    doc.set_object(page_id, page);
    // SigFlags 1: the document has a signature field (none signed yet).
    catalog.set("AcroForm", dictionary! { "Fields" => vec![Object::from(field)], "SigFlags" => 1 });
    doc.set_object(catalog_id, catalog);
    let mut out = Vec::with_capacity(pdf_len_hint(&inc));
    inc.save_to(&mut out).map_err(|e| Diagnostic::error(Msg::SigCannotWrite { error: e.to_string() }))?;
    Ok(out)
}

fn pdf_len_hint(inc: &IncrementalDocument) -> usize {
    inc.get_prev_documents_bytes().len() + 4096
}
