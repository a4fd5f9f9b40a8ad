//! Puts the XML that docx-rs writes into the shape the ECMA-376 schemas (transitional) ask
//! for, so that Word, Word for the web and validators accept every DOCX as it is: the
//! children of the elements whose content is a sequence (`w:pPr`, `w:rPr`, `w:sectPr`,
//! `w:tblPr`, `w:tcPr`, `w:style`, `w:settings`, borders and margins) in schema order, no
//! `w:type` on `w:gridCol`, and a theme part, which Word expects of every document.
//!
//! docx-rs writes them in an order of its own (`w:rPr` first in `w:pPr`, `w:sz` before
//! `w:rFonts`…); desktop Word tolerates most of it, Word for the web opens such files as
//! damaged and read-only. The parts are parsed with quick-xml, reordered and written back
//! byte for byte otherwise.

use quick_xml::events::Event;
use quick_xml::Reader;

/// The order of the children of each element whose content model is a sequence.
fn order(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:pPr" => &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
        "w:rPr" => &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
        "w:sectPr" => &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
        "w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
        "w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
        "w:tblBorders" | "w:tcBorders" | "w:tblCellMar" | "w:tcMar" => {
            &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH", "w:insideV", "w:tl2br", "w:tr2bl"]
        }
        "w:pBdr" => &["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"],
        "w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        "w:lvl" => {
            &["w:start", "w:numFmt", "w:lvlRestart", "w:pStyle", "w:isLgl", "w:suff", "w:lvlText", "w:lvlPicBulletId", "w:legacy", "w:lvlJc", "w:pPr", "w:rPr"]
        }
        "w:settings" => &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:doNotDisplayPageBoundaries",
            "w:displayBackgroundShape",
            "w:printPostScriptOverText",
            "w:printFractionalCharacterWidth",
            "w:printFormsData",
            "w:embedTrueTypeFonts",
            "w:embedSystemFonts",
            "w:saveSubsetFonts",
            "w:saveFormsData",
            "w:mirrorMargins",
            "w:alignBordersAndEdges",
            "w:bordersDoNotSurroundHeader",
            "w:bordersDoNotSurroundFooter",
            "w:gutterAtTop",
            "w:hideSpellingErrors",
            "w:hideGrammaticalErrors",
            "w:activeWritingStyle",
            "w:proofState",
            "w:formsDesign",
            "w:attachedTemplate",
            "w:linkStyles",
            "w:stylePaneFormatFilter",
            "w:stylePaneSortMethod",
            "w:documentType",
            "w:mailMerge",
            "w:revisionView",
            "w:trackRevisions",
            "w:doNotTrackMoves",
            "w:doNotTrackFormatting",
            "w:documentProtection",
            "w:autoFormatOverride",
            "w:styleLockTheme",
            "w:styleLockQFSet",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:consecutiveHyphenLimit",
            "w:hyphenationZone",
            "w:doNotHyphenateCaps",
            "w:showEnvelope",
            "w:summaryLength",
            "w:clickAndTypeStyle",
            "w:defaultTableStyle",
            "w:evenAndOddHeaders",
            "w:bookFoldRevPrinting",
            "w:bookFoldPrinting",
            "w:bookFoldPrintingSheets",
            "w:drawingGridHorizontalSpacing",
            "w:drawingGridVerticalSpacing",
            "w:displayHorizontalDrawingGridEvery",
            "w:displayVerticalDrawingGridEvery",
            "w:doNotUseMarginsForDrawingGridOrigin",
            "w:drawingGridHorizontalOrigin",
            "w:drawingGridVerticalOrigin",
            "w:doNotShadeFormData",
            "w:noPunctuationKerning",
            "w:characterSpacingControl",
            "w:printTwoOnOne",
            "w:strictFirstAndLastChars",
            "w:noLineBreaksAfter",
            "w:noLineBreaksBefore",
            "w:savePreviewPicture",
            "w:doNotValidateAgainstSchema",
            "w:saveInvalidXml",
            "w:ignoreMixedContent",
            "w:alwaysShowPlaceholderText",
            "w:doNotDemarcateInvalidXml",
            "w:saveXmlDataOnly",
            "w:useXSLTWhenSaving",
            "w:saveThroughXslt",
            "w:showXMLTags",
            "w:alwaysMergeEmptyNamespace",
            "w:updateFields",
            "w:hdrShapeDefaults",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures",
            "w:forceUpgrade",
            "w:captions",
            "w:readModeInkLockDown",
            "w:smartTagType",
            "sl:schemaLibrary",
            "w:shapeDefaults",
            "w:doNotEmbedSmartTags",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
        _ => return None,
    })
}

