//! Names people trust: issuer, badge and recipient names, titles and tags are shown on award
//! pages, in wallets and in link previews, so they must say what they look like.
//!
//! Refused, beyond [`super::text`]'s control characters:
//! - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
//!   reorder what is shown ("Trojan source"): `Acme\u{202E}gro.live` reads "Acmeevil.org";
//! - invisible characters that have no place in a name (U+200B zero-width space, U+2060 word
//!   joiner, U+FEFF), and the zero-width joiners U+200C/U+200D next to ASCII, where they only
//!   hide a difference ("Ad\u{200D}min"); between other letters and in emoji they are
//!   needed by some scripts (Persian, the Indic scripts) and stay;
//! - line breaks (a name is one line);
//! - names that are empty once the invisible characters are taken out.

use super::{Problem, text};

/// The longest name or title, in characters: names are shown in headings, share cards and
/// wallets, where a longer one is cut or breaks the layout.
pub const MAX_NAME_CHARS: usize = 200;

/// A name or title: one visible line, no bidi controls, no hiding characters.
pub fn name(written: &str) -> Result<String, Problem> {
    let name = text(written)?;
    let length = name.chars().count();
    if length > MAX_NAME_CHARS {
        return Err(Problem::new(
            format!("the name is {length} characters long, more than the {MAX_NAME_CHARS} a name may have"),
            "shorten it; put details in the description",
        ));
    }
    if name.contains('\n') {
        return Err(Problem::new("a name must be a single line", "remove the line break"));
    }
    if let Some(c) = name.chars().find(|c| is_bidi_control(*c)) {
        return Err(Problem::new(
            format!("the name contains the bidirectional control character U+{:04X}", u32::from(c)),
            "remove it: such characters reorder the text shown and can disguise a name",
        ));
    }
    if let Some(c) = hiding_character(&name) {
        return Err(Problem::new(
            format!("the name contains the invisible character U+{:04X}", u32::from(c)),
            "remove it: an invisible character makes two names look the same",
        ));
    }
    if name.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(Problem::new("the name is empty", "write the name as it should be shown"));
    }
    Ok(name)
}

/// A tag of a badge: a name that must not be empty either.
pub fn tag(written: &str) -> Result<String, Problem> {
    name(written).map_err(|problem| match problem.message.as_str() {
        "the name is empty" => Problem::new("the tag is empty", "remove it, or write the keyword"),
        _ => problem,
    })
}

/// Bidirectional embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Zero-width characters (U+200B–U+200D, U+2060, U+FEFF).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// The first invisible character that only hides something: U+200B, U+2060 and U+FEFF
/// anywhere, the joiners U+200C/U+200D beside ASCII or at an end.
fn hiding_character(name: &str) -> Option<char> {
    let chars: Vec<char> = name.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        let joiner = matches!(c, '\u{200C}' | '\u{200D}');
        let beside_ascii_or_end = |neighbour: Option<&char>| neighbour.is_none_or(char::is_ascii);
        let hides = if joiner {
            beside_ascii_or_end(i.checked_sub(1).and_then(|j| chars.get(j))) || beside_ascii_or_end(chars.get(i + 1))
        } else {
            is_invisible(c)
        };
        hides.then_some(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_texts_have_a_length_limit() {
        assert!(name(&"a".repeat(MAX_NAME_CHARS)).is_ok());
        let long = name(&"é".repeat(MAX_NAME_CHARS + 1)).unwrap_err();
        assert_eq!(long.message, "the name is 201 characters long, more than the 200 a name may have");
        assert!(text(&"a".repeat(super::super::MAX_TEXT_CHARS + 1)).is_err());
    }

    #[test]
    fn names_are_one_visible_line() {
        assert_eq!(name("  Ada Lovelace "), Ok("Ada Lovelace".to_string()));
        assert_eq!(name("Ada\nLovelace").unwrap_err().message, "a name must be a single line");
        assert_eq!(
            name("Acme\u{202E}gro.live").unwrap_err().message,
            "the name contains the bidirectional control character U+202E"
        );
        assert_eq!(
            name("\u{2067}x").unwrap_err().message,
            "the name contains the bidirectional control character U+2067"
        );
        assert_eq!(name("Ad\u{200B}min").unwrap_err().message, "the name contains the invisible character U+200B");
        assert_eq!(name("Ad\u{200D}min").unwrap_err().message, "the name contains the invisible character U+200D");
        assert_eq!(name("   ").unwrap_err().message, "the name is empty");
        assert_eq!(tag(" ").unwrap_err().message, "the tag is empty");
    }

    #[test]
    fn joiners_stay_where_scripts_and_emoji_need_them() {
        // Persian "mi-khāham" with a zero-width non-joiner, and a family emoji.
        assert!(name("می\u{200C}خواهم").is_ok());
        assert!(name("👩\u{200D}👩\u{200D}👧 Club").is_ok());
        assert!(name("\u{200D}").is_err());
    }
}
