//! `rosette award` and `rosette revoke`: the commands that write award files.
//!
//! A new award gets a random id, a random salt and a random free status-list index
//! ([`random`]); the recipient's e-mail is normalised and hashed with the salt, and only the
//! hash is written. Everything is checked before anything is written (`validate`); then
//! the files are written and the whole site goes through [`crate::check`]: if it does not
//! pass, the new files are removed again. A roster ([`roster`]) awards many at once, all or
//! nothing. Like `keygen`, this is a place of the library that draws randomness; the clock
//! comes from the caller.

mod file;
mod message;
pub mod random;
pub mod revoke;
pub mod roster;
mod site;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
pub use crate::model::recipient::{hash_email, normalise_email};
use crate::source::layout::SourcePath;
pub use message::message;
pub use random::{random_id, random_salt};

/// One award to make, as the maintainer gave it (nothing checked yet).
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Where the values come from, for error messages.
    pub origin: Origin,
    /// The recipient's e-mail address, as typed.
    pub email: Option<String>,
    /// A URL identity instead of the e-mail (e.g. a GitHub profile).
    pub url: Option<String>,
    /// The recipient's name.
    pub name: Option<String>,
    /// Whether the recipient agreed to show the name publicly.
    pub public: bool,
    /// Evidence links.
    pub evidence: Vec<String>,
    /// What the recipient did (Markdown).
    pub narrative: Option<String>,
    /// Issue date as written; default: now.
    pub issued: Option<String>,
    /// Expiry date as written.
    pub expires: Option<String>,
}

/// The values of a [`Request`], for error locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// `--email`, `email`.
    Email,
    /// `--url`.
    Url,
    /// `--name`, `name`.
    Name,
    /// `--public`, `public`.
    Public,
    /// `--evidence`, `evidence`.
    Evidence,
    /// `--narrative`, `narrative`.
    Narrative,
    /// `--issued`, `issued`.
    Issued,
    /// `--expires`, `expires`.
    Expires,
}

impl Field {
    /// The roster column (and flag, without `--`) of the field.
    pub fn label(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Url => "url",
            Field::Name => "name",
            Field::Public => "public",
            Field::Evidence => "evidence",
            Field::Narrative => "narrative",
            Field::Issued => "issued",
            Field::Expires => "expires",
        }
    }
}

/// Where a request comes from.
#[derive(Debug, Clone, Default)]
pub enum Origin {
    /// Command-line flags: problems are reported as `--flag: error: …`.
    #[default]
    Flags,
    /// A roster row: problems are reported as `FILE:line:column: error: …`.
    Row {
        /// The roster file.
        path: PathBuf,
        /// Line of the row in the file (1-based).
        line: usize,
        /// 1-based column of each field present in the roster.
        columns: BTreeMap<Field, usize>,
    },
}

impl Origin {
    /// An error about `field` of the request.
    pub fn diagnostic(&self, field: Field, message: impl Into<String>) -> Diagnostic {
        match self {
            Origin::Flags => Diagnostic::flag_error(field.label(), message),
            Origin::Row { path, line, columns } => {
                let col = columns.get(&field).copied().unwrap_or(1);
                Diagnostic::error_at(path, *line, col, format!("{}: {}", field.label(), message.into()))
            }
        }
    }
}

/// What to award and where.
#[derive(Debug, Clone, Copy)]
pub struct AwardOptions<'a> {
    /// The site folder.
    pub site_dir: &'a Path,
    /// The badge id.
    pub badge: &'a str,
    /// The current time: default issue date, and what "in the future" means.
    pub now: Timestamp,
    /// Award even to someone who already holds the badge (not revoked).
    pub allow_repeat: bool,
    /// Where to write the e-mail → award URL list (outside the site folder), if anywhere.
    pub mailing_list: Option<&'a Path>,
    /// The build cache to check with (see [`crate::cache`]): what the last build made is
    /// not checked again, so adding one award checks one award.
    pub cache: Option<&'a Path>,
}

/// One award written.
#[derive(Debug, Clone)]
pub struct NewAward {
    /// Its id.
    pub id: String,
    /// The file written, relative to the site folder (`awards/<badge>/<id>.toml`).
    pub file: String,
    /// The recipient's e-mail, normalised (kept in memory only, for the message).
    pub email: Option<String>,
    /// The URL identity, when no e-mail was given.
    pub url: Option<String>,
    /// The recipient's name.
    pub name: Option<String>,
    /// Its status-list index.
    pub status_index: u32,
    /// The award page.
    pub page_url: String,
    /// The signed OB 3.0 credential, when the site signs credentials.
    pub credential_url: Option<String>,
}

