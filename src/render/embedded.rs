//! The default theme's files, compiled into the binary: the one place that knows the
//! `theme/` folder's layout (templates, static assets, string files, fonts).
//!
//! The theme is the real folder `theme/` of this repository, compiled in with include_dir so
//! the binary needs nothing at run time. The tera side ([`super::theme`]) and the strings
//! side ([`super::i18n`]) both read from here, and from nowhere else.

use include_dir::{Dir, include_dir};

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme");

/// Folder of string files, in the theme and in a site's `templates/`.
pub const I18N_DIR: &str = "i18n/";

/// The theme's templates: (name relative to `templates/`, `/`-separated; text).
pub fn templates() -> Vec<(String, &'static str)> {
    let Some(dir) = THEME.get_dir("templates") else { return Vec::new() };
    walk(dir)
        .map(|file| {
            let name = file.path().strip_prefix("templates").unwrap_or(file.path());
            (name.to_string_lossy().replace('\\', "/"), file.contents_utf8().unwrap_or_default())
        })
        .collect()
}

/// The theme's static files: (path relative to `static/`, bytes).
pub fn static_files() -> Vec<(String, &'static [u8])> {
    let Some(dir) = THEME.get_dir("static") else { return Vec::new() };
    walk(dir)
        .map(|file| {
            let rel = file.path().strip_prefix("static").unwrap_or(file.path());
            (rel.to_string_lossy().replace('\\', "/"), file.contents())
        })
        .collect()
}

/// The text of the theme's string file for `language` (`i18n/<language>.toml`), if any.
pub fn i18n_file(language: &str) -> Option<&'static str> {
    THEME.get_file(format!("{I18N_DIR}{language}.toml")).and_then(|f| f.contents_utf8())
}

/// The languages the theme ships strings for.
#[cfg(test)]
pub fn i18n_languages() -> Vec<String> {
    let Some(dir) = THEME.get_dir(I18N_DIR.trim_end_matches('/')) else { return Vec::new() };
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

/// Every file under `dir`, sorted by path.
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
