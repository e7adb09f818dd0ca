//! The only place TOML text becomes raw structs; parser errors become diagnostics.
//!
//! serde's messages are rephrased in the user's vocabulary ("key" rather than "field") and an
//! unknown key gets the nearest valid key as a suggestion, so `nmae = …` says "did you mean
//! `name`?" instead of just listing every field.

use serde::de::DeserializeOwned;

use super::file::SourceFile;
use crate::error::Diagnostic;

/// Parses `toml` (found at byte `offset` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(file: &SourceFile, toml: &str, offset: usize) -> Result<T, Diagnostic> {
    toml::from_str(toml).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let span = span.start + offset..span.end + offset;
        let (message, help) = explain(error.message());
        let diagnostic = file.error_at(&span, message);
        match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// Rephrases a parser message and finds a hint for it.
fn explain(message: &str) -> (String, Option<String>) {
    let message = message.trim().trim_end_matches('.');
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, expected)) = rest.split_once('`')
    {
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return (format!("unknown key `{key}`"), Some(suggest(key, &valid)));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return (format!("missing required key `{key}`"), Some(format!("add `{key} = …`")));
    }
    let first_line = message.lines().next().unwrap_or(message);
    (first_line.replace("field", "key"), None)
}

/// "did you mean `x`?" when a valid key is close, else the list of valid keys.
fn suggest(key: &str, valid: &[&str]) -> String {
    match crate::suggest::nearest(key, valid.iter().copied()) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None if valid.is_empty() => "remove it".to_string(),
        None => format!("valid keys here: {}", valid.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_get_the_nearest_valid_key() {
        let (message, help) = explain("unknown field `nmae`, expected one of `name`, `url`, `email`");
        assert_eq!(message, "unknown key `nmae`");
        assert_eq!(help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn far_away_keys_get_the_list() {
        let (_, help) = explain("unknown field `colour`, expected `name` or `url`");
        assert_eq!(help.as_deref(), Some("valid keys here: name, url"));
    }
}
