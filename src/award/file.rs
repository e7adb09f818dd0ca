//! The award file as `rosette award` writes it (the layout of `docs/format.md`: top-level
//! keys first, then `[recipient]`, then `[[evidence]]`), and writing files so that a failure
//! half-way can be undone.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::validate::Checked;
use crate::error::{Error, Result};

/// How the file names the recipient.
pub(crate) enum Stored<'a> {
    /// Salted hash of the normalised e-mail.
    Hash { hash: &'a str, salt: &'a str },
    /// URL identity.
    Url(&'a str),
}

/// The text of a new award file.
pub(crate) fn render(award: &Checked, recipient: &Stored<'_>, status_index: u32) -> String {
    let mut doc = DocumentMut::new();
    doc["issued"] = value(award.issued.toml);
    if let Some(expires) = &award.expires {
        doc["expires"] = value(expires.toml);
    }
    if let Some(narrative) = &award.narrative {
        doc["narrative"] = value(narrative.as_str());
    }
    doc["status_index"] = value(i64::from(status_index));
    let mut table = Table::new();
    match recipient {
        Stored::Hash { hash, salt } => {
            table["hash"] = value(*hash);
            table["salt"] = value(*salt);
        }
        Stored::Url(url) => table["url"] = value(*url),
    }
    if let Some(name) = &award.name {
        table["name"] = value(name.as_str());
    }
    if award.public {
        table["public"] = value(true);
    }
    doc["recipient"] = Item::Table(table);
    if !award.evidence.is_empty() {
        let mut evidence = ArrayOfTables::new();
        for url in &award.evidence {
            let mut item = Table::new();
            item["url"] = value(url.as_str());
            evidence.push(item);
        }
        doc["evidence"] = Item::ArrayOfTables(evidence);
    }
    doc.to_string()
}

/// Files and folders created so far, removed again by [`Written::roll_back`].
#[derive(Debug, Default)]
pub(crate) struct Written {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Written {
    /// Creates `path` (which must not exist) with `text`, and its folder if needed.
    pub fn create(&mut self, path: &Path, text: &str) -> Result<()> {
        if let Some(folder) = path.parent()
            && !folder.exists()
        {
            fs::create_dir_all(folder).map_err(|e| Error::io("cannot create", folder, e))?;
            self.folders.push(folder.to_path_buf());
        }
        let mut file = fs::File::create_new(path).map_err(|e| Error::io("cannot create", path, e))?;
        self.files.push(path.to_path_buf());
        file.write_all(text.as_bytes()).map_err(|e| Error::io("cannot write", path, e))
    }

    /// Removes what was created, newest first. Best effort: the caller is already failing,
    /// and reports the first error it met rather than a cleanup problem.
    pub fn roll_back(self) {
        for file in self.files.iter().rev() {
            let _ = fs::remove_file(file);
        }
        for folder in self.folders.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Refuses a file for personal data (a roster, a mailing list) inside the site folder, where
/// it could be committed and published.
pub(crate) fn refuse_inside_site(path: &Path, site_dir: &Path, what: &str) -> Result<()> {
    if crate::paths::is_inside(path, site_dir) {
        return Err(Error::Refused(format!(
            "{what} {} is inside the site folder {}: it holds e-mail addresses, which must never be committed or published; keep it outside the site folder",
            path.display(),
            site_dir.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::award::validate::{Moment, Who};

    fn moment(text: &str) -> Moment {
        Moment { at: crate::model::rules::parse_date(text).unwrap(), toml: text.parse().unwrap() }
    }

    #[test]
    fn new_files_follow_the_documented_layout() {
        let award = Checked {
            who: Who::Email("ada@example.org".into()),
            name: Some("Ada \"the Countess\" Lovelace".into()),
            public: true,
            evidence: vec!["https://github.com/ada/a".into(), "https://github.com/ada/b".into()],
            narrative: Some("Built a tool.\nTwice.".into()),
            issued: moment("2025-03-14T10:00:00Z"),
            expires: Some(moment("2027-03-14")),
        };
        let text = render(&award, &Stored::Hash { hash: "sha256$00", salt: "ab" }, 77);
        assert_eq!(
            text,
            r#"issued = 2025-03-14T10:00:00Z
expires = 2027-03-14
narrative = """
Built a tool.
Twice."""
status_index = 77

[recipient]
hash = "sha256$00"
salt = "ab"
name = 'Ada "the Countess" Lovelace'
public = true

[[evidence]]
url = "https://github.com/ada/a"

[[evidence]]
url = "https://github.com/ada/b"
"#
        );
        let minimal = Checked { name: None, public: false, evidence: vec![], narrative: None, expires: None, ..award };
        let text = render(&minimal, &Stored::Url("https://github.com/ada"), 0);
        assert_eq!(
            text,
            "issued = 2025-03-14T10:00:00Z\nstatus_index = 0\n\n[recipient]\nurl = \"https://github.com/ada\"\n"
        );
    }
}
