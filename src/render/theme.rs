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

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Error> {
        self.tera.render(name, context).map_err(|e| template_error(&e, &self.origins))
    }
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