/// What `award` did.
#[derive(Debug)]
pub struct Awarded {
    /// Name of the badge.
    pub badge_name: String,
    /// Name of its issuer.
    pub issuer_name: String,
    /// The awards written, in request order.
    pub awards: Vec<NewAward>,
    /// Problems that did not stop the command.
    pub warnings: Vec<Diagnostic>,
}

/// Awards the badge for every request, all or nothing. `problems` holds what the caller found
/// already (bad roster rows): they are reported together with the requests' own.
pub fn award(settings: &AwardOptions<'_>, requests: &[Request], mut problems: Diagnostics) -> Result<Awarded> {
    let mut site = site::read(settings.site_dir, settings.badge)?;
    if let Some(path) = settings.mailing_list {
        file::refuse_inside_site(path, settings.site_dir, "the mailing list")?;
        if path.exists() {
            return Err(Error::Refused(format!(
                "the mailing list {} already exists; name a new file (rosette never overwrites one)",
                path.display()
            )));
        }
    }
    let checked: Vec<_> = requests.iter().map(|r| validate::request(r, settings.now, &mut problems)).collect();
    validate::refuse_repeats(requests, &checked, &site, settings.allow_repeat, &mut problems);
    let warnings = problems.into_result()?;
    let checked: Vec<_> = checked.into_iter().flatten().collect();
    if checked.is_empty() {
        return Err(Error::Refused("nothing to award: the roster has no rows".into()));
    }
    let mut written = file::Written::default();
    let result = write_all(settings, &mut site, &checked, &mut written);
    let awards = match result {
        Ok(awards) => awards,
        Err(error) => {
            written.roll_back();
            return Err(error);
        }
    };
    let awarded = Awarded { badge_name: site.badge_name, issuer_name: site.issuer_name, awards, warnings };
    if let Some(path) = settings.mailing_list
        && let Err(error) = message::write_mailing_list(path, &awarded)
    {
        written.roll_back();
        return Err(error);
    }
    Ok(awarded)
}

/// Draws, writes every file, then checks the whole site with them.
fn write_all(
    settings: &AwardOptions<'_>,
    site: &mut site::SiteState,
    checked: &[validate::Checked],
    written: &mut file::Written,
) -> Result<Vec<NewAward>> {
    let urls = crate::model::Urls::new(&site.base_url);
    let mut awards = Vec::new();
    for award in checked {
        let id = loop {
            let id = random_id()?;
            if site.award_ids.insert(id.clone()) {
                break id;
            }
        };
        let status_index = random::random_status_index(&mut site.status_indexes)?;
        let text = match &award.who {
            validate::Who::Email(email) => {
                let salt = random_salt()?;
                let hash = hash_email(email, &salt);
                file::render(award, &file::Stored::Hash { hash: &hash, salt: &salt }, status_index)
            }
            validate::Who::Url(url) => file::render(award, &file::Stored::Url(url), status_index),
        };
        let rel = SourcePath::Award { badge: settings.badge.to_string(), id: id.clone() }.rel_path();
        written.create(&settings.site_dir.join(&rel), &text)?;
        awards.push(NewAward {
            page_url: urls.award_page(&id).url,
            credential_url: site.signs.then(|| urls.award_credential(&id).url),
            id,
            file: rel,
            email: award.who.email().map(str::to_string),
            url: award.who.url().map(str::to_string),
            name: award.name.clone(),
            status_index,
        });
    }
    // The safety net: the site with its new awards must pass every check of a build.
    let new = if awards.len() == 1 { "award" } else { "awards" };
    let what = format!("nothing was awarded: the site must pass `rosette check` with the new {new}, and it does not");
    must_pass_check(settings.site_dir, settings.now, settings.cache, &what)?;
    Ok(awards)
}

/// Runs [`crate::check`]; when the site fails, says first that the command's change is undone.
pub(crate) fn must_pass_check(site_dir: &Path, now: Timestamp, cache: Option<&Path>, what: &str) -> Result<()> {
    match crate::check(&crate::Options {
        site_dir: site_dir.to_path_buf(),
        base_url: None,
        now,
        progress: Default::default(),
        cache: cache.map(Path::to_path_buf),
    }) {
        Ok(_) => Ok(()),
        Err(Error::Invalid(mut diagnostics)) => {
            diagnostics.insert(0, Diagnostic::file_error(site_dir, what).as_warning());
            Err(Error::Invalid(diagnostics))
        }
        Err(error) => Err(error),
    }
}
