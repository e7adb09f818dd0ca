//! The verification core of rosette, shared by the `rosette` command line and the browser
//! verifier (WebAssembly) of every rosette site, so that both give the same verdict by
//! construction.
//!
//! It owns everything a verifier needs and nothing that does I/O:
//!
//! * [`proof`]: Ed25519 keys, strict RDFC-1.0 canonicalisation and `eddsa-rdfc-2022`
//!   Data Integrity proofs (rosette's signer uses the same code);
//! * [`baked`]: reading (and writing) Open Badges data inside PNG and SVG images;
//! * [`check`]: verifying an Open Badges 3.0 credential or 2.0 assertion, check by check,
//!   against documents a caller fetches ([`check::Documents`]): the command line reads files
//!   and the network, the browser uses `fetch`, the core never knows;
//! * small shared rules: [`recipient`] hashing, [`status`] lists, [`did`] URLs, [`escape`]
//!   and [`hex`] text encodings.

pub mod baked;
pub mod check;
pub mod did;
pub mod escape;
pub mod hex;
pub mod proof;
pub mod recipient;
pub mod status;
