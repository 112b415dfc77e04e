"""The Content-Security-Policy in a real browser: the site's own pages cause no violation
(JSON-LD data blocks need no nonce), and a script injected into a page does not run."""

from .test_accessibility import sitemap_paths

VIOLATIONS = """() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
        window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
    });
}"""


def test_no_page_causes_a_csp_violation(site, page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(VIOLATIONS.join(["(", ")()"]))
    paths = sitemap_paths(site.url, "fr") + sitemap_paths(site.url, "en")
    assert any("/maladies/" in path for path in paths)
    for path in paths:
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert page.evaluate("window.__violations") == [], path
        # The JSON-LD blocks are in the page, read as data by the browser.
        if "/maladies/hypophosphatasie/" in path:
            data = page.evaluate(
                "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
                ".textContent)"
            )
            assert data["@type"] == "MedicalCondition"
    assert not [text for text in messages if "Content Security Policy" in text]


def test_an_injected_inline_script_does_not_run(site, page):
    page.add_init_script(VIOLATIONS.join(["(", ")()"]))
    page.goto(site.url + "/fr/")
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true;';
        document.body.appendChild(script);
        const handler = document.createElement('img');
        handler.setAttribute('src', 'data:,');
        handler.setAttribute('onerror', 'window.injected = true;');
        document.body.appendChild(handler);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violations), violations
