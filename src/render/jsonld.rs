//! schema.org JSON-LD for the `<head>` of issuer, badge and award pages, so search engines
//! and other readers know what a page describes: an organisation, a credential, an award of
//! it to a person.
//!
//! The JSON is made with serde_json, never by templates, and printed inside
//! `<script type="application/ld+json">`. Names come from pull requests, so `<`, `>` and `&`
//! are written as `\u003c`, `\u003e` and `\u0026`: the same JSON for a parser, but no
//! `</script>` or `<!--` can ever appear to end the script element early.

use serde_json::{Value, json};

use crate::model::{Award, Badge, Issuer, Site, Status};

/// JSON text safe to print inside a `<script>` element.
pub fn script_json(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

fn organization(site: &Site, issuer: &Issuer) -> Value {
    let mut value = json!({
        "@type": "Organization",
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    });
    if let Some(description) = &issuer.description {
        value["description"] = json!(description);
    }
    if let Some(image) = &issuer.image {
        value["logo"] = json!(site.urls.issuer_image(&issuer.id, image.kind).url);
    }
    value
}

/// The issuer page's JSON-LD: an Organization.
pub fn issuer(site: &Site, issuer: &Issuer) -> String {
    let mut value = organization(site, issuer);
    value["@context"] = json!("https://schema.org");
    value["sameAs"] = json!(site.urls.issuer_page(&issuer.id).url);
    script_json(&value)
}

/// The credential a badge describes; `image` is a PNG of the badge image where there is one
/// (search engines ignore SVG).
fn credential(site: &Site, badge: &Badge, image: &str) -> Value {
    json!({
        "@type": "EducationalOccupationalCredential",
        "name": badge.name,
        "description": badge.description,
        "credentialCategory": "badge",
        "image": image,
        "recognizedBy": organization(site, &site.issuers[badge.issuer]),
    })
}

/// The badge page's JSON-LD: the credential, with the competencies it aligns to.
pub fn badge(site: &Site, badge: &Badge, image: &str) -> String {
    let mut value = credential(site, badge, image);
    value["@context"] = json!("https://schema.org");
    value["url"] = json!(site.urls.badge_page(&badge.id).url);
    if !badge.tags.is_empty() {
        value["keywords"] = json!(badge.tags);
    }
    if !badge.alignments.is_empty() {
        let terms: Vec<Value> = badge
            .alignments
            .iter()
            .map(|a| {
                let mut term = json!({ "@type": "DefinedTerm", "name": a.name, "url": a.url });
                if let Some(code) = &a.code {
                    term["termCode"] = json!(code);
                }
                if let Some(description) = &a.description {
                    term["description"] = json!(description);
                }
                if let Some(framework) = &a.framework {
                    term["inDefinedTermSet"] = json!(framework);
                }
                term
            })
            .collect();
        value["competencyRequired"] = json!(terms);
    }
    script_json(&value)
}

/// The award page's JSON-LD: the awarded credential with its dates and status, held by a
/// named person when the recipient agreed to be shown.
///
/// Kept on every award page because it is the only schema.org statement of *this* award (its
/// holder, dates and status), but slim: the badge's description and its issuer's details are
/// on the badge and issuer pages (`isBasedOn`, `recognizedBy.url`), not repeated on each of
/// thousands of award pages (about 450 bytes a page).
pub fn award(site: &Site, award: &Award, image: &str) -> String {
    let badge = &site.badges[award.badge];
    let issuer = &site.issuers[badge.issuer];
    let mut value = json!({
        "@type": "EducationalOccupationalCredential",
        "name": badge.name,
        "credentialCategory": "badge",
        "image": image,
        "recognizedBy": { "@type": "Organization", "name": issuer.name, "url": issuer.url },
    });
    // No `url` nor `identifier`: the page's canonical link and its "Award ID" say them, and
    // 100,000 award pages would publish them twice.
    value["isBasedOn"] = json!(site.urls.badge_page(&badge.id).url);
    value["dateCreated"] = json!(award.issued.to_string());
    if let Some(expires) = award.expires {
        value["expires"] = json!(expires.to_string());
    }
    value["creativeWorkStatus"] = json!(match award.status {
        Status::Valid => "Valid",
        Status::Expired => "Expired",
        Status::Revoked { .. } => "Revoked",
    });
    let value = match &award.recipient.public_name {
        Some(name) => json!({
            "@context": "https://schema.org",
            "@type": "Person",
            "name": name,
            "hasCredential": value,
        }),
        None => {
            value["@context"] = json!("https://schema.org");
            value
        }
    };
    script_json(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let value = json!({ "name": "</script><script>alert(1)</script> <!-- & -->" });
        let text = script_json(&value);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value, "the JSON means the same");
    }
}
