//! Constants of the Open Badges specifications, in one place.

/// JSON-LD context of Open Badges 2.0.
pub const OB2_CONTEXT: &str = "https://w3id.org/openbadges/v2";

/// OB 2.0 type of an assertion.
pub const OB2_ASSERTION: &str = "Assertion";
/// OB 2.0 type of a badge class.
pub const OB2_BADGE_CLASS: &str = "BadgeClass";
/// OB 2.0 type of an issuer profile.
pub const OB2_PROFILE: &str = "Profile";
/// OB 2.0 type of a revocation list.
pub const OB2_REVOCATION_LIST: &str = "RevocationList";
/// OB 2.0 verification type of hosted assertions.
pub const OB2_HOSTED: &str = "HostedBadge";
/// OB 2.0 type of an issuer's verification policy.
pub const OB2_VERIFICATION_OBJECT: &str = "VerificationObject";
/// OB 2.0 recipient identity type of an e-mail address.
pub const OB2_IDENTITY_EMAIL: &str = "email";
/// OB 2.0 recipient identity type of a URL.
pub const OB2_IDENTITY_URL: &str = "url";
