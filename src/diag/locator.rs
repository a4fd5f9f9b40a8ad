//! The JSON-path locator: where the value at a path such as `noi_dung[3].bang.cot` starts in
//! a JSON text, and where a character of a string literal is, so that every diagnostic points
//! at its line and column. Reads text only; knows no field of the input.

/// The byte offset of the value at a JSON path such as `noi_dung[3].bang.cot` in `text`,
/// which must be valid JSON. `None` if the path does not exist.
pub fn locate(text: &str, path: &str) -> Option<usize> {
    let segs = segments(path)?;
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    for seg in segs {
        match (seg, b.get(pos)?) {
            (Seg::Key(k), b'{') => {
                pos = skip_ws(b, pos + 1);
                loop {
                    if b.get(pos)? == &b'}' {
                        return None;
                    }
                    let end = string_end(b, pos)?;
                    let name: String = serde_json::from_str(&text[pos..end]).ok()?;
                    pos = skip_ws(b, end);
                    pos = skip_ws(b, pos + 1); // ':'
                    if name == k {
                        break;
                    }
                    pos = skip_ws(b, value_end(b, pos)?);
                    if b.get(pos)? == &b',' {
                        pos = skip_ws(b, pos + 1);
                    }
                }
            }
            (Seg::Index(i), b'[') => {
                pos = skip_ws(b, pos + 1);
                for _ in 0..i {
                    if b.get(pos)? == &b']' {
                        return None;
                    }
                    pos = skip_ws(b, value_end(b, pos)?);
                    if b.get(pos)? == &b',' {
                        pos = skip_ws(b, pos + 1);
                    }
                }
                if b.get(pos)? == &b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(pos)
}

/// The byte offset of the `index`-th character of the JSON string literal at `start` in
/// `text` (escapes such as `\u000c` count as the one character they stand for).
pub fn char_offset(text: &str, start: usize, index: usize) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(start)? != &b'"' {
        return None;
    }
    let mut i = start + 1;
    let mut n = 0;
    while i < b.len() && b[i] != b'"' {
        if n == index {
            return Some(i);
        }
        i += match b[i] {
            // A surrogate pair `\ud83d\ude00` is one character.
            b'\\'
                if b.get(i + 1) == Some(&b'u')
                    && text.get(i + 2..i + 4).is_some_and(|h| {
                        h.eq_ignore_ascii_case("d8") || h.eq_ignore_ascii_case("d9") || h.eq_ignore_ascii_case("da") || h.eq_ignore_ascii_case("db")
                    }) =>
            {
                12
            }
            b'\\' if b.get(i + 1) == Some(&b'u') => 6,
            b'\\' => 2,
            _ => text[i..].chars().next()?.len_utf8(),
        };
        n += 1;
    }
    None
}

/// A step of a JSON path: a field or an array index.
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// The steps of a JSON path such as `noi_dung[3].bang.cot`; `None` if it is malformed.
pub(crate) fn segments(path: &str) -> Option<Vec<Seg>> {
    let mut segs: Vec<Seg> = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(k) => (&part[..k], &part[k..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            segs.push(Seg::Key(key.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            segs.push(Seg::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
    }
    Some(segs)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn string_end(b: &[u8], start: usize) -> Option<usize> {
    if b.get(start)? != &b'"' {
        return None;
    }
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the JSON value starting at `start`.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    match b.get(start)? {
        b'"' => string_end(b, start),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = start;
            while i < b.len() && !matches!(b[i], b',' | b'}' | b']') && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_paths() {
        let t = "{\n  \"a\": 1,\n  \"b\": [\"x\", {\"c\": [1, 2, \"é\\\"]\"]}],\n  \"d\": {\"e\": true}\n}";
        let at = |p| locate(t, p).map(|o| super::super::line_col(t, o));
        assert_eq!(at("a"), Some((2, 8)));
        assert_eq!(at("b[1].c[2]"), Some((3, 27)));
        assert_eq!(at("d.e"), Some((4, 14)));
        assert_eq!(at("b[5]"), None);
        assert_eq!(at("zz"), None);
    }

    #[test]
    fn character_offsets_in_string_literals() {
        let t = r#"{"a": "xé\u000by\ud83d\ude00z"}"#;
        let start = locate(t, "a").unwrap();
        let at = |k| char_offset(t, start, k).map(|o| &t[o..o + 1]);
        assert_eq!(at(0), Some("x"));
        assert_eq!(at(2), Some("\\"));
        assert_eq!(at(3), Some("y"));
        assert_eq!(at(5), Some("z"));
        assert_eq!(at(6), None);
    }
}
