//! The award pages' QR encoder, `theme/static/qr.js`, against the qrcode crate: for every
//! input, the modules the script computes in node are exactly the crate's
//! (`QrCode::with_error_correction_level(text, EcLevel::M)`, what the build drew before), and
//! it returns `null` exactly where the crate refuses the text.
//!
//! The inputs are award credential addresses of every realistic shape plus texts chosen to
//! reach each part of the encoder: numeric, alphanumeric, byte and kanji segments (the
//! crate reads UTF-8 byte pairs in the Shift-JIS ranges as kanji) and switches between them,
//! versions 1 to 40 and the three length-field tiers, all eight masks, and the capacity
//! limits. The test checks that they did reach them, so it cannot pass on a narrow sample.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use qrcode::optimize::{Parser, Segment};
use qrcode::types::Mode;
use qrcode::{Color, EcLevel, QrCode, Version};

use crate::support::repo;
use crate::tools::{Tool, require};

/// A small deterministic generator (64-bit LCG, high bits): the same inputs on every run.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    /// A text of `alphabet`'s characters, `min` to `min + spread - 1` of them.
    fn text(&mut self, alphabet: &str, min: usize, spread: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        let len = min + self.below(spread);
        (0..len).map(|_| chars[self.below(chars.len())]).collect()
    }
}

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// rosette's award id alphabet.
const ID: &str = "0123456789abcdefghjkmnpqrstvwxyz";

/// Award credential addresses as sites publish them, then texts for the encoder's corners.
fn inputs() -> Vec<String> {
    let mut random = Random(0x05ee_d0f0_c0de);
    let mut out = Vec::new();
    let hosts = [
        "acme.github.io",
        "ACME.GITHUB.IO",
        "badges.example.org",
        "Badges.Example.Org",
        "localhost:8080",
        "127.0.0.1:4000",
        "xn--bcher-kva.example",
        "a.b",
    ];
    for n in 0..420 {
        let host = random.pick(&hosts).to_owned();
        let mut path = String::new();
        let segments = match n % 6 {
            0 => 0,
            1..=3 => 1 + random.below(2),
            _ => random.below(12),
        };
        for _ in 0..segments {
            let segment = match random.below(6) {
                0 => random.text(DIGITS, 1, 8),
                1 => random.text(UPPER, 1, 10),
                2 => format!("caf%C3%A9-{}", random.text(LOWER, 3, 1)),
                _ => random.text(&format!("{LOWER}-_"), 1, 20),
            };
            path.push_str(&segment);
            path.push('/');
        }
        let id = match random.below(5) {
            0 => random.text(DIGITS, 6, 30),
            1 => random.text(LOWER, 10, 1),
            2 => random.text(UPPER, 4, 20),
            _ => random.text(ID, 10, 1),
        };
        let scheme = if n % 17 == 0 { "http" } else { "https" };
        let url = format!("{scheme}://{host}/{path}awards/{id}/credential.json");
        // Up to ~300 characters, as long site paths make them.
        out.push(url.chars().take(300).collect());
    }
    for len in [1, 2, 3, 4, 5, 7, 10, 17, 40, 41, 42, 100, 180, 250, 320, 400, 480, 600] {
        out.push(random.text(DIGITS, len, 1));
        out.push(random.text(&format!("{UPPER}{DIGITS} $%*+-./:"), len, 1));
        out.push(random.text(LOWER, len, 1));
    }
    for n in 0..30 {
        // Mode switches: runs of digits, upper case and lower case of varied lengths.
        let mut text = String::new();
        for _ in 0..2 + n % 6 {
            text.push_str(&match random.below(3) {
                0 => random.text(DIGITS, 1, 25),
                1 => random.text(&format!("{UPPER}/:."), 1, 25),
                _ => random.text(LOWER, 1, 25),
            });
        }
        out.push(text);
    }
    out.push("HTTPS://ACME.GITHUB.IO/BADGES/AWARDS/K3V9Q2M7XA/CREDENTIAL.JSON".into());
    out.push("https://acme.github.io/badges/awards/12345678901234567890123456789012/credential.json".into());
    for text in [
        "",
        "https://exämple.org/awards/k3v9q2m7xa/credential.json",
        "https://例え.jp/バッジ/awards/k3v9q2m7xa/credential.json",
        "日本語のテキストと漢字、ひらがな、カタカナ",
        "あいうえおかきくけこさしすせそたちつてと",
        "Ωμέγα — «quotes» ½ ©",
        "emoji 🎓🏅 https://x.org/🎓",
        "\u{ff71}\u{212b}\u{3042}A",
    ] {
        out.push(text.into());
    }
    out.push("漢字".repeat(300));
    // Where the versions' length fields change (9 to 10, 26 to 27) and the capacity ends.
    for len in [150, 151, 152, 153, 154, 1057, 1058, 1059, 1060, 2330, 2331, 2332, 3000] {
        out.push("a".repeat(len));
    }
    for (len, alphabet) in [(3391, "A"), (3392, "A"), (5596, "7"), (5597, "7"), (3000, "7")] {
        out.push(alphabet.repeat(len));
    }
    out
}

