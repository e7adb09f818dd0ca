//! Sharing an award: LinkedIn's Add-to-profile link and the QR code a wallet app scans.
//!
//! LinkedIn has no API for static sites, but its profile form takes its fields from the
//! query string (`startTask=CERTIFICATION_NAME`); the recipient only has to press Save. The
//! QR code holds the address of the signed OB 3.0 credential: wallet apps that add a
//! credential from a scanned URL (the Learner Credential Wallet does) download it from there.

use base64::Engine as _;
use jiff::Timestamp;
use qrcode::EcLevel;
use qrcode::canvas::{Canvas, MaskPattern};

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

/// The modules of a QR code of `data`, for the page's script to draw: `<width>:<base64>`, the
/// dark modules as bits (1 = dark) row by row from the top left, most significant bit first,
/// the last byte padded with zeros; `None` if `data` is too long for a QR code.
///
/// Why not an inline SVG: its path costs ~2.5 kB on every award page, this ~240 bytes; the
/// module matrix (choosing the mask is most of the cost) is still computed here, once.
pub fn qr_modules(data: &str) -> Option<String> {
    let (width, dark) = qr_matrix(data)?;
    let mut bits = vec![0u8; dark.len().div_ceil(8)];
    for (index, _) in dark.iter().enumerate().filter(|(_, dark)| **dark) {
        bits[index / 8] |= 0x80 >> (index % 8);
    }
    Some(format!("{width}:{}", base64::engine::general_purpose::STANDARD.encode(bits)))
}

/// The QR code of `data` as the qrcode crate makes it (`QrCode::with_error_correction_level`,
/// level M): its width and dark modules, row by row. The crate's mask choice scores the
/// eight masked codes with a penalty that allocates a closure for every module and line
/// (0.5 ms an award, most of a page's cost); the same penalty is computed here on plain
/// booleans, so the same mask (the first of the lowest score) and the same modules result.
fn qr_matrix(data: &str) -> Option<(usize, Vec<bool>)> {
    // Level M survives a smudged or partly covered screen; URLs stay small at that level.
    let level = EcLevel::M;
    let bits = qrcode::bits::encode_auto(data.as_bytes(), level).ok()?;
    let version = bits.version();
    let (codewords, correction) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &correction);
    let mut best: Option<(u32, Vec<bool>)> = None;
    for mask in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(mask);
        let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        let score = penalty(&dark, version.width().try_into().ok()?);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, dark));
        }
    }
    let (_, dark) = best?;
    Some((dark.len().isqrt(), dark))
}

/// The masks in the order the qrcode crate tries them (ties go to the first).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The qrcode crate's penalty of a masked code (`Canvas::compute_total_penalty_scores` for
/// normal codes, rule for rule, without its constant offset): runs of five or more in a row
/// or column, 2×2 blocks of one colour, finder-like `#.###.#` patterns without four light
/// modules on both sides, and the dark/light balance.
fn penalty(dark: &[bool], width: usize) -> u32 {
    let at = |x: usize, y: usize, horizontal: bool| if horizontal { dark[y * width + x] } else { dark[x * width + y] };
    let mut score = 0u32;
    for horizontal in [true, false] {
        for line in 0..width {
            let mut run = 0u32;
            for k in 0..width {
                run += 1;
                if k + 1 == width || at(k + 1, line, horizontal) != at(k, line, horizontal) {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 0;
                }
            }
            const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
            for start in 0..width.saturating_sub(6) {
                if (0..7).any(|k| at(start + k, line, horizontal) != FINDER[k]) {
                    continue;
                }
                let dark_in = |from: usize, to: usize| (from..to.min(width)).any(|k| at(k, line, horizontal));
                if !dark_in(start.saturating_sub(4), start) || !dark_in(start + 7, start + 11) {
                    score += 40;
                }
            }
        }
    }
    for y in 0..width - 1 {
        for x in 0..width - 1 {
            let colour = dark[y * width + x];
            if dark[y * width + x + 1] == colour
                && dark[(y + 1) * width + x] == colour
                && dark[(y + 1) * width + x + 1] == colour
            {
                score += 3;
            }
        }
    }
    let ratio = dark.iter().filter(|d| **d).count() * 200 / dark.len();
    score + u32::try_from(ratio.abs_diff(100)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::QrCode;

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
    fn qr_modules_are_exactly_the_modules_of_the_code() {
        let data = "https://acme.github.io/badges/awards/k3v9q2m7xa/credential.json";
        // The mask is chosen here, not by the crate: the same modules as the crate's, over
        // addresses of every length an award's can have.
        for n in 0..400u32 {
            let id: String = (0..10)
                .map(|k| char::from(b"0123456789abcdefghjkmnpqrstvwxyz"[((n * 7 + k * 13) % 32) as usize]))
                .collect();
            let url = format!(
                "https://{}.example.org/{}awards/{id}/credential.json",
                "a".repeat((n % 40) as usize),
                "b/".repeat((n / 40) as usize)
            );
            let code = QrCode::with_error_correction_level(&url, EcLevel::M).unwrap();
            let (width, dark) = qr_matrix(&url).unwrap();
            assert_eq!(width, code.width(), "{url}");
            let expected: Vec<bool> = code.to_colors().iter().map(|c| *c == qrcode::Color::Dark).collect();
            assert_eq!(dark, expected, "{url}");
        }
        let code = QrCode::with_error_correction_level(data, EcLevel::M).unwrap();
        let modules = qr_modules(data).unwrap();
        let (width, encoded) = modules.split_once(':').unwrap();
        assert_eq!(width, code.width().to_string());
        let bits = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
        assert_eq!(bits.len(), (code.width() * code.width()).div_ceil(8));
        for (index, color) in code.to_colors().iter().enumerate() {
            let dark = bits[index / 8] & (0x80 >> (index % 8)) != 0;
            assert_eq!(dark, *color == qrcode::Color::Dark, "module {index}");
        }
        assert!(modules.len() < 300, "{} bytes", modules.len());
        assert!(qr_modules(&"x".repeat(5000)).is_none());
    }
}
