//! Checks the files of `static/`: they are published on the organisation's origin as they
//! are, so an SVG or HTML file there that runs script is an XSS on every award page.
//!
//! SVG files (any depth, any case of `.svg`) pass the same allow-list as badge images
//! ([`super::svg`]); HTML and XML pages may not run script ([`super::html`]); `.svgz` cannot
//! be checked compressed and is refused. `site.toml` `allow_scripts_in_static = true` turns
//! the script rules off: an owner's decision, visible in review of that file. Nothing here is
//! rasterised, so the drawing-cost limits of the SVG rules do not matter for static files,
//! but they are kept: one rule for every SVG the site publishes.

use std::path::Path;

use super::{html, svg};
use crate::error::{Diagnostic, Diagnostics};
use crate::source::Asset;

/// Extensions of files browsers read as HTML or as XML documents that can hold XHTML.
const PAGES: &[&str] = &["html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt"];

const FIX_PAGE: &str = "remove the script, or set `allow_scripts_in_static = true` in site.toml if the site's \
                        owners accept script on the site's origin";

/// Reports every static file of `site_dir`'s `static/` folder whose name cannot be published
/// as it is, or that runs script.
pub fn check(files: &[Asset], site_dir: &Path, allow_scripts: bool, diagnostics: &mut Diagnostics) {
    for file in files {
        if is_verifier(&file.rel_path) {
            let path = site_dir.join(crate::source::layout::STATIC).join(&file.rel_path);
            let message = format!("`static/{}` would replace the theme's browser verifier", file.rel_path);
            diagnostics.push(Diagnostic::file_error(&path, message).with_help(
                "remove or rename it: award pages and /verify/ run rosette's own verifier, so that what they say \
                 of a badge is what `rosette verify` says; no site (and no pull request) may replace it",
            ));
        }
        if let Some(problem) = unpublishable_name(&file.rel_path) {
            let path = site_dir.join(crate::source::layout::STATIC).join(&file.rel_path);
            diagnostics.push(Diagnostic::file_error(&path, problem).with_help(
                "rename it: a static file's path becomes part of its URL, so use letters, digits, `-`, `_` and `.`",
            ));
        }
    }
    if allow_scripts {
        return;
    }
    for file in files {
        let path = site_dir.join(crate::source::layout::STATIC).join(&file.rel_path);
        let extension = file.rel_path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match extension.as_str() {
            "svg" => {
                for problem in svg::check(&file.bytes) {
                    let message = format!("the SVG {}", problem.message);
                    diagnostics.push(
                        Diagnostic::error_at(&path, line(problem.line), line(problem.column), message)
                            .with_help(problem.help),
                    );
                }
            }
            "svgz" => diagnostics.push(
                Diagnostic::file_error(&path, "compressed SVG cannot be checked for scripts")
                    .with_help("publish it uncompressed, as .svg (web servers compress it anyway)"),
            ),
            page if PAGES.contains(&page) => {
                let text = String::from_utf8_lossy(&file.bytes);
                for finding in html::active_content(&text) {
                    let (row, column) = position(&text, finding.offset);
                    let message = format!("the page {}", finding.message);
                    diagnostics.push(Diagnostic::error_at(&path, row, column, message).with_help(FIX_PAGE));
                }
            }
            _ => {}
        }
    }
}

/// Whether `rel_path` (relative to `static/`) is one of the browser verifier's files: its
/// module `verify.js` and everything under `verifier/` (the WebAssembly core and its glue).
/// Even with `allow_scripts_in_static`, a verifier that lies about forged badges is not
/// something a site may publish under rosette's name. Compared without case, because some
/// servers (and file systems) do not tell `Verify.js` from `verify.js`.
fn is_verifier(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    lower == "verify.js" || lower == "verifier" || lower.starts_with("verifier/")
}

/// Why a static file's path (relative to `static/`, `/`-separated) cannot become a URL path
/// the same on every system: a backslash is a folder separator on Windows (and in some
/// servers), control characters and `..` segments are never a file of the site.
fn unpublishable_name(rel_path: &str) -> Option<String> {
    if rel_path.contains('\\') {
        return Some(format!("the static file name `{rel_path}` contains a backslash"));
    }
    if let Some(c) = rel_path.chars().find(|c| c.is_control()) {
        return Some(format!("the static file name contains the control character U+{:04X}", u32::from(c)));
    }
    rel_path
        .split('/')
        .any(|part| part == "." || part == "..")
        .then(|| format!("the static file path `{rel_path}` has a `.` or `..` segment"))
}

fn line(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    (before.matches('\n').count() + 1, before.rsplit('\n').next().unwrap_or("").chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn diagnostics(files: &[(&str, &str)], allow: bool) -> Vec<String> {
        let assets: Vec<Asset> = files
            .iter()
            .map(|(rel_path, text)| Asset { rel_path: rel_path.to_string(), bytes: Arc::new(text.as_bytes().to_vec()) })
            .collect();
        let mut diagnostics = Diagnostics::default();
        check(&assets, Path::new("site"), allow, &mut diagnostics);
        diagnostics.sorted().iter().map(|d| format!("{:?}:{:?}: {}", d.path(), d.position(), d.message)).collect()
    }

    #[test]
    fn scripts_in_static_files_are_refused_unless_allowed() {
        let files = [
            ("a/evil.SVG", r#"<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>"#),
            ("evil.html", "<p>\n<body onload=\"x\">"),
            ("logo.svgz", "x"),
            ("site.css", "a { background: url(https://e.example/) }"),
            ("ok.svg", r#"<svg xmlns="http://www.w3.org/2000/svg"/>"#),
        ];
        assert_eq!(diagnostics(&files, false).len(), 3, "{:?}", diagnostics(&files, false));
        assert_eq!(diagnostics(&files, true), Vec::<String>::new());
    }

    #[test]
    fn the_browser_verifier_cannot_be_replaced_even_with_scripts_allowed() {
        let files =
            [("Verify.js", "x"), ("verifier/verifier_bg.wasm", "x"), ("verifiers.js", "ok"), ("my/verify.js", "ok")];
        let found = diagnostics(&files, true);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("`static/Verify.js` would replace the theme's browser verifier"), "{found:?}");
        assert!(found[1].contains("`static/verifier/verifier_bg.wasm` would replace"), "{found:?}");
    }
}
