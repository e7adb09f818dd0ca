//! The one place ids become output paths and URLs.
//!
//! Every published `id` must equal the URL its file is served at, byte for byte; deriving
//! both the path and the URL from the same [`Location`] makes that true by construction.

use super::ImageKind;

/// The file name of an award's signed OB 3.0 credential, in the award's folder beside its page.
pub const AWARD_CREDENTIAL_FILE: &str = "credential.json";
/// The file name of an award's hosted OB 2.0 assertion, in the award's folder beside its page.
pub const AWARD_ASSERTION_FILE: &str = "ob2.json";

/// Where a file goes: its path in the output folder and the URL it is served at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Absolute URL.
    pub url: String,
}

/// Paths and URLs of everything rosette publishes, under one base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    /// `base` must end with `/` (as [`super::SiteConfig::base_url`] does).
    pub fn new(base: &str) -> Self {
        debug_assert!(base.ends_with('/'));
        Urls { base: base.to_string() }
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Host (and port, when not the default) of the base URL: the OB 2.0 `allowedOrigins`.
    pub fn origin(&self) -> String {
        let parsed = url::Url::parse(&self.base).ok();
        let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or_default().to_string();
        match parsed.and_then(|u| u.port()) {
            Some(port) => format!("{host}:{port}"),
            None => host,
        }
    }

    fn file(&self, path: String) -> Location {
        Location { url: format!("{}{path}", self.base), path }
    }

    fn page(&self, folder: String) -> Location {
        Location { url: format!("{}{folder}/", self.base), path: format!("{folder}/index.html") }
    }

    /// The home page.
    pub fn home(&self) -> Location {
        Location { url: self.base.clone(), path: "index.html".into() }
    }

    /// The page shown for unknown URLs.
    pub fn not_found(&self) -> Location {
        self.file("404.html".into())
    }

    /// The page that verifies any badge in the visitor's browser.
    pub fn verify_page(&self) -> Location {
        self.page("verify".into())
    }

    /// The texts of the browser verifier (the `[live]` strings of the site's language), read by
    /// `static/verify.js`: one file, instead of the same two kilobytes in every award page.
    pub fn verify_strings(&self) -> Location {
        self.file("verify/strings.json".into())
    }

    /// The interactive parts of award pages (`award_tools.html`), which `static/rosette.js`
    /// puts into each award page: one file, instead of the same 5 kB in every award page.
    /// Award ids have no dot, so no award's folder can be named like it.
    pub fn award_tools(&self) -> Location {
        self.file("awards/tools.html".into())
    }

    /// The sitemap.
    pub fn sitemap(&self) -> Location {
        self.file("sitemap.xml".into())
    }

    /// A file of `static/` (theme assets and the site's own).
    pub fn static_file(&self, rel: &str) -> Location {
        self.file(format!("static/{rel}"))
    }

    /// The theme's stylesheet.
    pub fn stylesheet(&self) -> Location {
        self.static_file("rosette.css")
    }

    /// Issuer page.
    pub fn issuer_page(&self, id: &str) -> Location {
        self.page(format!("issuers/{id}"))
    }

    /// OB 2.0 issuer Profile.
    pub fn issuer_profile(&self, id: &str) -> Location {
        self.file(format!("issuers/{id}/ob2.json"))
    }

    /// OB 2.0 RevocationList of an issuer.
    pub fn issuer_revocations(&self, id: &str) -> Location {
        self.file(format!("issuers/{id}/revocations.json"))
    }

    /// Issuer logo.
    pub fn issuer_image(&self, id: &str, kind: ImageKind) -> Location {
        self.file(format!("issuers/{id}/image.{}", kind.extension()))
    }

    /// The issuer's `did:web` identifier; it resolves to [`Urls::issuer_did_document`]:
    /// `https://acme.github.io/badges/` + `cs` → `did:web:acme.github.io:badges:issuers:cs`.
    pub fn issuer_did(&self, id: &str) -> String {
        let parsed = url::Url::parse(&self.base).ok();
        let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or_default().to_string();
        let mut did = format!("did:web:{host}");
        if let Some(port) = parsed.as_ref().and_then(url::Url::port) {
            did.push_str(&format!("%3A{port}"));
        }
        let path = parsed.as_ref().map(|u| u.path().to_string()).unwrap_or_default();
        for segment in path.split('/').filter(|s| !s.is_empty()).chain(["issuers", id]) {
            did.push(':');
            did.push_str(segment);
        }
        did
    }

    /// The issuer's DID document (`did:web` resolution target).
    pub fn issuer_did_document(&self, id: &str) -> Location {
        self.file(format!("issuers/{id}/did.json"))
    }

    /// The issuer's signed OB 3.0 revocation status list.
    pub fn issuer_status_list(&self, id: &str) -> Location {
        self.file(format!("issuers/{id}/status.json"))
    }

    /// An endorsement of the site, published as its endorser signed it.
    pub fn endorsement(&self, id: &str) -> Location {
        self.file(format!("endorsements/{id}.json"))
    }

    /// OB 3.0 Achievement of a badge.
    pub fn badge_achievement(&self, id: &str) -> Location {
        self.file(format!("badges/{id}/achievement.json"))
    }

    /// The award's baked image: the badge image with the assertion and credential inside.
    pub fn award_baked_image(&self, id: &str, kind: ImageKind) -> Location {
        self.file(format!("awards/{id}/badge.{}", kind.extension()))
    }

    /// The award's 1200×627 share card (Open Graph / LinkedIn preview image).
    pub fn award_share_card(&self, id: &str) -> Location {
        self.file(format!("awards/{id}/card.png"))
    }

    /// The share card of a badge's awards that show no name (the card of an award that shows
    /// one is its own): `state` is `valid`, `expired` or `revoked`, each with its own card.
    pub fn badge_share_card(&self, id: &str, state: &str) -> Location {
        match state {
            "valid" => self.file(format!("badges/{id}/card.png")),
            _ => self.file(format!("badges/{id}/card-{state}.png")),
        }
    }

    /// A PNG rendering of a badge image, for link previews (networks ignore SVG previews).
    pub fn badge_preview_png(&self, id: &str) -> Location {
        self.file(format!("badges/{id}/preview.png"))
    }

    /// Signed OB 3.0 credential of an award.
    pub fn award_credential(&self, id: &str) -> Location {
        self.file(format!("awards/{id}/{AWARD_CREDENTIAL_FILE}"))
    }

    /// Badge page.
    pub fn badge_page(&self, id: &str) -> Location {
        self.page(format!("badges/{id}"))
    }

    /// OB 2.0 BadgeClass.
    pub fn badge_class(&self, id: &str) -> Location {
        self.file(format!("badges/{id}/ob2.json"))
    }

    /// Badge image.
    pub fn badge_image(&self, id: &str, kind: ImageKind) -> Location {
        self.file(format!("badges/{id}/image.{}", kind.extension()))
    }

    /// Award page.
    pub fn award_page(&self, id: &str) -> Location {
        self.page(format!("awards/{id}"))
    }

    /// OB 2.0 hosted Assertion.
    pub fn award_assertion(&self, id: &str) -> Location {
        self.file(format!("awards/{id}/{AWARD_ASSERTION_FILE}"))
    }
}

