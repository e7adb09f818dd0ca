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

/// JSON-LD context of the W3C Verifiable Credentials Data Model 2.0 (must come first).
pub const VC2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// JSON-LD context of Open Badges 3.0 (3.0.3: the version that works with VC 2.0).
pub const OB3_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// JSON-LD context of DID documents.
pub const DID_CONTEXT: &str = "https://www.w3.org/ns/did/v1";
/// JSON-LD context of Multikey verification methods.
pub const MULTIKEY_CONTEXT: &str = "https://w3id.org/security/multikey/v1";

/// Type of every credential.
pub const VERIFIABLE_CREDENTIAL: &str = "VerifiableCredential";
/// Type of an Open Badges 3.0 credential.
pub const OPEN_BADGE_CREDENTIAL: &str = "OpenBadgeCredential";
/// Type of a status list credential.
pub const STATUS_LIST_CREDENTIAL: &str = "BitstringStatusListCredential";
/// Type of the subject of a status list credential.
pub const STATUS_LIST: &str = "BitstringStatusList";
/// Type of a credential's status entry.
pub const STATUS_LIST_ENTRY: &str = "BitstringStatusListEntry";
/// The one status purpose rosette publishes.
pub const STATUS_PURPOSE_REVOCATION: &str = "revocation";
/// OB 3.0 identity type of a hashed e-mail address.
pub const IDENTITY_TYPE_EMAIL: &str = "emailAddress";
/// Verification method type of Ed25519 keys.
pub const MULTIKEY: &str = "Multikey";
