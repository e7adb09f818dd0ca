//! Sharing an award: LinkedIn's Add-to-profile link. (The QR code a wallet app scans is drawn by
//! the page's script, theme/static/qr.js, from the credential's address.)
//!
//! LinkedIn has no API for static sites, but its profile form takes its fields from the
//! query string (`startTask=CERTIFICATION_NAME`); the recipient only has to press Save.

use jiff::Timestamp;

/// How LinkedIn should recognise the issuing organisation.
#[derive(Debug, Clone, Copy)]
pub enum Organization<'a> {
    /// The numeric id of the issuer's LinkedIn page: the certification then shows its logo.
    Id(&'a str),
    /// Just a name, for issuers without a LinkedIn page.
    Name(&'a str),
}

/// What LinkedIn's "Add license or certification" form is filled with.
#[derive(Debug, Clone, Copy)]
pub struct Certification<'a> {
    /// Badge name.
    pub name: &'a str,
    /// The issuer.
    pub organization: Organization<'a>,
    /// Issue date (LinkedIn keeps year and month).
    pub issued: Timestamp,
    /// Expiry date, if the award expires.
    pub expires: Option<Timestamp>,
    /// The award page: LinkedIn's "Show credential" button opens it.
    pub url: &'a str,
    /// The award id, shown as "Credential ID".
    pub id: &'a str,
}

/// The Add-to-profile URL for `certification`.
pub fn linkedin_url(certification: &Certification<'_>) -> String {
    let year_month = |t: Timestamp| {
        let date = t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        (date.year().to_string(), date.month().to_string())
    };
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("startTask", "CERTIFICATION_NAME");
    query.append_pair("name", certification.name);
    match certification.organization {
        Organization::Id(id) => query.append_pair("organizationId", id),
        Organization::Name(name) => query.append_pair("organizationName", name),
    };
    let (year, month) = year_month(certification.issued);
    query.append_pair("issueYear", &year);
    query.append_pair("issueMonth", &month);
    if let Some(expires) = certification.expires {
        let (year, month) = year_month(expires);
        query.append_pair("expirationYear", &year);
        query.append_pair("expirationMonth", &month);
    }
    query.append_pair("certUrl", certification.url);
    query.append_pair("certId", certification.id);
    format!("https://www.linkedin.com/profile/add?{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_url_is_exact() {
        let certification = Certification {
            name: "Rust Fundamentals & Safety",
            organization: Organization::Name("Northfield CS, Dept."),
            issued: "2025-03-14T10:00:00Z".parse().unwrap(),
            expires: Some("2027-01-31T23:30:00-02:00".parse().unwrap()),
            url: "https://acme.github.io/badges/awards/k3v9q2m7xa/",
            id: "k3v9q2m7xa",
        };
        assert_eq!(
            linkedin_url(&certification),
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Rust+Fundamentals+%26+Safety\
             &organizationName=Northfield+CS%2C+Dept.&issueYear=2025&issueMonth=3&expirationYear=2027\
             &expirationMonth=2&certUrl=https%3A%2F%2Facme.github.io%2Fbadges%2Fawards%2Fk3v9q2m7xa%2F&certId=k3v9q2m7xa"
        );
        let with_id = Certification { organization: Organization::Id("1337"), expires: None, ..certification };
        let url = linkedin_url(&with_id);
        assert!(url.contains("&organizationId=1337&issueYear=2025&issueMonth=3&certUrl="), "{url}");
        assert!(!url.contains("organizationName") && !url.contains("expiration"), "{url}");
    }
}
