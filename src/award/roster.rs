//! Rosters: a CSV file of recipients, one row per award.
//!
//! The first line names the columns (any order): `email` (required), `name`, `public`,
//! `evidence` (URLs separated by spaces), `narrative`, `issued`, `expires`. An unknown column
//! is an error (a typo would otherwise drop data silently). Every problem is reported at its
//! line and 1-based column, every row is checked, and nothing is written unless all pass.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Field, Origin, Request};
use crate::error::{Diagnostic, Diagnostics, Error, Result};

/// The columns a roster may have, in the order the documentation lists them.
pub const COLUMNS: [Field; 7] =
    [Field::Email, Field::Name, Field::Public, Field::Evidence, Field::Narrative, Field::Issued, Field::Expires];

/// A roster read: one request per row, and the problems found in rows.
#[derive(Debug)]
pub struct Roster {
    /// The rows that could be read (their values are checked later, with the site).
    pub requests: Vec<Request>,
    /// Rows that could not be read (wrong number of cells, a bad `public`).
    pub problems: Diagnostics,
}

/// Reads the roster at `path`, which must be outside `site_dir` (it holds e-mail addresses).
/// A missing or unusable header is an error; row problems are collected in [`Roster::problems`].
pub fn read(path: &Path, site_dir: &Path) -> Result<Roster> {
    super::file::refuse_inside_site(path, site_dir, "the roster")?;
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read the roster", path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
        let diagnostic = Diagnostic::error_at(path, line, 1, "the roster is not UTF-8 text")
            .with_help("save it as \"CSV UTF-8\" (spreadsheets offer it in their export options)");
        Error::Invalid(vec![diagnostic])
    })?;
    // Spreadsheets often start UTF-8 files with a byte-order mark; it is not part of the name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let at = |line: usize, col: usize, message: String| Diagnostic::error_at(path, line, col, message);
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(Error::Invalid(vec![at(1, 1, format!("cannot read the header: {e}"))])),
        None => {
            let help = format!("the first line names the columns: {}", column_list());
            return Err(Error::Invalid(vec![Diagnostic::file_error(path, "the roster is empty").with_help(help)]));
        }
    };
    let header_line = line_of(text, header.position());
    let columns = columns(&header, |col, message, help| at(header_line, col, message).with_help(help))?;
    let mut requests = Vec::new();
    let mut problems = Diagnostics::default();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = line_of(text, e.position());
                problems.push(at(line, 1, format!("cannot read the row: {e}")));
                continue;
            }
        };
        let line = line_of(text, record.position());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue; // spreadsheets export empty rows as lines of commas
        }
        if record.len() != header.len() {
            let col = record.len().min(header.len()) + 1;
            let message = format!("the row has {} cells, the header has {}", record.len(), header.len());
            let help = "put a value (or nothing) between commas for every column; quote cells holding commas: \"a, b\"";
            problems.push(at(line, col, message).with_help(help));
            continue;
        }
        let cell = |field: Field| {
            columns.get(&field).and_then(|col| record.get(col - 1)).map(str::trim).filter(|c| !c.is_empty())
        };
        let public = match cell(Field::Public).map(str::to_ascii_lowercase).as_deref() {
            None | Some("false" | "no" | "0") => false,
            Some("true" | "yes" | "1") => true,
            Some(_) => {
                let value = cell(Field::Public).unwrap_or_default();
                let message = format!("public: `{value}` is neither true nor false");
                let help = "write true if the recipient agreed to show their name, false (or nothing) if not";
                problems.push(at(line, columns[&Field::Public], message).with_help(help));
                false
            }
        };
        requests.push(Request {
            origin: Origin::Row { path: path.to_path_buf(), line, columns: columns.clone() },
            email: cell(Field::Email).map(str::to_string),
            url: None,
            name: cell(Field::Name).map(str::to_string),
            public,
            evidence: cell(Field::Evidence)
                .map(|e| e.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            narrative: cell(Field::Narrative).map(str::to_string),
            issued: cell(Field::Issued).map(str::to_string),
            expires: cell(Field::Expires).map(str::to_string),
        });
    }
    if requests.is_empty() && !problems.has_errors() {
        let help = "add one line per recipient after the header";
        return Err(Error::Invalid(vec![at(header_line, 1, "the roster has no rows".into()).with_help(help)]));
    }
    Ok(Roster { requests, problems })
}

/// The 1-based column of each field, from the header; every problem of the header at once.
fn columns(
    header: &csv::StringRecord,
    at: impl Fn(usize, String, String) -> Diagnostic,
) -> Result<BTreeMap<Field, usize>> {
    let mut columns = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, name) in header.iter().enumerate() {
        let (col, name) = (index + 1, name.trim());
        match COLUMNS.iter().find(|f| f.label() == name) {
            Some(field) if columns.contains_key(field) => {
                let message = format!("column `{name}` appears twice");
                problems.push(at(col, message, format!("it is also column {}; keep one", columns[field])));
            }
            Some(field) => {
                columns.insert(*field, col);
            }
            None if name.is_empty() => {
                problems.push(at(col, format!("column {col} has no name"), format!("name it: {}", column_list())));
            }
            None => {
                let help = match crate::suggest::nearest(&name.to_lowercase(), COLUMNS.iter().map(|f| f.label())) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("the columns are: {}", column_list()),
                };
                problems.push(at(col, format!("unknown column `{name}`"), help));
            }
        }
    }
    if !columns.contains_key(&Field::Email) && problems.is_empty() {
        let help = "add an `email` column with each recipient's address";
        problems.push(at(1, "the roster has no `email` column".into(), help.into()));
    }
    if problems.is_empty() { Ok(columns) } else { Err(Error::Invalid(problems)) }
}

fn column_list() -> String {
    COLUMNS.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ") + " (only email is required)"
}

/// The 1-based line of a record that starts at byte `offset`. The csv reader skips blank
/// lines without moving a record's start past them, so they are skipped here too.
fn line_of(text: &str, position: Option<&csv::Position>) -> usize {
    let offset = position.and_then(|p| usize::try_from(p.byte()).ok()).unwrap_or_default();
    let rest = text.get(offset..).unwrap_or_default();
    let start = offset + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
    1 + text.as_bytes()[..start.min(text.len())].iter().filter(|b| **b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_blank_lines_before_a_record() {
        let text = "email\n\na@b.org\r\n\r\n\"x\ny\"\nlast";
        let at = |byte: usize| {
            let mut position = csv::Position::new();
            position.set_byte(byte as u64);
            line_of(text, Some(&position))
        };
        assert_eq!(at(0), 1);
        assert_eq!(at(6), 3);
        assert_eq!(at(15), 5);
        assert_eq!(at(text.len() - 4), 7);
        assert_eq!(line_of(text, None), 1);
    }
}
