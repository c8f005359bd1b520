"""Audit ids, categories and metric names Lighthouse 12 knows, so a typo in a budget is a config error.

The id list comes from lighthouse@12.8.2 core/config/default-config.js (179 audits).
"""

from __future__ import annotations

# The Lighthouse the id list below comes from (and the one package.json pins).
LIGHTHOUSE_VERSION = "12.8.2"

_AUDIT_IDS = """
    accesskeys aria-allowed-attr
    aria-allowed-role aria-command-name aria-conditional-attr aria-deprecated-role aria-dialog-name
    aria-hidden-body aria-hidden-focus aria-input-field-name aria-meter-name aria-progressbar-name
    aria-prohibited-attr aria-required-attr aria-required-children aria-required-parent aria-roles aria-text
    aria-toggle-field-name aria-tooltip-name aria-treeitem-name aria-valid-attr aria-valid-attr-value bf-cache
    bootup-time button-name bypass cache-insight canonical charset clickjacking-mitigation
    cls-culprits-insight color-contrast crawlable-anchors critical-request-chains csp-xss
    cumulative-layout-shift custom-controls-labels custom-controls-roles definition-list deprecations
    diagnostics dlitem doctype document-latency-insight document-title dom-size dom-size-insight
    duplicate-id-aria duplicated-javascript duplicated-javascript-insight efficient-animated-content
    empty-heading errors-in-console final-screenshot first-contentful-paint first-meaningful-paint focus-traps
    focusable-controls font-display font-display-insight font-size forced-reflow-insight
    form-field-multiple-labels frame-title geolocation-on-start has-hsts heading-order hreflang html-has-lang
    html-lang-valid html-xml-lang-mismatch http-status-code identical-links-same-purpose image-alt
    image-aspect-ratio image-delivery-insight image-redundant-alt image-size-responsive inp-breakdown-insight
    input-button-name input-image-alt inspector-issues interaction-to-next-paint interactive
    interactive-element-affordance is-crawlable is-on-https js-libraries label label-content-name-mismatch
    landmark-one-main largest-contentful-paint largest-contentful-paint-element layout-shifts
    lcp-breakdown-insight lcp-discovery-insight lcp-lazy-loaded legacy-javascript legacy-javascript-insight
    link-in-text-block link-name link-text list listitem logical-tab-order long-tasks main-thread-tasks
    mainthread-work-breakdown managed-focus max-potential-fid meta-description meta-refresh meta-viewport
    metrics modern-http-insight modern-image-formats network-dependency-tree-insight network-requests
    network-rtt network-server-latency no-document-write non-composited-animations notification-on-start
    object-alt offscreen-content-hidden offscreen-images origin-isolation paste-preventing-inputs
    prioritize-lcp-image redirects redirects-http render-blocking-insight render-blocking-resources
    resource-summary robots-txt screenshot-thumbnails script-treemap-data select-name server-response-time
    skip-link speed-index structured-data tabindex table-duplicate-name table-fake-caption target-size
    td-has-header td-headers-attr th-has-data-cells third-parties-insight third-party-cookies
    third-party-facades third-party-summary total-blocking-time total-byte-weight trusted-types-xss
    unminified-css unminified-javascript unsized-images unused-css-rules unused-javascript use-landmarks
    user-timings uses-http2 uses-long-cache-ttl uses-optimized-images uses-passive-event-listeners
    uses-rel-preconnect uses-responsive-images uses-responsive-images-snapshot uses-text-compression
    valid-lang valid-source-maps video-caption viewport viewport-insight visual-order-follows-dom
    work-during-interaction
"""
KNOWN_AUDITS: frozenset[str] = frozenset(_AUDIT_IDS.split())

KNOWN_CATEGORIES: frozenset[str] = frozenset({"performance", "accessibility", "best-practices", "seo", "pwa"})

# budget.json `resourceType` values (Lighthouse's budget format).
RESOURCE_TYPES: tuple[str, ...] = (
    "total", "document", "script", "stylesheet", "image", "media", "font", "other", "third-party",
)  # fmt: skip

# budget.json `timings[].metric` values Lighthouse accepted.
TIMING_METRICS: tuple[str, ...] = (
    "first-contentful-paint", "interactive", "first-meaningful-paint", "max-potential-fid",
    "total-blocking-time", "speed-index", "largest-contentful-paint", "cumulative-layout-shift",
)  # fmt: skip

# Short names people use for the audits behind Core Web Vitals and friends (test ids, messages).
SHORT_NAMES: dict[str, str] = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "cumulative-layout-shift": "CLS",
    "total-blocking-time": "TBT",
    "server-response-time": "TTFB",
    "speed-index": "Speed Index",
    "interactive": "TTI",
    "max-potential-fid": "Max Potential FID",
    "first-meaningful-paint": "FMP",
    "interaction-to-next-paint": "INP",
}

# Audits whose numericValue is unitless (everything else numeric is milliseconds or bytes).
UNITLESS: frozenset[str] = frozenset({"cumulative-layout-shift"})

# Pseudo audit ids Lighthouse CI understands on top of the real ones.
PSEUDO_AUDITS: frozenset[str] = frozenset({"categories", "resource-summary", "user-timings", "performance-budget"})

# The category whose run computes each audit (first one when shared), for --only-categories.
_CATEGORY_AUDITS: dict[str, str] = {
    "accessibility": """
        accesskeys aria-allowed-attr aria-allowed-role aria-command-name aria-conditional-attr
        aria-deprecated-role aria-dialog-name aria-hidden-body aria-hidden-focus aria-input-field-name
        aria-meter-name aria-progressbar-name aria-prohibited-attr aria-required-attr aria-required-children
        aria-required-parent aria-roles aria-text aria-toggle-field-name aria-tooltip-name aria-treeitem-name
        aria-valid-attr aria-valid-attr-value button-name bypass color-contrast custom-controls-labels
        custom-controls-roles definition-list dlitem document-title duplicate-id-aria empty-heading
        focus-traps focusable-controls form-field-multiple-labels frame-title heading-order html-has-lang
        html-lang-valid html-xml-lang-mismatch identical-links-same-purpose image-alt image-redundant-alt
        input-button-name input-image-alt interactive-element-affordance label label-content-name-mismatch
        landmark-one-main link-in-text-block link-name list listitem logical-tab-order managed-focus
        meta-refresh meta-viewport object-alt offscreen-content-hidden select-name skip-link tabindex
        table-duplicate-name table-fake-caption target-size td-has-header td-headers-attr th-has-data-cells
        use-landmarks valid-lang video-caption visual-order-follows-dom
    """,
    "best-practices": """
        charset clickjacking-mitigation csp-xss deprecations doctype errors-in-console font-size
        geolocation-on-start has-hsts image-aspect-ratio image-size-responsive inspector-issues is-on-https
        js-libraries notification-on-start origin-isolation paste-preventing-inputs redirects-http
        third-party-cookies trusted-types-xss valid-source-maps
    """,
    "seo": """
        canonical crawlable-anchors hreflang http-status-code is-crawlable link-text meta-description
        robots-txt structured-data
    """,
}
AUDIT_CATEGORY: dict[str, str] = {a: c for c, ids in _CATEGORY_AUDITS.items() for a in ids.split()}


def category_of(audit_id: str) -> str:
    """Which category must run for an audit to be in the result (performance unless listed)."""
    return AUDIT_CATEGORY.get(audit_id, "performance")
