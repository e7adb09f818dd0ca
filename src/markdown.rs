//! The only user of pulldown-cmark and ammonia: Markdown from contributors to safe HTML.
//!
//! Criteria, narratives and evidence come from pull requests and end up on the
//! organisation's domain, so raw HTML in them is shown as text rather than interpreted, and
//! the generated HTML goes through ammonia's allow-list anyway (belt and braces). Headings
//! are shifted one level down because the page already has its `<h1>`.
//!
//! Images from other sites are tracking pixels on award pages: the other site learns who
//! looked at whose award, and when. Unless `site.toml` says `remote_images = "allow"`, an
//! image whose URL leads off the site becomes a link to it (its alt text as the link text);
//! an image inside a link becomes its alt text. Images on the site itself (relative URLs)
//! are kept.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Whether Markdown may show images from other sites (`site.toml` `remote_images`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemoteImages {
    /// Images from other sites become links (the default).
    #[default]
    Block,
    /// Images from other sites are shown.
    Allow,
}

/// Renders Markdown to sanitised HTML, images from other sites blocked.
pub fn to_safe_html(markdown: &str) -> String {
    to_safe_html_with(markdown, RemoteImages::Block)
}

/// Renders Markdown to sanitised HTML under the site's image policy.
pub fn to_safe_html_with(markdown: &str, remote_images: RemoteImages) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // For each open image, what its end becomes; and how many links are open.
    let mut images: Vec<Option<TagEnd>> = Vec::new();
    let mut links = 0usize;
    let events = Parser::new_ext(markdown, options).filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Some(Event::Start(Tag::Heading { level: demote(level), id, classes, attrs }))
        }
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            links += 1;
            Some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link) => {
            links = links.saturating_sub(1);
            Some(Event::End(TagEnd::Link))
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id })
            if remote_images == RemoteImages::Block && leaves_the_site(&dest_url) =>
        {
            if links > 0 {
                images.push(None);
                return None;
            }
            images.push(Some(TagEnd::Link));
            Some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::Start(image @ Tag::Image { .. }) => {
            images.push(Some(TagEnd::Image));
            Some(Event::Start(image))
        }
        Event::End(TagEnd::Image) => images.pop().flatten().map(Event::End),
        other => Some(other),
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

/// Whether an image URL points off the site: resolved against a page of a stand-in site, it
/// lands elsewhere (absolute, protocol-relative `//host`, `\\host`, any other scheme).
fn leaves_the_site(url: &str) -> bool {
    const HOME: &str = "https://site.invalid/page/";
    let Ok(home) = url::Url::parse(HOME) else {
        return true;
    };
    home.join(url).map_or(true, |joined| joined.origin() != home.origin())
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        assert_eq!(to_safe_html("# Criteria\n\n* one"), "<h2>Criteria</h2>\n<ul>\n<li>one</li>\n</ul>\n");
    }

    #[test]
    fn raw_html_is_shown_not_run() {
        let html = to_safe_html("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn remote_images_become_links_unless_allowed() {
        let markdown = "![pixel](https://tracker.example/p.gif) ![logo](img/logo.png) ![p](//t.example/p) \
                        [![inner](https://t.example/i.png)](https://example.org)";
        assert_eq!(
            to_safe_html(markdown),
            "<p><a href=\"https://tracker.example/p.gif\" rel=\"noopener noreferrer nofollow\">pixel</a> \
             <img src=\"img/logo.png\" alt=\"logo\"> <a href=\"//t.example/p\" rel=\"noopener noreferrer nofollow\">p</a> \
             <a href=\"https://example.org\" rel=\"noopener noreferrer nofollow\">inner</a></p>\n"
        );
        let allowed = to_safe_html_with(markdown, RemoteImages::Allow);
        assert!(allowed.contains(r#"<img src="https://tracker.example/p.gif" alt="pixel">"#), "{allowed}");
        for url in
            ["http://t.example/x", "\\\\t.example/x", "HTTPS://t.example/x", "data:image/png,x", "/\\t.example/x"]
        {
            assert!(leaves_the_site(url), "{url}");
        }
        for url in ["x.png", "/badges/x.png", "../x.png", "#top"] {
            assert!(!leaves_the_site(url), "{url}");
        }
    }

    #[test]
    fn dangerous_links_are_dropped() {
        let html = to_safe_html("[x](javascript:alert(1)) [y](https://example.org)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(r#"href="https://example.org""#), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }
}
