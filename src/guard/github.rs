//! Diagnostics as GitHub Actions annotations, so problems appear on the pull request's diff.
//!
//! A workflow step that prints `::error file=<path>,line=<l>,col=<c>,title=<t>::<message>`
//! makes GitHub attach the message to that line of that file. GitHub wants the path relative
//! to the repository root, whatever folder rosette was run on, and values escaped by the
//! rules of `@actions/core` (`%`, CR and LF everywhere; `:` and `,` in properties as well).
//! The escaping is also what keeps a hostile pull request from starting a line of its own
//! with another workflow command through text quoted in a message.
//!
//! This module only builds the text; `main` prints it.

use std::path::{Component, Path, PathBuf};

use super::Repo;
use crate::error::{Diagnostic, Severity};

/// How `main` shows diagnostics.
#[derive(Debug, Clone, Default)]
pub enum Printer {
    /// `path:line:col: error: message` and `  help: …`, on stderr.
    #[default]
    Human,
    /// One annotation per diagnostic, on stdout.
    Github {
        /// The repository root (canonical), when the site is in a repository.
        root: Option<PathBuf>,
    },
}

impl Printer {
    /// Annotations for the repository that holds `site_dir` (paths stay as given outside git).
    pub fn github(site_dir: &Path) -> Printer {
        let root = Repo::discover(site_dir).ok().map(|repo| canonical(&repo.root));
        Printer::Github { root }
    }

    /// The annotation line for a diagnostic; `None` when diagnostics are shown to people.
    pub fn annotation(&self, diagnostic: &Diagnostic) -> Option<String> {
        let Printer::Github { root } = self else { return None };
        let file = match root {
            Some(root) => repo_path(&diagnostic.path, root),
            None => slashes(&diagnostic.path),
        };
        let mut properties = vec![format!("file={}", escape_property(&file))];
        if diagnostic.line > 0 {
            properties.push(format!("line={}", diagnostic.line));
            properties.push(format!("col={}", diagnostic.col));
        }
        properties.push("title=rosette".into());
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        Some(format!("::{} {}::{}", command(diagnostic.severity), properties.join(","), escape_data(&message)))
    }

    /// The annotation line for a failure that is not about a file (a bad revision…).
    pub fn failure(&self, message: &str) -> Option<String> {
        matches!(self, Printer::Github { .. }).then(|| format!("::error title=rosette::{}", escape_data(message)))
    }
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Escapes a message (`escapeData` of `@actions/core`).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`escapeProperty` of `@actions/core`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `path` relative to the repository `root`, `/`-separated. A file that no longer exists (a
/// deleted award) is placed through its nearest existing folder.
pub fn repo_path(path: &Path, root: &Path) -> String {
    let absolute = canonical(path);
    match absolute.strip_prefix(root) {
        Ok(inside) => slashes(inside),
        Err(_) => slashes(path),
    }
}

/// An absolute path with symbolic links and `..` resolved as far as the path exists, so it
/// compares with git's idea of the repository root.
fn canonical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return absolute,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    for part in rest.iter().rev() {
        resolved.push(part);
    }
    resolved
}

fn slashes(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(line: usize, help: Option<&str>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: PathBuf::from("site/awards/a,b/x:1.toml"),
            line,
            col: if line > 0 { 7 } else { 0 },
            message: "100% wrong".into(),
            help: help.map(String::from),
        }
    }

    #[test]
    fn annotations_escape_properties_and_messages() {
        let printer = Printer::Github { root: None };
        assert_eq!(
            printer.annotation(&diagnostic(3, Some("fix it\r\n::stop-commands::x"))).unwrap(),
            "::error file=site/awards/a%2Cb/x%3A1.toml,line=3,col=7,title=rosette::100%25 wrong%0Ahelp: fix it\
             %0D%0A::stop-commands::x"
        );
        assert_eq!(
            printer.annotation(&diagnostic(0, None).as_warning()).unwrap(),
            "::warning file=site/awards/a%2Cb/x%3A1.toml,title=rosette::100%25 wrong"
        );
        assert_eq!(Printer::Human.annotation(&diagnostic(3, None)), None);
        assert_eq!(printer.failure("bad\nrev").unwrap(), "::error title=rosette::bad%0Arev");
    }

    #[test]
    fn paths_become_relative_to_the_repository() {
        let root = canonical(Path::new(env!("CARGO_MANIFEST_DIR")));
        let deleted = root.join("site-example/awards/none/gone.toml");
        assert_eq!(repo_path(&deleted, &root), "site-example/awards/none/gone.toml");
        assert_eq!(repo_path(&root.join("site-example/./site.toml"), &root), "site-example/site.toml");
    }
}
