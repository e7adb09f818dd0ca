//! What the recipient is told, and the mailing list a roster run produces.
//!
//! The recipient's e-mail address only ever leaves memory here: in the message printed to
//! the terminal, or in the mailing list the user named (outside the site folder, checked
//! before anything is written). It never goes into the site.
//!
//! The mailing list is opened in spreadsheets, and its names and addresses come from a roster
//! anyone may have filled in: a cell starting with `=`, `+`, `-`, `@`, a tab or a CR would run
//! as a formula (`=HYPERLINK(…)` sends whoever clicks to any address, with data from other
//! cells). As OWASP recommends, such cells get a leading `'`, which spreadsheets read as
//! "this is text" (the address `=ada@example.org` is listed as `'=ada@example.org`).

use std::fs;
use std::path::Path;

use super::{Awarded, NewAward};
use crate::error::{Error, Result};

/// A ready-to-send message for the recipient of `award`: where the badge is, how to add it
/// to LinkedIn and to a wallet.
pub fn message(awarded: &Awarded, award: &NewAward) -> String {
    let (badge, issuer) = (&awarded.badge_name, &awarded.issuer_name);
    let mut text = String::new();
    if let Some(email) = &award.email {
        text.push_str(&format!("To: {email}\n"));
    }
    text.push_str(&format!("Subject: Your badge \"{badge}\" from {issuer}\n\n"));
    match &award.name {
        Some(name) => text.push_str(&format!("Hello {name},\n\n")),
        None => text.push_str("Hello,\n\n"),
    }
    text.push_str(&format!(
        "Congratulations! {issuer} has awarded you the badge \"{badge}\".\n\n\
         Your badge page, to keep and to share:\n{}\n\n\
         Add it to your LinkedIn profile: open the page and press \"Add to LinkedIn\".\n",
        award.page_url
    ));
    match &award.credential_url {
        Some(credential) => text.push_str(&format!(
            "\nKeep it in a digital wallet: download your signed credential from\n{credential}\n\
             and import it into the Learner Credential Wallet app (or any Open Badges 3.0 wallet).\n"
        )),
        None => text.push_str(&format!(
            "\nKeep it in a backpack: import {} into any Open Badges 2.0 backpack.\n",
            award.page_url.clone() + "ob2.json"
        )),
    }
    text
}

/// Writes the e-mail → award list of a roster run, with each recipient's message, to `path`:
/// a new file (never overwritten), readable by its owner only.
pub(crate) fn write_mailing_list(path: &Path, awarded: &Awarded) -> Result<()> {
    let result = write_csv(path, awarded);
    if result.is_err() {
        let _ = fs::remove_file(path); // a partial list would be mistaken for a complete one
    }
    result
}

fn write_csv(path: &Path, awarded: &Awarded) -> Result<()> {
    let file = crate::paths::create_private(path).map_err(|e| Error::io("cannot create the mailing list", path, e))?;
    let mut writer = csv::Writer::from_writer(file);
    let fail = |e: csv::Error| Error::failed(format!("cannot write the mailing list {}", path.display()), e);
    writer.write_record(["email", "name", "award_id", "award_url", "credential_url", "message"]).map_err(fail)?;
    for award in &awarded.awards {
        let cells = [
            award.email.as_deref().or(award.url.as_deref()).unwrap_or_default(),
            award.name.as_deref().unwrap_or_default(),
            &award.id,
            &award.page_url,
            award.credential_url.as_deref().unwrap_or_default(),
            &message(awarded, award),
        ];
        writer.write_record(cells.map(as_text)).map_err(fail)?;
    }
    writer.flush().map_err(|e| Error::io("cannot write the mailing list", path, e))
}

/// `cell` as a spreadsheet will take it as text, never as a formula: a leading `'` before
/// the characters that start one (also their full-width forms, which some spreadsheets accept).
fn as_text(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_made_text() {
        for formula in ["=HYPERLINK(\"https://evil.example\")", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "＝1"] {
            assert_eq!(as_text(formula), format!("'{formula}"), "{formula:?}");
        }
        for text in ["Ada", "ada@example.org", "https://acme.example/", "", " =1", "'=1", "a=b"] {
            assert_eq!(as_text(text), text, "{text:?}");
        }
    }

    #[test]
    fn the_message_links_the_page_linkedin_and_the_wallet() {
        let award = NewAward {
            id: "k3v9q2m7xa".into(),
            file: "awards/rust/k3v9q2m7xa.toml".into(),
            email: Some("ada@example.org".into()),
            url: None,
            name: Some("Ada".into()),
            status_index: 1,
            page_url: "https://acme.example/b/awards/k3v9q2m7xa/".into(),
            credential_url: Some("https://acme.example/b/awards/k3v9q2m7xa/credential.json".into()),
        };
        let awarded = Awarded {
            badge_name: "Rust".into(),
            issuer_name: "Acme".into(),
            awards: vec![award.clone()],
            warnings: vec![],
        };
        assert_eq!(
            message(&awarded, &award),
            "To: ada@example.org\nSubject: Your badge \"Rust\" from Acme\n\nHello Ada,\n\n\
             Congratulations! Acme has awarded you the badge \"Rust\".\n\n\
             Your badge page, to keep and to share:\nhttps://acme.example/b/awards/k3v9q2m7xa/\n\n\
             Add it to your LinkedIn profile: open the page and press \"Add to LinkedIn\".\n\n\
             Keep it in a digital wallet: download your signed credential from\n\
             https://acme.example/b/awards/k3v9q2m7xa/credential.json\n\
             and import it into the Learner Credential Wallet app (or any Open Badges 3.0 wallet).\n"
        );
        let unsigned = NewAward { credential_url: None, email: None, name: None, ..award };
        let text = message(&awarded, &unsigned);
        assert!(text.starts_with("Subject: ") && text.contains("Hello,\n"), "{text}");
        assert!(text.ends_with(
            "import https://acme.example/b/awards/k3v9q2m7xa/ob2.json into any Open Badges 2.0 backpack.\n"
        ));
    }
}