/// The crate's code of `text`: `<width>:<0/1 per module>`, or `None` where it refuses.
fn crate_code(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let modules: String = code.to_colors().iter().map(|c| if *c == Color::Dark { '1' } else { '0' }).collect();
    Some(format!("{}:{modules}", code.width()))
}

/// The modes of the segments the crate encodes `text` with (`bits::encode_auto`'s choice).
fn modes(text: &str) -> Vec<Mode> {
    let segments: Vec<Segment> = Parser::new(text.as_bytes()).collect();
    for version in [9, 26, 40] {
        let version = Version::Normal(version);
        let optimized: Vec<Segment> = Parser::new(text.as_bytes()).optimize(version).collect();
        assert_eq!(segments.iter().map(|s| s.end - s.begin).sum::<usize>(), text.len());
        let capacity = qrcode::bits::Bits::new(version).max_len(EcLevel::M).unwrap();
        if qrcode::optimize::total_encoded_len(&optimized, version) <= capacity {
            return optimized.iter().map(|s| s.mode).collect();
        }
    }
    Vec::new()
}

/// The mask of a code: the format information's 15 bits (row 8, left of the timing column
/// and beyond) among level M's eight.
fn mask(code: &str) -> usize {
    let (width, modules) = code.split_once(':').unwrap();
    let width: usize = width.parse().unwrap();
    let bit = |x: usize, y: usize| u16::from(modules.as_bytes()[y * width + x] == b'1');
    let coords = [0, 1, 2, 3, 4, 5, 7, 8].map(|x| (x, 8)).into_iter().chain([7, 5, 4, 3, 2, 1, 0].map(|y| (8, y)));
    let format = coords.fold(0, |number, (x, y)| number << 1 | bit(x, y));
    const LEVEL_M: [u16; 8] = [0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0];
    LEVEL_M.iter().position(|f| *f == format).unwrap()
}

#[test]
fn qr_js_makes_exactly_the_qrcode_crates_modules() {
    if !require(&[Tool::Node(18)]) {
        return;
    }
    let inputs = inputs();
    assert!(inputs.len() >= 500, "{} inputs", inputs.len());
    let timed: Vec<&String> = inputs.iter().take(420).collect();
    let request = serde_json::json!({ "inputs": inputs, "timed": timed });

    let mut node = Command::new(Tool::Node(18).find().unwrap())
        .arg(repo().join("tests/interop/html/qr.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    node.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    let run = node.wait_with_output().unwrap();
    assert!(run.status.success(), "qr.mjs failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let codes = report["codes"].as_array().unwrap();
    assert_eq!(codes.len(), inputs.len());

    let (mut widths, mut masks, mut seen_modes, mut refused) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), Vec::new());
    for (text, js) in inputs.iter().zip(codes) {
        let expected = crate_code(text);
        let label: String = text.chars().take(80).collect();
        match (&expected, js.as_str()) {
            (None, None) => refused.push((text.chars().next(), text.len())),
            (Some(expected), Some(js)) => {
                let (width, modules) = expected.split_once(':').unwrap();
                let (js_width, js_modules) = js.split_once(':').unwrap();
                assert_eq!(js_width, width, "width of the code of {label:?} ({} bytes)", text.len());
                if let Some(at) = modules.bytes().zip(js_modules.bytes()).position(|(a, b)| a != b) {
                    let w: usize = width.parse().unwrap();
                    panic!(
                        "{label:?}: module ({}, {}) differs (crate's mask {}, qr.js's {})",
                        at % w,
                        at / w,
                        mask(expected),
                        mask(js)
                    );
                }
                assert_eq!(js_modules.len(), modules.len(), "{label:?}");
                widths.insert(width.parse::<usize>().unwrap());
                masks.insert(mask(expected));
                seen_modes.extend(modes(text).into_iter().map(|m| format!("{m:?}")));
            }
            (expected, js) => panic!("{label:?}: the crate made {:?}, qr.js {:?}", expected.is_some(), js.is_some()),
        }
    }

    // The inputs reached every part of the encoder.
    assert_eq!(masks.len(), 8, "masks chosen: {masks:?}");
    assert_eq!(seen_modes.into_iter().collect::<Vec<_>>(), ["Alphanumeric", "Byte", "Kanji", "Numeric"]);
    let versions: BTreeSet<usize> = widths.iter().map(|w| (w - 17) / 4).collect();
    assert!(versions.contains(&1) && versions.contains(&40), "versions: {versions:?}");
    assert!(versions.range(2..=6).count() == 5 && versions.range(7..=26).count() >= 10, "versions: {versions:?}");
    // Too long at level M: 2332 bytes, 3392 alphanumerics, 5597 digits.
    assert_eq!(refused, [(Some('a'), 2332), (Some('a'), 3000), (Some('A'), 3392), (Some('7'), 5597)]);
    eprintln!(
        "qr.js: {} inputs equal to the crate's, {:.3} ms per URL in node",
        inputs.len(),
        report["msPerUrl"].as_f64().unwrap()
    );
}
