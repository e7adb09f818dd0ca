//! The only user of tera: the default theme's templates ([`super::embedded`]), overridable
//! file by file. A site's `templates/<name>` replaces the theme template of the same name;
//! its `templates/i18n/` files are strings, not templates (see [`super::i18n`]).

use std::path::PathBuf;

use tera::{Context, Tera};

use super::embedded::{self, I18N_DIR};
use crate::error::{Diagnostic, Error};
use crate::source::Template;

/// Templates ready to render.
pub struct Theme {
    tera: Tera,
    /// Where each template came from, for error messages.
    origins: Vec<(String, PathBuf)>,
}

impl Theme {
    /// The default theme with the site's overrides applied.
    pub fn load(overrides: &[Template]) -> Result<Theme, Error> {
        let mut templates: Vec<(String, String, PathBuf)> = embedded::templates()
            .into_iter()
            .map(|(name, text)| {
                let origin = PathBuf::from(format!("(built-in theme)/templates/{name}"));
                (name, text.to_string(), origin)
            })
            .collect();
        for template in overrides.iter().filter(|t| !t.name.starts_with(I18N_DIR)) {
            templates.retain(|(name, _, _)| name != &template.name);
            templates.push((template.name.clone(), template.text.clone(), template.display_path.clone()));
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let origins: Vec<(String, PathBuf)> =
            templates.iter().map(|(name, _, path)| (name.clone(), path.clone())).collect();
        let theme_error = |error: tera::Error, origins: &[(String, PathBuf)]| template_error(&error, origins);
        tera.add_raw_templates(templates.iter().map(|(name, text, _)| (name.as_str(), text.as_str())))
            .map_err(|e| theme_error(e, &origins))?;
        Ok(Theme { tera, origins })
    }

    /// Renders template `name` with `context`; an HTML page without the indentation of its
    /// lines ([`unindent`]).
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Error> {
        let text = self.tera.render(name, context).map_err(|e| template_error(&e, &self.origins))?;
        Ok(if name.ends_with(".html") { unindent(&text) } else { text })
    }
}

/// `html` without the spaces and tabs that start its lines, nor its empty lines, except inside
/// `<pre>`, `<textarea>` and `<script>`, where they are content. Templates stay indented to be
/// readable, and 100,000 award pages do not publish half a kilobyte of indentation each (a
/// browser renders the page the same: whitespace at the start of a line collapses).
fn unindent(html: &str) -> String {
    const KEEP: [(&str, &str); 3] = [("<pre", "</pre>"), ("<textarea", "</textarea>"), ("<script", "</script>")];
    let mut out = String::with_capacity(html.len());
    // The end tag that closes the block the current line is in, if any.
    let mut inside: Option<&str> = None;
    for line in html.split_inclusive('\n') {
        match inside {
            Some(_) => out.push_str(line),
            // A line left empty goes too.
            None => match line.trim_start_matches([' ', '\t']) {
                "\n" => {}
                text => out.push_str(text),
            },
        }
        // Follow the blocks this line opens and closes, in order.
        let mut rest = line;
        loop {
            match inside {
                Some(end) => match rest.find(end) {
                    Some(at) => {
                        rest = &rest[at + end.len()..];
                        inside = None;
                    }
                    None => break,
                },
                None => match KEEP.iter().filter_map(|(start, end)| Some((rest.find(start)?, start, *end))).min() {
                    Some((at, start, end)) => {
                        rest = &rest[at + start.len()..];
                        inside = Some(end);
                    }
                    None => break,
                },
            }
        }
    }
    out
}

/// A template problem as a diagnostic on the template's file.
fn template_error(error: &tera::Error, origins: &[(String, PathBuf)]) -> Error {
    let message = crate::error::cause_chain(error);
    let path = origins
        .iter()
        .find(|(name, _)| message.contains(name.as_str()))
        .map_or_else(|| PathBuf::from("templates"), |(_, path)| path.clone());
    Error::Invalid(vec![
        Diagnostic::file_error(path, format!("template error: {message}"))
            .with_help("check the template against the theme contract in docs/theme.md"),
    ])
}

#[cfg(test)]
mod tests {
    use super::unindent;

    #[test]
    fn unindent_keeps_the_content_of_pre_textarea_and_script() {
        let html = "<div>\n  <p>a</p>\n\n  \n\t<pre><code>x\n\n    y\n</code></pre>\n  <textarea>1\n  2</textarea>\n  \
                    <script>\n  s\n</script><p>\n  z</p>\n";
        assert_eq!(
            unindent(html),
            "<div>\n<p>a</p>\n<pre><code>x\n\n    y\n</code></pre>\n<textarea>1\n  2</textarea>\n<script>\n  s\n\
             </script><p>\nz</p>\n"
        );
    }

    #[test]
    fn unindent_finds_a_block_that_opens_and_closes_on_one_line() {
        assert_eq!(unindent("  <pre>a</pre> <pre>\n  b</pre>\n  c\n"), "<pre>a</pre> <pre>\n  b</pre>\nc\n");
    }
}