/// A parsed element or a piece of anything else (text, the XML declaration), each a slice
/// of the part's text.
enum Node<'a> {
    Elem { name: &'a str, start: &'a str, children: Vec<Node<'a>>, end: &'a str },
    Raw(&'a str),
}

fn tag_name(raw: &str) -> &str {
    let inner = raw.trim_start_matches(['<', '/']);
    let end = inner.find(|c: char| c.is_whitespace() || c == '/' || c == '>').unwrap_or(inner.len());
    &inner[..end]
}

fn parse(xml: &str) -> Option<Vec<Node<'_>>> {
    let mut reader = Reader::from_str(xml);
    // Stack of open elements: name, start tag, children so far.
    let mut stack: Vec<(&str, &str, Vec<Node>)> = vec![("", "", Vec::new())];
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let raw = xml.get(before..reader.buffer_position() as usize)?;
        match event {
            Event::Eof => break,
            Event::Start(_) => stack.push((tag_name(raw), raw, Vec::new())),
            Event::End(_) => {
                let (name, start, children) = stack.pop()?;
                if stack.is_empty() || name != tag_name(raw) {
                    return None;
                }
                stack.last_mut()?.2.push(Node::Elem { name, start, children, end: raw });
            }
            Event::Empty(_) => stack.last_mut()?.2.push(Node::Elem { name: tag_name(raw), start: raw, children: Vec::new(), end: "" }),
            _ => stack.last_mut()?.2.push(Node::Raw(raw)),
        }
    }
    (stack.len() == 1).then(|| stack.pop().map(|s| s.2)).flatten()
}

fn write(nodes: &mut [Node], parent: &str, out: &mut String) {
    if let Some(order) = order(parent) {
        // Stable: children the list does not name keep their place after those it does.
        nodes.sort_by_key(|n| match n {
            Node::Elem { name, .. } => order.iter().position(|o| o == name).unwrap_or(order.len()),
            Node::Raw(_) => order.len(),
        });
    }
    for n in nodes {
        match n {
            // Empty run properties of a paragraph mark say nothing, and a style's or a
            // numbering level's paragraph properties may not hold any.
            Node::Elem { name: "w:rPr", children, .. } if parent == "w:pPr" && children.is_empty() => {}
            Node::Raw(r) => out.push_str(r),
            Node::Elem { name, start, children, end } => {
                if *name == "w:gridCol" {
                    // `w:type` is not an attribute of a grid column (its width is in twips).
                    out.push_str(&start.replace(r#" w:type="dxa""#, ""));
                } else {
                    out.push_str(start);
                }
                write(children, name, out);
                out.push_str(end);
            }
        }
    }
}

/// `xml` with the children of its sequence elements in schema order (see the module's doc);
/// `None` if it cannot be parsed (it is then left as it is).
pub fn conform(xml: &str) -> Option<String> {
    let mut nodes = parse(xml)?;
    let mut out = String::with_capacity(xml.len());
    write(&mut nodes, "", &mut out);
    Some(out)
}

/// The theme part: Office's default colour and format schemes with Times New Roman as the
/// theme's fonts. Word expects one in every document (it is where "theme fonts" resolve).
pub const THEME: &str = include_str!("theme1.xml");

/// Adds the theme to a package's content types.
pub fn with_theme_content_type(types: &str) -> String {
    const OVERRIDE: &str = r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#;
    if types.contains("/word/theme/theme1.xml") {
        return types.to_string();
    }
    types.replacen("</Types>", &format!("{OVERRIDE}</Types>"), 1)
}

/// Adds the theme to the main part's relationships.
pub fn with_theme_relationship(rels: &str) -> String {
    const REL: &str =
        r#"<Relationship Id="rIdTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" />"#;
    if rels.contains("relationships/theme\"") {
        return rels.to_string();
    }
    rels.replacen("</Relationships>", &format!("{REL}</Relationships>"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_come_in_schema_order() {
        let xml = r#"<?xml version="1.0"?><w:p><w:pPr><w:rPr /><w:jc w:val="center" /><w:spacing w:before="0" /><w:keepNext /></w:pPr><w:r><w:rPr><w:sz w:val="25" /><w:b /><w:rFonts w:ascii="X" /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p><w:gridCol w:w="3929" w:type="dxa" />"#;
        assert_eq!(
            conform(xml).unwrap(),
            r#"<?xml version="1.0"?><w:p><w:pPr><w:keepNext /><w:spacing w:before="0" /><w:jc w:val="center" /></w:pPr><w:r><w:rPr><w:rFonts w:ascii="X" /><w:b /><w:sz w:val="25" /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p><w:gridCol w:w="3929" />"#
        );
        assert!(conform("<a><b></a>").is_none());
    }
}
