//! The only user of tera: the default theme embedded in the binary, overridable file by file.
//!
//! The theme is the real folder `theme/` of this repository (templates, static assets, string
//! files in `i18n/` and the share cards' fonts in `fonts/`), compiled in with include_dir so
//! the binary needs nothing at run time. A site's `templates/<name>` replaces the theme
//! template of the same name; its `templates/i18n/` files are strings, not templates (see
//! [`super::i18n`]).

use std::path::PathBuf;

use include_dir::{Dir, include_dir};
use tera::{Context, Tera};

use super::i18n::I18N_DIR;
use crate::error::{Diagnostic, Error};
use crate::source::Template;

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme");

/// Templates ready to render.
pub struct Theme {
    tera: Tera,
    /// Where each template came from, for error messages.
    origins: Vec<(String, PathBuf)>,
}

impl Theme {
    /// The default theme with the site's overrides applied.
    pub fn load(overrides: &[Template]) -> Result<Theme, Error> {
        let mut templates: Vec<(String, String, PathBuf)> = Vec::new();
        if let Some(dir) = THEME.get_dir("templates") {
            for file in walk(dir) {
                let name =
                    file.path().strip_prefix("templates").unwrap_or(file.path()).to_string_lossy().replace('\\', "/");
                let text = file.contents_utf8().unwrap_or_default().to_string();
                templates.push((name.clone(), text, PathBuf::from(format!("(built-in theme)/templates/{name}"))));
            }
        }
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

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Error> {
        self.tera.render(name, context).map_err(|e| template_error(&e, &self.origins))
    }

    /// The theme's static files: (path relative to `static/`, bytes).
    pub fn static_files() -> Vec<(String, &'static [u8])> {
        let Some(dir) = THEME.get_dir("static") else {
            return Vec::new();
        };
        walk(dir)
            .map(|file| {
                let rel = file.path().strip_prefix("static").unwrap_or(file.path());
                (rel.to_string_lossy().replace('\\', "/"), file.contents())
            })
            .collect()
    }
}

impl Theme {
    /// The text of the theme's string file for `language` (`i18n/<language>.toml`), if any.
    pub fn i18n_file(language: &str) -> Option<String> {
        THEME.get_file(format!("{I18N_DIR}{language}.toml")).and_then(|f| f.contents_utf8()).map(str::to_string)
    }

    /// The languages the theme ships strings for.
    #[cfg(test)]
    pub fn i18n_languages() -> Vec<String> {
        let Some(dir) = THEME.get_dir(I18N_DIR.trim_end_matches('/')) else {
            return Vec::new();
        };
        walk(dir).filter_map(|f| f.path().file_name()?.to_str()?.strip_suffix(".toml").map(str::to_string)).collect()
    }

    /// The fonts share cards are drawn with (TrueType files of `theme/fonts/`).
    pub fn fonts() -> Vec<&'static [u8]> {
        THEME
            .get_dir("fonts")
            .map(|dir| walk(dir).filter(|f| f.path().extension().is_some_and(|e| e == "ttf")).map(|f| f.contents()))
            .map(Iterator::collect)
            .unwrap_or_default()
    }
}

fn walk(dir: &'static Dir<'static>) -> impl Iterator<Item = &'static include_dir::File<'static>> {
    let mut files: Vec<&include_dir::File<'static>> = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        files.extend(dir.files());
        stack.extend(dir.dirs());
    }
    files.sort_by_key(|f| f.path());
    files.into_iter()
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
