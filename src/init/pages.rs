//! The GitHub Pages address of a clone: `rosette init` run inside a repository whose `origin`
//! is on GitHub proposes `https://<owner>.github.io/<repo>/` as the site's `base_url`
//! (`https://<owner>.github.io/` for the user or organisation site `<owner>.github.io`).

use std::path::Path;

use crate::model::rules::placeholders::EXAMPLE_BASE_URL;

/// The address proposed for a site created in `dir`: its clone's GitHub Pages address, or
/// the example (which `check` then points out).
pub fn default_base_url(dir: &Path) -> String {
    crate::guard::Repo::origin_url(dir).and_then(|remote| pages_url(&remote)).unwrap_or_else(|| EXAMPLE_BASE_URL.into())
}

/// The GitHub Pages address of a GitHub remote URL (`git@github.com:OWNER/REPO.git`,
/// `https://github.com/OWNER/REPO`, `ssh://git@github.com/OWNER/REPO.git`); `None` for any
/// other remote.
pub fn pages_url(remote: &str) -> Option<String> {
    let remote = remote.trim();
    let path = ["git@github.com:", "ssh://git@github.com/", "https://github.com/", "http://github.com/"]
        .iter()
        .find_map(|prefix| strip_prefix_ignore_case(remote, prefix))?;
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let (owner, repo) = path.split_once('/')?;
    let owner_ok = !owner.is_empty() && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let repo_ok = !repo.is_empty() && repo.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !owner_ok || !repo_ok {
        return None;
    }
    let host = format!("{}.github.io", owner.to_ascii_lowercase());
    if repo.eq_ignore_ascii_case(&host) {
        Some(format!("https://{host}/"))
    } else {
        Some(format!("https://{host}/{repo}/"))
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_remotes_give_their_pages_address() {
        let cases = [
            ("git@github.com:acme/badges.git", Some("https://acme.github.io/badges/")),
            ("https://github.com/Acme/badges", Some("https://acme.github.io/badges/")),
            ("https://github.com/acme/badges.git/", Some("https://acme.github.io/badges/")),
            ("ssh://git@github.com/acme/badges.git", Some("https://acme.github.io/badges/")),
            ("git@github.com:acme/Acme.github.io.git", Some("https://acme.github.io/")),
            ("https://gitlab.com/acme/badges", None),
            ("https://github.com/acme", None),
            ("https://github.com/acme/badges/tree/main", None),
        ];
        for (remote, pages) in cases {
            assert_eq!(pages_url(remote).as_deref(), pages, "{remote}");
        }
    }
}
