//! The award page's plain share links (X, Facebook, e-mail) and its embed snippet.
//!
//! Plain links on purpose: no third-party script, no tracking parameter, nothing loaded from
//! the networks until the visitor clicks. LinkedIn's Add-to-profile link is `share.rs`'s (it
//! fills a form rather than sharing a post).

use serde::Serialize;

use super::i18n::Strings;
use crate::escape;

/// What an award is shared as: the page, its badge image and the words around them.
#[derive(Debug, Clone, Copy)]
pub struct Shared<'a> {
    /// The award page's URL.
    pub page_url: &'a str,
    /// The badge image's URL (what the embed snippet shows).
    pub image_url: &'a str,
    /// Badge name.
    pub badge: &'a str,
    /// Issuer name.
    pub issuer: &'a str,
}

/// The award page's `award.share`: ready-made link targets and the embed snippet.
#[derive(Debug, Serialize)]
pub struct ShareLinks {
    x_url: String,
    facebook_url: String,
    email_url: String,
    /// The HTML to paste into a web page: the badge image linking to the award page.
    embed_html: String,
}

/// The share links of `shared`, in the site's language (`award.share_text`, `meta.card_alt`).
pub fn share_links(strings: &Strings, shared: &Shared<'_>) -> ShareLinks {
    let names = [("badge", shared.badge), ("issuer", shared.issuer)];
    let text = strings.fill("award.share_text", &names);
    let alt = strings.fill("meta.card_alt", &names);
    ShareLinks {
        // X and Facebook draw the post from the page's Open Graph tags (title, share card).
        x_url: format!("https://x.com/intent/post?{}", query(&[("url", shared.page_url)])),
        facebook_url: format!("https://www.facebook.com/sharer/sharer.php?{}", query(&[("u", shared.page_url)])),
        // In a mailto: URL `+` is a plus sign, not a space (RFC 6068): spaces go as %20. The
        // form encoder writes a real `+` as %2B, so every `+` it writes is a space.
        email_url: format!("mailto:?{}", query(&[("subject", &text), ("body", shared.page_url)]).replace('+', "%20")),
        embed_html: format!(
            "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"120\" height=\"120\"></a>",
            escape::xml(shared.page_url),
            escape::xml(shared.image_url),
            escape::xml(&alt)
        ),
    }
}

/// `pairs` as an `application/x-www-form-urlencoded` query.
fn query(pairs: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    query.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_percent_encoded_and_plain() {
        let strings = Strings::load("en", &[]).unwrap();
        let links = share_links(
            &strings,
            &Shared {
                page_url: "https://acme.github.io/badges/awards/k3v9q2m7xa/",
                image_url: "https://acme.github.io/badges/badges/rust/image.svg",
                badge: "Rust & \"Safety\" 100%+",
                issuer: "Northfield CS, Dept.",
            },
        );
        assert_eq!(
            links.x_url,
            "https://x.com/intent/post?url=https%3A%2F%2Facme.github.io%2Fbadges%2Fawards%2Fk3v9q2m7xa%2F"
        );
        assert_eq!(
            links.facebook_url,
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Facme.github.io%2Fbadges%2Fawards%2Fk3v9q2m7xa%2F"
        );
        assert_eq!(
            links.email_url,
            "mailto:?subject=Rust%20%26%20%22Safety%22%20100%25%2B%2C%20an%20Open%20Badge%20from%20Northfield%20CS%2C%20Dept.\
             &body=https%3A%2F%2Facme.github.io%2Fbadges%2Fawards%2Fk3v9q2m7xa%2F"
        );
        assert_eq!(
            links.embed_html,
            "<a href=\"https://acme.github.io/badges/awards/k3v9q2m7xa/\">\
             <img src=\"https://acme.github.io/badges/badges/rust/image.svg\" \
             alt=\"Rust &amp; &quot;Safety&quot; 100%+, an Open Badge issued by Northfield CS, Dept.\" \
             width=\"120\" height=\"120\"></a>"
        );
    }
}
