"""Run axe-core in the page and fail on any WCAG 2.0/2.1 A or AA violation."""

from .conftest import AXE_SCRIPT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def settled(page):
    """Bring running CSS transitions and animations to their end state: a modal fading in is measured
    at its final colours, not half-transparent. Finished at once rather than waited for: waiting for
    the admin's finite but slow animations cost about 24 s on each of its pages."""
    page.evaluate(
        "() => document.getAnimations()"
        ".filter(a => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)"
        ".forEach(a => a.finish())"
    )


def axe_violations(page):
    settled(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, as the page's Content-Security-Policy allows (an added
        # inline <script> tag it refuses, as it should: the site writes none).
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"axe found {len(violations)} WCAG A/AA violation(s) on {page.url}:\n{report}"
