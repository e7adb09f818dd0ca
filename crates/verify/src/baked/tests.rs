//! Unit tests of baking: the reference byte vector, corrupt and truncated input, re-baking,
//! both keywords together, identical pixels (decoded by the independent `png` crate), and the
//! SVG namespaces as a namespace-aware XML parser sees them.

use std::io::Cursor;

use base64::Engine as _;

use super::*;

/// DIGEST §2.1 vector `png-itxt-baking.json`, made with the reference Python baker.
const SOURCE: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC";
const BAKED: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAAZmlUWHRvcGVuYmFkZ2VzAAAAAAB7IkBjb250ZXh0IjoiaHR0cHM6Ly93M2lkLm9yZy9vcGVuYmFkZ2VzL3YyIiwiaWQiOiJodHRwczovL2V4YW1wbGUub3JnL2Fzc2VydGlvbnMvMTIzIn3OmSajAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC";
const TEXT: &str = r#"{"@context":"https://w3id.org/openbadges/v2","id":"https://example.org/assertions/123"}"#;

fn b64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}

/// A 7×5 RGBA gradient with an existing `tEXt openbadges` (legacy URL) and another text chunk.
fn sample_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, 7, 5);
    encoder.set_color(::png::ColorType::Rgba);
    encoder.set_depth(::png::BitDepth::Eight);
    encoder.add_text_chunk("openbadges".into(), "https://old.example/a".into()).unwrap();
    encoder.add_text_chunk("Author".into(), "rosette tests".into()).unwrap();
    let pixels: Vec<u8> = (0..7 * 5 * 4).map(|i| (i * 37 % 256) as u8).collect();
    encoder.write_header().unwrap().write_image_data(&pixels).unwrap();
    out
}

/// Pixels and `iTXt` chunks as the `png` crate decodes them.
fn decode(bytes: &[u8]) -> (Vec<u8>, Vec<(String, String)>) {
    let mut reader = ::png::Decoder::new(Cursor::new(bytes)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut pixels).unwrap();
    let texts = reader.info().utf8_text.iter().map(|c| (c.keyword.clone(), c.get_text().unwrap())).collect();
    (pixels, texts)
}

#[test]
fn png_matches_the_reference_baker_byte_for_byte() {
    assert_eq!(png(&b64(SOURCE), &[(OB2_KEYWORD, TEXT)]).unwrap(), b64(BAKED));
    assert_eq!(extract(&b64(BAKED)).unwrap(), Baked { ob2: Some(TEXT.into()), ob3: None });
}

#[test]
fn png_keeps_the_pixels_and_both_keywords_coexist() {
    let original = sample_png();
    let baked = png(&original, &[(OB2_KEYWORD, "{\"a\": \"ü\"}"), (OB3_KEYWORD, "{\"b\": 3}")]).unwrap();
    let (before, _) = decode(&original);
    let (after, texts) = decode(&baked);
    assert_eq!(before, after, "baking changed the pixels");
    let wanted =
        [("openbadges".to_string(), "{\"a\": \"ü\"}".to_string()), ("openbadgecredential".into(), "{\"b\": 3}".into())];
    assert_eq!(texts, wanted);
    let reader = ::png::Decoder::new(Cursor::new(&baked)).read_info().unwrap();
    assert!(reader.info().utf8_text.iter().all(|c| !c.compressed && c.language_tag.is_empty()));
    // The legacy tEXt with the same keyword is gone; the other text chunk stays.
    let latin1: Vec<&str> = reader.info().uncompressed_latin1_text.iter().map(|c| c.keyword.as_str()).collect();
    assert_eq!(latin1, ["Author"]);
    assert_eq!(extract(&baked).unwrap(), Baked { ob2: Some("{\"a\": \"ü\"}".into()), ob3: Some("{\"b\": 3}".into()) });
    // The iTXt chunks sit right after IHDR (8 signature + 25 IHDR bytes).
    assert_eq!(&baked[37..41], b"iTXt");
}

