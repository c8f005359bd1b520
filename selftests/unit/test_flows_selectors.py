"""Named selectors: short forms, defaults, and the profile rejecting unknown selector names."""

from __future__ import annotations

import pytest

from postdeploy.flows.selectors import DEFAULT_SELECTORS, split_short_form
from postdeploy.profile import E2ESettings, ProfileError, load_profile


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("label=Email", ("label", "Email")),
        ('label="Email address"', ("label", "Email address")),
        ("testid=price", ("testid", "price")),
        ("placeholder='Search…'", ("placeholder", "Search…")),
        ('role=button[name="Log in"s]', ("", 'role=button[name="Log in"s]')),
        ("#cardNumber", ("", "#cardNumber")),
        ("[data-testid=booking-row]", ("", "[data-testid=booking-row]")),
    ],
)
def test_split_short_form(selector: str, expected: tuple[str, str]) -> None:
    assert split_short_form(selector) == expected


def test_defaults_name_no_site_of_their_own() -> None:
    # Defaults are roles, labels, common wording and microdata; a site's own test ids go in its profile.
    # Only Stripe's hosted Checkout (the same on every site that uses it) has fixed ids and test ids.
    checkout = {name for name in DEFAULT_SELECTORS if name.startswith(("checkout_", "three_ds_"))}
    own = [s for name, s in DEFAULT_SELECTORS.items() if name not in checkout and ("testid" in s or "#" in s)]
    assert own == []


def test_profile_overrides_a_selector_by_name() -> None:
    settings = E2ESettings(selectors={"login_submit": "#sign-in"})
    assert settings.selector("login_submit") == "#sign-in"
    assert settings.selector("login_email") == DEFAULT_SELECTORS["login_email"]


def test_profile_rejects_an_unknown_selector_name(tmp_path: pytest.TempPathFactory) -> None:
    profile = tmp_path / "p.toml"  # type: ignore[operator]
    profile.write_text('[e2e]\nenabled = true\n[e2e.selectors]\nlogin_sumbit = "#go"\n')
    with pytest.raises(ProfileError, match=r"e2e\.selectors: .*unknown selector name 'login_sumbit'"):
        load_profile(profile, env={})


def test_profile_rejects_unknown_e2e_keys(tmp_path: pytest.TempPathFactory) -> None:
    profile = tmp_path / "p.toml"  # type: ignore[operator]
    profile.write_text("[e2e]\nenabled = true\nwebhook_timeout = 5\n")
    with pytest.raises(ProfileError, match=r"e2e\.webhook_timeout: unknown key"):
        load_profile(profile, env={})
