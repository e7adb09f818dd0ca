//! A file of the user's site held in memory, and byte offsets turned into lines and columns.
//!
//! Spans from the TOML parser are byte ranges into the parsed text; a front matter block is
//! parsed on its own, so its spans are shifted by the block's offset before they get here.
//! Lines and columns are therefore always absolute positions in the user's file.

use std::ops::Range;
use std::path::PathBuf;

use crate::error::Diagnostic;

/// A source file: where it lives and what it says.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (site folder joined with the relative path).
    pub display_path: PathBuf,
    /// Path relative to the site folder, with `/` separators.
    pub rel_path: String,
    /// The whole text of the file.
    pub text: String,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// An error pointing at the start of a span of this file.
    pub fn error_at(&self, span: &Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.position(span.start);
        Diagnostic::error_at(self.display_path.clone(), line, col, message)
    }

    /// An error about the file as a whole, reported at its first line.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        self.error_at(&(0..0), message)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile { display_path: "f.toml".into(), rel_path: "f.toml".into(), text: text.into() }
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let f = file("a = 1\nnäme = 2\n");
        assert_eq!(f.position(0), (1, 1));
        assert_eq!(f.position(6), (2, 1));
        // "nä" is three bytes: the `m` is the third character of line 2.
        assert_eq!(f.position(9), (2, 3));
        assert_eq!(f.position(999), (3, 1));
    }
}