#[test]
fn png_rebaking_replaces_instead_of_duplicating() {
    let once = png(&sample_png(), &[(OB2_KEYWORD, "first"), (OB3_KEYWORD, "first")]).unwrap();
    let twice = png(&once, &[(OB2_KEYWORD, "second"), (OB3_KEYWORD, "second")]).unwrap();
    assert_eq!(twice.len(), once.len() + 2, "\"second\" is one byte longer than \"first\", twice");
    let (_, texts) = decode(&twice);
    assert_eq!(texts.len(), 2);
    assert!(texts.iter().all(|(_, text)| text == "second"));
    // Re-baking only the credential keeps the assertion.
    let again = png(&twice, &[(OB3_KEYWORD, "third")]).unwrap();
    assert_eq!(extract(&again).unwrap(), Baked { ob2: Some("second".into()), ob3: Some("third".into()) });
}

#[test]
fn png_rejects_corrupt_truncated_and_foreign_input() {
    let original = sample_png();
    for at in [12, 20, 40, original.len() - 20] {
        let mut corrupt = original.clone();
        corrupt[at] ^= 0x01;
        let error = png(&corrupt, &[(OB2_KEYWORD, "x")]).unwrap_err();
        assert!(matches!(error, BakeError::BadCrc { .. } | BakeError::BadChunk { .. }), "byte {at}: {error:?}");
        assert!(extract(&corrupt).is_err(), "byte {at}");
    }
    for length in 0..original.len() {
        assert!(png(&original[..length], &[(OB2_KEYWORD, "x")]).is_err(), "a {length}-byte prefix was accepted");
    }
    let mut trailing = original.clone();
    trailing.extend_from_slice(b"<script>");
    assert!(matches!(png(&trailing, &[]), Err(BakeError::TrailingData { .. })));
    assert_eq!(png(b"GIF89a", &[]), Err(BakeError::NotPng));
    // A huge length field must not be trusted.
    let mut huge = original[..8].to_vec();
    huge.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xF0, b'I', b'H', b'D', b'R']);
    assert!(png(&huge, &[]).is_err());
}

#[test]
fn png_rejects_bad_keywords_and_texts() {
    let image = sample_png();
    let long = "k".repeat(80);
    for keyword in ["", " lead", "trail ", "tab\there", "ünï", long.as_str()] {
        assert!(matches!(png(&image, &[(keyword, "x")]), Err(BakeError::BadKeyword(_))), "{keyword:?}");
    }
    assert!(matches!(png(&image, &[(OB2_KEYWORD, "a"), (OB2_KEYWORD, "b")]), Err(BakeError::BadKeyword(_))));
    assert!(matches!(png(&image, &[(OB2_KEYWORD, "a\0b")]), Err(BakeError::BadText(_))));
}

#[test]
fn png_extraction_reads_compressed_text_from_other_bakers() {
    use std::io::Write as _;
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zlib.write_all(b"{\"zipped\": true}").unwrap();
    let mut data = b"openbadgecredential\0\x01\0\0\0".to_vec();
    data.extend(zlib.finish().unwrap());
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"iTXt");
    chunk.extend_from_slice(&data);
    chunk.extend_from_slice(&crc32fast::hash(&chunk[4..]).to_be_bytes());
    let mut image = b64(SOURCE);
    image.splice(33..33, chunk);
    assert_eq!(decode(&image).1, [("openbadgecredential".to_string(), "{\"zipped\": true}".to_string())]);
    assert_eq!(extract(&image).unwrap().ob3.as_deref(), Some("{\"zipped\": true}"));
}

const SVG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a badge -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"
     width='10'><circle cx="5" cy="5" r="4"/></svg>
"#;

/// (namespace, local name, text) of every element in the Open Badges namespaces.
fn baked_elements(svg: &str) -> Vec<(String, String, String)> {
    let document = roxmltree::Document::parse(svg).unwrap();
    document
        .descendants()
        .filter(|n| matches!(n.tag_name().namespace(), Some(OB2_NAMESPACE | OB3_NAMESPACE)))
        .map(|n| {
            let tag = n.tag_name();
            (tag.namespace().unwrap().into(), tag.name().into(), n.text().unwrap_or_default().into())
        })
        .collect()
}

