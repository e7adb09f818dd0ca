//! Sharing an award: LinkedIn's Add-to-profile link and the QR code a wallet app scans.
//!
//! LinkedIn has no API for static sites, but its profile form takes its fields from the
//! query string (`startTask=CERTIFICATION_NAME`); the recipient only has to press Save. The
//! QR code holds the address of the signed OB 3.0 credential: wallet apps that add a
//! credential from a scanned URL (the Learner Credential Wallet does) download it from there.

use jiff::Timestamp;
use qrcode::{EcLevel, QrCode};

use crate::escape::xml as xml_escape;

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

/// Modules of light margin around the code, as the QR specification requires.
const QUIET_ZONE: usize = 4;

/// An inline SVG QR code of `data`, one unit per module, labelled `label` for screen
/// readers; `None` if `data` is too long for a QR code.
pub fn qr_svg(data: &str, label: &str) -> Option<String> {
    // Level M survives a smudged or partly covered screen; URLs stay small at that level.
    let code = QrCode::with_error_correction_level(data, EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let side = width + 2 * QUIET_ZONE;
    // One stroke per run of dark modules, moves relative within a row: about half the bytes
    // of a rectangle per module, on a page that should stay light.
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < width {
            if colors[y * width + x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && colors[y * width + x] == qrcode::Color::Dark {
                x += 1;
            }
            match pen {
                None => path.push_str(&format!("M{} {}.5h{}", start + QUIET_ZONE, y + QUIET_ZONE, x - start)),
                Some(end) => path.push_str(&format!("m{} 0h{}", start - end, x - start)),
            }
            pen = Some(x);
        }
    }
    Some(format!(
        r##"<svg class="qr" viewBox="0 0 {side} {side}" width="{px}" height="{px}" role="img" aria-label="{}" shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/><path stroke="#000" d="{path}"/></svg>"##,
        xml_escape(label),
        px = side * 4,
    ))
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

    #[test]
    fn qr_code_is_inline_svg() {
        let svg = qr_svg("https://acme.github.io/badges/awards/k3v9q2m7xa/credential.json", "QR \"code\"").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\" viewBox=\"0 0 "), "{svg}");
        assert!(svg.contains("aria-label=\"QR &quot;code&quot;\""));
        assert!(svg.len() < 4000, "{} bytes", svg.len());
        assert!(qr_svg(&"x".repeat(5000), "too long").is_none());
    }

    #[test]
    fn qr_code_draws_exactly_the_modules_of_the_code() {
        let data = "https://acme.github.io/badges/awards/k3v9q2m7xa/credential.json";
        let code = QrCode::with_error_correction_level(data, EcLevel::M).unwrap();
        let tree = super::super::raster::parse(&qr_svg(data, "qr").unwrap()).unwrap();
        let (width, scale) = (code.width(), 4);
        let side = u32::try_from((width + 2 * QUIET_ZONE) * scale).unwrap();
        let pixmap = super::super::raster::draw_fit(&tree, side, side).unwrap();
        let colors = code.to_colors();
        for y in 0..width + 2 * QUIET_ZONE {
            for x in 0..width + 2 * QUIET_ZONE {
                let pixel = pixmap.pixel(((x * scale) + scale / 2) as u32, ((y * scale) + scale / 2) as u32).unwrap();
                let inside = |v: usize| (QUIET_ZONE..QUIET_ZONE + width).contains(&v);
                let dark =
                    inside(x) && inside(y) && colors[(y - QUIET_ZONE) * width + x - QUIET_ZONE] == qrcode::Color::Dark;
                assert_eq!(pixel.red() < 128, dark, "module ({x}, {y})");
            }
        }
    }
}
