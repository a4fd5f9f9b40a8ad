//! A small element tree of one XML part of an Office package, its names resolved to the
//! namespaces WordprocessingML uses (a producer may bind any prefix to them; `w:` is only the
//! usual one). Whitespace between elements is dropped; text inside `w:t`, `w:instrText`,
//! `w:delText` and `m:t` is kept as written.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML (transitional or strict).
    W,
    /// Relationships (`r:id`).
    R,
    /// DrawingML's placement in a document (`wp:inline`, `wp:anchor`).
    Wp,
    /// DrawingML (`a:blip`, `a:graphic`).
    A,
    /// DrawingML pictures (`pic:pic`).
    Pic,
    /// VML (`v:shape`, `v:textbox`, `v:imagedata`).
    V,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Word 2010 shapes (`wps:wsp`, `wps:txbx`).
    Wps,
    /// Word 2010 groups (`wpg:wgp`).
    Wpg,
    /// Office math (`m:oMath`, `m:t`).
    M,
    /// The XML namespace (`xml:space`).
    Xml,
    /// Any other namespace.
    Other,
    /// No namespace.
    None,
}

fn ns_of(uri: &[u8]) -> Ns {
    match uri {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main" | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships" | b"http://purl.oclc.org/ooxml/officeDocument/relationships" => Ns::R,
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" | b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing" => Ns::Wp,
        b"http://schemas.openxmlformats.org/drawingml/2006/main" | b"http://purl.oclc.org/ooxml/drawingml/main" => Ns::A,
        b"http://schemas.openxmlformats.org/drawingml/2006/picture" | b"http://purl.oclc.org/ooxml/drawingml/picture" => Ns::Pic,
        b"urn:schemas-microsoft-com:vml" => Ns::V,
        b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        b"http://schemas.microsoft.com/office/word/2010/wordprocessingShape" => Ns::Wps,
        b"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" => Ns::Wpg,
        b"http://schemas.openxmlformats.org/officeDocument/2006/math" | b"http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
        b"http://www.w3.org/XML/1998/namespace" => Ns::Xml,
        _ => Ns::Other,
    }
}

fn resolved(r: ResolveResult) -> Ns {
    match r {
        ResolveResult::Bound(n) => ns_of(n.as_ref()),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(p) if p == b"xml" => Ns::Xml,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// A child of an element.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element.
    El(El),
    /// Text (entities resolved).
    Text(String),
}

/// An element: its namespace and local name, its attributes and its children.
#[derive(Debug, Clone)]
pub struct El {
    /// The namespace.
    pub ns: Ns,
    /// The local name (`p`, `tbl`).
    pub name: String,
    /// Attributes: namespace, local name, value (unescaped).
    pub attrs: Vec<(Ns, String, String)>,
    /// Children, in order.
    pub kids: Vec<Node>,
}

impl El {
    /// Whether this is `ns:name`.
    pub fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.kids.iter().filter_map(|k| match k {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child `ns:name`.
    pub fn child(&self, ns: Ns, name: &str) -> Option<&El> {
        self.elements().find(|e| e.is(ns, name))
    }

    /// Every child `ns:name`.
    pub fn children<'a>(&'a self, ns: Ns, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.elements().filter(move |e| e.is(ns, name))
    }

    /// The attribute of local name `name` in the WordprocessingML namespace or in none (Word
    /// writes `w:val`; some producers write `val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(ns, n, _)| n == name && matches!(ns, Ns::W | Ns::None)).map(|(_, _, v)| v.as_str())
    }

    /// The attribute `ns:name`.
    pub fn attr_ns(&self, ns: Ns, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(a, n, _)| *a == ns && n == name).map(|(_, _, v)| v.as_str())
    }

    /// The text of the element and its descendants, concatenated.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, s: &mut String) {
        for k in &self.kids {
            match k {
                Node::Text(t) => s.push_str(t),
                Node::El(e) => e.collect_text(s),
            }
        }
    }

    /// The first descendant (depth first, this element excluded) `ns:name`.
    pub fn find(&self, ns: Ns, name: &str) -> Option<&El> {
        for e in self.elements() {
            if e.is(ns, name) {
                return Some(e);
            }
            if let Some(f) = e.find(ns, name) {
                return Some(f);
            }
        }
        None
    }
}

/// Elements whose text is kept as written (spaces included).
fn keeps_text(e: &El) -> bool {
    matches!((e.ns, e.name.as_str()), (Ns::W, "t" | "instrText" | "delText") | (Ns::M, "t"))
}

/// Parses one XML part into its root element; a message (English, for the caller to wrap) when
/// it is not well-formed.
pub fn parse(bytes: &[u8]) -> Result<El, String> {
    let mut reader = NsReader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut stack: Vec<El> = vec![El { ns: Ns::None, name: String::new(), attrs: Vec::new(), kids: Vec::new() }];
    let open = |reader: &NsReader<&[u8]>, e: &quick_xml::events::BytesStart| -> Result<El, String> {
        let (ns, local) = reader.resolver().resolve_element(e.name());
        let mut attrs = Vec::new();
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|e| e.to_string())?;
            let (ans, alocal) = reader.resolver().resolve_attribute(a.key);
            let v = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
            attrs.push((resolved(ans), String::from_utf8_lossy(alocal.as_ref()).into_owned(), v));
        }
        Ok(El { ns: resolved(ns), name: String::from_utf8_lossy(local.as_ref()).into_owned(), attrs, kids: Vec::new() })
    };
    let push_text = |stack: &mut Vec<El>, t: &str| {
        let top = stack.last_mut().expect("the root is never popped");
        if let Some(Node::Text(prev)) = top.kids.last_mut() {
            prev.push_str(t);
        } else {
            top.kids.push(Node::Text(t.to_string()));
        }
    };
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                let el = open(&reader, &e)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = open(&reader, &e)?;
                stack.last_mut().expect("root").kids.push(Node::El(el));
            }
            Event::End(_) => {
                let mut el = stack.pop().expect("root");
                if stack.is_empty() {
                    return Err("an end tag without its start".into());
                }
                if !keeps_text(&el) {
                    el.kids.retain(|k| !matches!(k, Node::Text(t) if t.trim().is_empty()));
                }
                stack.last_mut().expect("root").kids.push(Node::El(el));
            }
            Event::Text(t) => {
                let s = t.xml_content().map_err(|e| e.to_string())?;
                push_text(&mut stack, &s);
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t.into_inner()).into_owned();
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let s = if let Ok(Some(c)) = r.resolve_char_ref() {
                    c.to_string()
                } else {
                    match &*r {
                        b"amp" => "&".into(),
                        b"lt" => "<".into(),
                        b"gt" => ">".into(),
                        b"quot" => "\"".into(),
                        b"apos" => "'".into(),
                        other => return Err(format!("an unknown entity &{};", String::from_utf8_lossy(other))),
                    }
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if stack.len() != 1 {
        return Err(format!("the element <{}> is not closed", stack.last().map(|e| e.name.as_str()).unwrap_or("")));
    }
    let root = stack.pop().expect("root");
    root.kids
        .into_iter()
        .find_map(|k| match k {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "no root element".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolved_whatever_the_prefix() {
        let x = br#"<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body> <x:p><x:r><x:t xml:space="preserve"> a &amp; b&#x1EA0; </x:t></x:r></x:p></x:body></x:document>"#;
        let root = parse(x).unwrap();
        assert!(root.is(Ns::W, "document"));
        let body = root.child(Ns::W, "body").unwrap();
        assert_eq!(body.kids.len(), 1);
        assert_eq!(body.text(), " a & bẠ ");
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
    }
}
