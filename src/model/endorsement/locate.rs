//! Where a problem of an endorsement file is: JSON values carry no spans, so a problem about a
//! key points at the first place the file names that key, which is where a reader looks.

use crate::error::Diagnostics;
use crate::model::rules::Problem;
use crate::source::SourceFile;

/// A problem with its help line.
pub fn problem(message: impl Into<String>, help: impl Into<String>) -> Problem {
    Problem { message: message.into(), help: Some(help.into()) }
}

/// Reports problems at keys of one endorsement file.
pub struct Locator<'a> {
    /// The file.
    pub file: &'a SourceFile,
}

impl Locator<'_> {
    /// Reports `problem` at the key `path` (dotted: `issuer.name`), found as the first
    /// `"issuer"` then the first `"name"` after it; at the start of the file when `path` is
    /// empty or not written.
    pub fn report(&self, path: &str, problem: Problem, diagnostics: &mut Diagnostics) {
        let offset = self.offset(path);
        let diagnostic = self.file.error_at(&(offset..offset), problem.message);
        diagnostics.push(match problem.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        });
    }

    /// Reports `problem` at the key `path` as a warning: the build goes on.
    pub fn warn(&self, path: &str, problem: Problem, diagnostics: &mut Diagnostics) {
        let offset = self.offset(path);
        let diagnostic = self.file.error_at(&(offset..offset), problem.message).as_warning();
        diagnostics.push(match problem.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        });
    }

    /// The value a rule gives, or its problem reported at `path`, which the message names.
    pub fn rule<T>(&self, path: &str, result: Result<T, Problem>, diagnostics: &mut Diagnostics) -> Option<T> {
        result
            .map_err(|problem| {
                let message = format!("`{path}`: {}", problem.message);
                self.report(path, Problem { message, ..problem }, diagnostics);
            })
            .ok()
    }

    fn offset(&self, path: &str) -> usize {
        let mut offset = 0;
        for key in path.split('.').filter(|key| !key.is_empty()) {
            match self.file.text[offset..].find(&format!("\"{key}\"")) {
                Some(found) => offset += found,
                None => return offset,
            }
        }
        offset
    }
}
