//! Tests of the theme strings: complete translations, dates in words, strict site overrides.

use super::*;

fn site_file(name: &str, text: &str) -> Template {
    Template { name: name.into(), text: text.into(), display_path: PathBuf::from(format!("site/templates/{name}")) }
}

fn keys_and_shapes(strings: &Strings) -> Vec<(String, usize)> {
    strings
        .entries
        .iter()
        .map(|(key, entry)| (key.clone(), if let Entry::List(list) = entry { list.len() } else { 0 }))
        .collect()
}

#[test]
fn every_theme_language_has_every_key_and_no_other() {
    let english = Strings::load("en", &[]).unwrap();
    assert!(english.entries.len() > 100, "en.toml defines the strings");
    for language in embedded::i18n_languages() {
        let text = embedded::i18n_file(&language).unwrap();
        let mut only = Strings { entries: BTreeMap::new() };
        only.merge(text, Path::new("x.toml"), false).unwrap();
        assert_eq!(keys_and_shapes(&only), keys_and_shapes(&english), "{language}.toml differs from en.toml");
    }
    assert!(embedded::i18n_languages().contains(&"fr".to_string()));
}

#[test]
fn dates_in_words_follow_the_language() {
    let t: Timestamp = "2025-03-14T23:30:00-02:00".parse().unwrap();
    assert_eq!(Strings::load("en", &[]).unwrap().date(t), "15 March 2025");
    assert_eq!(Strings::load("fr", &[]).unwrap().date(t), "15 mars 2025");
    let first: Timestamp = "2025-08-01T10:00:00Z".parse().unwrap();
    assert_eq!(Strings::load("fr-CA", &[]).unwrap().date(first), "1er août 2025");
    assert_eq!(Strings::load("en-GB", &[]).unwrap().date(first), "1 August 2025");
}

#[test]
fn languages_the_theme_lacks_fall_back_to_english() {
    let strings = Strings::load("ja", &[]).unwrap();
    assert_eq!(strings.text("award.valid_title"), "Valid");
    assert_eq!(Strings::load("fr", &[]).unwrap().text("award.valid_title"), "Valide");
}

#[test]
fn a_site_replaces_single_strings_of_its_language() {
    let files = [
        site_file("i18n/fr.toml", "[award]\nvalid_title = \"En règle\"\n"),
        site_file("i18n/de.toml", "[award]\nvalid_title = \"Gültig\"\n"),
    ];
    let strings = Strings::load("fr", &files).unwrap();
    assert_eq!(strings.text("award.valid_title"), "En règle");
    assert_eq!(strings.text("award.revoked_title"), "Retiré");
    let tree = strings.tree();
    assert_eq!(tree["award"]["valid_title"], "En règle");
    assert_eq!(tree["dates"]["months"][2], "mars");
}

#[test]
fn a_site_translates_the_theme_into_a_new_language() {
    let months = (1..=12).map(|m| format!("\"M{m}\"")).collect::<Vec<_>>().join(", ");
    let file =
        site_file("i18n/xx.toml", &format!("[dates]\nmonths = [{months}]\nformat = \"{{year}}/{{month}}/{{day}}\"\n"));
    let strings = Strings::load("xx", &[file]).unwrap();
    assert_eq!(strings.date("2025-03-14T10:00:00Z".parse().unwrap()), "2025/M3/14");
}

#[test]
fn site_string_files_are_strict() {
    let text = "[award]\nvalid_title = \"ok\"\nvalid_titel = \"typo\"\n\n[dates]\nmonths = [\"one\"]\nday_one = 1\n";
    let Err(Error::Invalid(diagnostics)) = Strings::load("en", &[site_file("i18n/de.toml", text)]) else {
        panic!("expected errors");
    };
    let summary: Vec<(usize, &str)> =
        diagnostics.iter().map(|d| (d.position().map_or(0, |at| at.line), d.message.as_str())).collect();
    assert_eq!(
        summary,
        [
            (3, "unknown key `award.valid_titel`"),
            (6, "`dates.months` must be a list of 12 strings"),
            (7, "`dates.day_one` must be a string"),
        ],
        "{diagnostics:?}"
    );
    assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `award.valid_title`?"));
    assert_eq!(diagnostics[0].path(), Some(Path::new("site/templates/i18n/de.toml")));
}

#[test]
fn site_string_files_must_be_named_after_a_language() {
    let Err(Error::Invalid(diagnostics)) = Strings::load("en", &[site_file("i18n/notes.txt", "")]) else {
        panic!("expected an error");
    };
    assert!(diagnostics[0].help.as_deref().unwrap_or_default().contains("templates/i18n/fr.toml"));
    let Err(Error::Invalid(diagnostics)) = Strings::load("en", &[site_file("i18n/fr.toml", "[award\n")]) else {
        panic!("expected an error");
    };
    assert!(diagnostics[0].message.starts_with("invalid TOML"), "{diagnostics:?}");
}

#[test]
fn placeholders_are_filled() {
    let strings = Strings::load("en", &[]).unwrap();
    assert_eq!(strings.fill("common.issued_by", &[("issuer", "Acme")]), "Issued by Acme");
    assert_eq!(fill("{a} and {a}, not {b}", &[("a", "x")]), "x and x, not {b}");
}

#[test]
fn every_key_rosette_uses_itself_exists() {
    let strings = Strings::load("en", &[]).unwrap();
    let source: String = ["award.rs", "pages.rs", "i18n/mod.rs"]
        .iter()
        .map(|file| std::fs::read_to_string(format!("{}/src/render/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .collect();
    let mut used = 0;
    for section in ["meta", "card", "dates", "award", "issuer"] {
        for (at, _) in source.match_indices(&format!("\"{section}.")) {
            let key: String = source[at + 1..].chars().take_while(|c| *c != '"').collect();
            if key.ends_with(".html") {
                continue; // a template name, not a string
            }
            assert!(strings.entries.contains_key(&key), "en.toml lacks `{key}`");
            used += 1;
        }
    }
    assert!(used > 15, "found {used} keys");
}