#[test]
fn svg_holds_both_in_their_own_namespaces() {
    let baked =
        svg(SVG, Some(("https://x.example/a/ob2.json?q=1&r=2", "{\"two\": 2}")), Some("{\"three\": 3}")).unwrap();
    assert_eq!(
        baked_elements(&baked),
        [
            (OB2_NAMESPACE.into(), "assertion".into(), "{\"two\": 2}".into()),
            (OB3_NAMESPACE.into(), "credential".into(), "{\"three\": 3}".into())
        ]
    );
    assert!(baked.contains(r#"<openbadges:assertion verify="https://x.example/a/ob2.json?q=1&amp;r=2">"#), "{baked}");
    assert!(baked.contains(r#"width='10' xmlns:openbadges="http://openbadges.org"><openbadges:assertion"#), "{baked}");
    assert_eq!(
        extract(baked.as_bytes()).unwrap(),
        Baked { ob2: Some("{\"two\": 2}".into()), ob3: Some("{\"three\": 3}".into()) }
    );
    // Everything else is unchanged.
    let stripped = baked.replace(r#" xmlns:openbadges="http://openbadges.org""#, "");
    let start = stripped.find("<openbadges:assertion").unwrap();
    let end = stripped.find("</openbadges:credential>").unwrap() + "</openbadges:credential>".len();
    assert_eq!(format!("{}{}", &stripped[..start], &stripped[end..]), SVG);
}

#[test]
fn svg_with_only_a_credential_uses_the_ob3_namespace_on_the_root() {
    let baked = svg(SVG, None, Some("{}")).unwrap();
    assert!(
        baked.contains(
            r#" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{}]]>"#
        )
    );
    assert_eq!(baked_elements(&baked).len(), 1);
}

#[test]
fn svg_rebaking_replaces_and_cdata_cannot_be_closed_early() {
    let once = svg(SVG, Some(("https://a/", "{\"a\": 1}")), Some("{\"b\": 1}")).unwrap();
    let twice = svg(&once, Some(("https://a/", "{\"a\": 1}")), Some("{\"b\": 1}")).unwrap();
    assert_eq!(once, twice, "re-baking must replace, not add");
    let tricky = r#"{"narrative": "a]]>b"}"#;
    let baked = svg(&twice, Some(("https://a/", tricky)), Some(tricky)).unwrap();
    let found = extract(baked.as_bytes()).unwrap();
    let value: serde_json::Value = serde_json::from_str(found.ob3.as_deref().unwrap()).unwrap();
    assert_eq!(value["narrative"], "a]]>b");
    assert_eq!(found.ob2, found.ob3);
    assert_eq!(baked_elements(&baked).len(), 2);
}

#[test]
fn svg_edge_cases() {
    let empty = svg(r#"<svg xmlns="http://www.w3.org/2000/svg"/>"#, Some(("https://a/", "{}")), None).unwrap();
    assert_eq!(extract(empty.as_bytes()).unwrap().ob2.as_deref(), Some("{}"));
    assert!(empty.ends_with("</svg>"), "{empty}");
    let prefixed = r#"<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:g/></s:svg>"#;
    assert_eq!(extract(svg(prefixed, None, Some("{}")).unwrap().as_bytes()).unwrap().ob3.as_deref(), Some("{}"));
    let other_use = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="urn:x"><openbadges:x/></svg>"#;
    assert!(matches!(svg(other_use, None, Some("{}")), Err(BakeError::Svg(_))));
    assert!(matches!(svg("<html/>", None, Some("{}")), Err(BakeError::Svg(_))));
    assert!(matches!(svg("<svg>", None, Some("{}")), Err(BakeError::Svg(_))));
    // A signed (JWS) OB 3.0 SVG from another baker: the verify attribute is the credential.
    let jws =
        r#"<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"/></svg>"#;
    assert_eq!(extract(jws.as_bytes()).unwrap().ob3.as_deref(), Some("a.b.c"));
}

#[test]
fn extract_tells_images_from_other_files() {
    assert_eq!(extract(b"{\"id\": 1}"), Err(BakeError::NotAnImage));
    assert_eq!(extract(b"\xff\xfe"), Err(BakeError::NotAnImage));
    assert_eq!(extract(SVG.as_bytes()).unwrap(), Baked::default());
}
