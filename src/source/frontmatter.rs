//! Splits a Markdown file into its `+++` TOML front matter and its body, keeping offsets.
//!
//! The offsets let the TOML parser's spans be turned into absolute line numbers of the
//! Markdown file, which is what the user sees in their editor.

/// A Markdown file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The TOML between the fences.
    pub toml: &'a str,
    /// Byte offset of `toml` in the file.
    pub toml_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

/// Why a file has no usable front matter.
#[derive(Debug, PartialEq, Eq)]
pub enum FrontMatterError {
    /// The first line is not `+++`.
    MissingOpening,
    /// No line `+++` closes the block.
    MissingClosing,
}

const FENCE: &str = "+++";

/// Splits `text` (which must start with a `+++` line, after an optional byte-order mark).
pub fn split(text: &str) -> Result<FrontMatter<'_>, FrontMatterError> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = line_spans(text, start);
    match lines.next() {
        Some((from, to)) if text[from..to].trim_end() == FENCE => {}
        _ => return Err(FrontMatterError::MissingOpening),
    }
    let toml_offset = lines.clone().next().map_or(text.len(), |(from, _)| from);
    for (from, to) in lines {
        if text[from..to].trim_end() == FENCE {
            let body_start = (to + 1).min(text.len());
            return Ok(FrontMatter { toml: &text[toml_offset..from], toml_offset, body: &text[body_start..] });
        }
    }
    Err(FrontMatterError::MissingClosing)
}

/// (start, end) byte offsets of each line from `start`, without the `\n`.
fn line_spans(text: &str, start: usize) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let span = (pos, end);
        pos = end + 1;
        Some(span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_the_offset() {
        let text = "+++\nname = \"x\"\n+++\n# Criteria\n";
        let fm = split(text).unwrap();
        assert_eq!(fm.toml, "name = \"x\"\n");
        assert_eq!(&text[fm.toml_offset..fm.toml_offset + 4], "name");
        assert_eq!(fm.body, "# Criteria\n");
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let fm = split("\u{feff}+++\r\na = 1\r\n+++\r\nbody").unwrap();
        assert_eq!(fm.toml, "a = 1\r\n");
        assert_eq!(fm.body, "body");
    }

    #[test]
    fn reports_missing_fences() {
        assert_eq!(split("name = 1\n"), Err(FrontMatterError::MissingOpening));
        assert_eq!(split("+++\nname = 1\n"), Err(FrontMatterError::MissingClosing));
    }
}
