//! "Did you mean …?": the one place that decides when a name is close enough to a known one
//! to be a typo of it (the only user of strsim).
//!
//! Unknown keys in site files, unknown issuers and badges, theme strings and roster columns
//! all ask here, so a typo is caught the same way everywhere; so do missing image files.

/// How similar (Jaro-Winkler, 0 to 1) a name must be to a known one to be offered as its fix:
/// `emial` → `email` (0.95) and `rust-fundamental` → `rust-fundamentals` pass, while
/// unrelated names of the same length (`robot` → `rust`, 0.63) do not.
const THRESHOLD: f64 = 0.8;

/// The known name closest to `name`, if one is close enough to be what was meant.
pub fn nearest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The file among `files` (names without folders) that `wanted` most likely meant: the same
/// name with another extension (`logo.svg` for `logo.png`), else the closest name. Names are
/// compared without their extensions, which would make any two `.png` files look alike.
pub fn nearest_file<'a>(wanted: &str, files: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let stem = |name: &str| name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_lowercase();
    let stems: Vec<(String, &str)> = files.into_iter().map(|file| (stem(file), file)).collect();
    let wanted = stem(wanted);
    let meant = stems.iter().find(|(stem, _)| *stem == wanted).map(|(stem, _)| stem.as_str());
    let meant = meant.or_else(|| nearest(&wanted, stems.iter().map(|(stem, _)| stem.as_str())))?;
    stems.iter().find(|(stem, _)| stem == meant).map(|(_, file)| *file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_name_and_strangers_find_none() {
        assert_eq!(nearest("emial", ["name", "email", "url"]), Some("email"));
        assert_eq!(nearest("rust-fundamental", ["rust-fundamentals", "team-player"]), Some("rust-fundamentals"));
        assert_eq!(nearest("robot", ["rust"]), None);
        assert_eq!(nearest("x", []), None);
    }

    #[test]
    fn a_missing_file_finds_its_other_extension_or_its_typo() {
        let files = ["first-steps.svg", "logo.png", "team.svg"];
        assert_eq!(nearest_file("logo.svg", files), Some("logo.png"));
        assert_eq!(nearest_file("Logo.PNG", files), Some("logo.png"));
        assert_eq!(nearest_file("first-step.svg", files), Some("first-steps.svg"));
        assert_eq!(nearest_file("robot.png", files), None);
        assert_eq!(nearest_file("x.png", []), None);
    }
}