pub use rosette_verify::did::web_document_url as did_web_document;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls_agree() {
        let urls = Urls::new("https://acme.github.io/badges/");
        let assertion = urls.award_assertion("k3v9q2m7xa");
        assert_eq!(assertion.path, "awards/k3v9q2m7xa/ob2.json");
        assert_eq!(assertion.url, "https://acme.github.io/badges/awards/k3v9q2m7xa/ob2.json");
        let page = urls.badge_page("rust-101");
        assert_eq!(
            (page.path.as_str(), page.url.as_str()),
            ("badges/rust-101/index.html", "https://acme.github.io/badges/badges/rust-101/")
        );
        assert_eq!(urls.origin(), "acme.github.io");
        assert_eq!(Urls::new("http://127.0.0.1:8000/").origin(), "127.0.0.1:8000");
    }

    #[test]
    fn did_web_follows_the_base_url() {
        let urls = Urls::new("https://acme.github.io/badges/");
        assert_eq!(urls.issuer_did("cs"), "did:web:acme.github.io:badges:issuers:cs");
        assert_eq!(urls.issuer_did_document("cs").url, "https://acme.github.io/badges/issuers/cs/did.json");
        assert_eq!(Urls::new("https://badges.example/").issuer_did("cs"), "did:web:badges.example:issuers:cs");
        assert_eq!(Urls::new("http://localhost:8000/").issuer_did("cs"), "did:web:localhost%3A8000:issuers:cs");
    }
}
