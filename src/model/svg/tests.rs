//! The SVG checker against each attack it closes, legitimate drawings, and arbitrary input.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::*;

fn svg(body: &str) -> String {
    format!(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{body}</svg>"#)
}

/// The messages of the problems of `text`.
fn messages(text: &str) -> Vec<String> {
    check(text.as_bytes()).into_iter().map(|p| p.message).collect()
}

#[test]
fn drawings_pass() {
    for body in [
        r##"<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><circle fill="url(#g)" r="4"/><use href="#g"/>"##,
        r#"<title>T</title><desc>D</desc><g transform="rotate(3)" style="fill: red; stroke: url( #g )"><text font-family="sans-serif">Hi</text></g>"#,
        r##"<style>/* c */ .a { fill: url("#g") } @media print { .a { opacity: 0 } }</style><rect class="a" width="1" height="1"/>"##,
        r#"<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="4"/><feGaussianBlur stdDeviation="2 3"/></filter>"#,
        r#"<image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/><image xlink:href=" data:IMAGE/JPEG;base64,/9j/"/>"#,
        r#"<rect width="1" height="1"><animate attributeName="opacity" from="0" to="1" dur="1s"/></rect>"#,
        r#"<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>"#,
    ] {
        assert_eq!(messages(&svg(body)), Vec::<String>::new(), "{body}");
    }
    let declared = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- made by hand -->\n{}", svg(""));
    assert_eq!(messages(&declared), Vec::<String>::new());
}

#[test]
fn every_fixture_and_example_drawing_passes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["site-example", "tests/fixtures", "tests/interop"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let name = path.to_string_lossy();
            if path.extension().is_some_and(|e| e == "svg") && !name.contains("unsafe") && !name.contains("hostile") {
                let problems = check(&std::fs::read(path).unwrap());
                assert_eq!(problems, vec![], "{name}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked} files");
}

#[test]
fn each_attack_is_refused_with_its_reason() {
    for (body, expected) in [
        ("<script>alert(1)</script>", "has a <script> element, which runs code or embeds a document"),
        (
            "<foreignObject><div/></foreignObject>",
            "has a <foreignObject> element, which runs code or embeds a document",
        ),
        (r#"<circle onload="alert(1)"/>"#, "has the event handler `onload` on <circle>, which runs code"),
        (r#"<circle ONCLICK="alert(1)"/>"#, "has the event handler `ONCLICK` on <circle>, which runs code"),
        (
            r#"<image href="https://evil.example/x.png"/>"#,
            "links to `https://evil.example/x.png` from <image>; only #id inside the file is allowed",
        ),
        (
            r#"<a xlink:href="javascript:alert(1)"/>"#,
            "links to `javascript:alert(1)` from <a>; only #id inside the file is allowed",
        ),
        (
            r#"<image href="data:image/svg+xml,x"/>"#,
            "links to `data:image/svg+xml,x` from <image>; only #id inside the file is allowed",
        ),
        (
            r#"<set attributeName="href" to="javascript:alert(1)"/>"#,
            "animates `href` with <set>; only drawing attributes may be animated",
        ),
        (
            r#"<animate attributeName="xlink:href"/>"#,
            "animates `xlink:href` with <animate>; only drawing attributes may be animated",
        ),
        ("<style>@IMPORT 'https://e/x.css';</style>", "uses the CSS at-rule `@IMPORT` (in <style>)"),
        ("<style>@\\69mport 'https://e/x.css';</style>", "uses the CSS at-rule `@import` (in <style>)"),
        (
            "<style>a { fill: u\\72l(https://e/) }</style>",
            "refers to `https://e/` with CSS `url()`; only url(#id) inside the file is allowed (in <style>)",
        ),
        (
            "<style>/* ok */<!-- a comment splits the text -->@import 'https://e/x.css';</style>",
            "uses the CSS at-rule `@import` (in <style>)",
        ),
        ("<style><![CDATA[@im]]>port 'x';</style>", "uses the CSS at-rule `@import` (in <style>)"),
        (
            r#"<rect style="fill: URL(https://e/)"/>"#,
            "refers to `https://e/` with CSS `url()`; only url(#id) inside the file is allowed (attribute `style` of <rect>)",
        ),
        (
            r#"<rect fill="url('https://e/')"/>"#,
            "refers to `https://e/` with CSS `url()`; only url(#id) inside the file is allowed (attribute `fill` of <rect>)",
        ),
        (r#"<g xml:base="https://e/"/>"#, "has the attribute `xml:base` on <g>, which images may not use"),
        (
            r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml"/>"#,
            "has a <script> element in namespace `http://www.w3.org/1999/xhtml`, which images may not use",
        ),
        (r#"<svg 中文="x"/>"#, "has the attribute `中文` on <svg>, which images may not use"),
        (
            r#"<filter><feTurbulence numOctaves="100000"/></filter>"#,
            "has `numOctaves=\"100000\"` on <feTurbulence>; it must be a number from 0 to 10 to be drawn in bounded time",
        ),
        (
            r#"<filter><feMorphology radius="1e9"/></filter>"#,
            "has `radius=\"1e9\"` on <feMorphology>; it must be at most 100 to be drawn in bounded time",
        ),
        (
            r#"<svg viewBox="0 0 1e-30 1e-30"/>"#,
            "has `viewBox=\"0 0 1e-30 1e-30\"` on <svg>; it must be four numbers, the width and height from 0.01 to 1000000 to be drawn in bounded time",
        ),
        (r##"<g id="a"><use href="#a"/></g>"##, "has <use> elements that refer to themselves"),
    ] {
        assert_eq!(messages(&svg(body)), vec![expected.to_string()], "{body}");
    }
}

#[test]
fn xml_tricks_are_refused() {
    let stylesheet = format!("<?xml-stylesheet href=\"https://e/x.css\"?>\n{}", svg(""));
    assert_eq!(
        check(stylesheet.as_bytes()),
        vec![Problem {
            line: 1,
            column: 1,
            message: "has the processing instruction <?xml-stylesheet?>".into(),
            help: FIX_XML
        }]
    );
    let doctype = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE svg SYSTEM \"https://e/x.dtd\">\n{}", svg(""));
    assert_eq!(
        check(doctype.as_bytes()),
        vec![Problem {
            line: 2,
            column: 1,
            message: "has a <!DOCTYPE>, which can declare entities and load outside files".into(),
            help: FIX_XML
        }]
    );
    assert_eq!(messages("<html/>"), vec!["file's root element is not <svg xmlns=\"http://www.w3.org/2000/svg\">"]);
    assert_eq!(messages("<svg>"), vec!["is not well-formed XML: the root node was opened but never closed"]);
    assert_eq!(check(b"\xff<svg/>")[0].message, "is not UTF-8 text");
}

#[test]
fn costs_are_bounded_without_recursion() {
    let deep = svg(&format!("{}{}", "<g>".repeat(5_000), "</g>".repeat(5_000)));
    assert_eq!(messages(&deep), vec!["nests elements more than 64 deep"]);
    let many = svg(&"<rect/>".repeat(10_001));
    assert_eq!(messages(&many), vec!["has more than 10000 elements"]);
    // Ten uses of the previous group, five times: 100,000 elements from about sixty.
    let mut body = String::from(r#"<g id="l0"><rect/></g>"#);
    for level in 1..=5 {
        body.push_str(&format!(r#"<g id="l{level}">{}</g>"#, format!(r##"<use href="#l{}"/>"##, level - 1).repeat(10)));
    }
    assert_eq!(messages(&svg(&body)), vec!["draws more than 30000 elements once every <use> is expanded"]);
    // 45,000 nested elements parse and are judged on a small stack: nothing recurses.
    let huge = svg(&format!("{}{}", "<g>".repeat(45_000), "</g>".repeat(45_000)));
    let judged = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || messages(&huge)).unwrap().join();
    assert_eq!(judged.unwrap(), vec!["nests elements more than 64 deep", "has more than 10000 elements"]);
}

#[test]
fn problems_are_capped_and_counted() {
    let body = r#"<circle onclick="x"/>"#.repeat(25);
    let problems = messages(&svg(&body));
    assert_eq!(problems.len(), MAX_PROBLEMS + 1);
    assert_eq!(problems[MAX_PROBLEMS], "has 15 more problems");
}

/// Small XML trees of SVG-ish names and values, hostile ones included.
fn tree() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["g", "rect", "style", "use", "script", "a", "feTurbulence", "x:y", "中"]);
    let attribute =
        prop::sample::select(vec!["id", "href", "xlink:href", "style", "fill", "onload", "numOctaves", "z:w"]);
    let value = "[#a-z:/()@\\\\ '\".0-9]{0,12}";
    let leaf = (name.clone(), attribute.clone(), value)
        .prop_map(|(n, a, v)| format!("<{n} {a}=\"{}\"/>", v.replace('"', "&quot;")));
    leaf.prop_recursive(6, 48, 6, move |inner| {
        (name.clone(), prop::collection::vec(inner, 0..6))
            .prop_map(|(n, children)| format!("<{n}>{}</{n}>", children.concat()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Arbitrary bytes: no panic, and a quick answer.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_048)) {
        let start = Instant::now();
        let _ = check(&bytes);
        prop_assert!(start.elapsed() < Duration::from_secs(1));
    }

    /// Arbitrary small trees: no panic, a quick answer, and every problem placed in the file.
    #[test]
    fn arbitrary_trees_never_panic(body in tree()) {
        let text = svg(&body);
        let start = Instant::now();
        let problems = check(text.as_bytes());
        prop_assert!(start.elapsed() < Duration::from_secs(1));
        let lines = u32::try_from(text.lines().count()).unwrap();
        prop_assert!(problems.iter().all(|p| p.line >= 1 && p.line <= lines.max(1) && p.column >= 1));
    }
}
