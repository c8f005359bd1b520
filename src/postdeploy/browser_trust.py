"""Let Chromium (Playwright's and Lighthouse's) trust a private CA: the profile's CA bundle.

The HTTP checks hand the bundle to Python's ssl module. Chromium has no such option: on Linux it
trusts the system roots plus the user's NSS database at `$HOME/.pki/nssdb`. So we build an NSS
database holding only the bundle's certificates in a throwaway home folder and start Chromium
with HOME pointing there. Nothing outside that folder changes, and `--ignore-certificate-errors`
(which would hide a broken chain, the very thing a post-deploy check must see) is never used.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from postdeploy.tools import find_certutil

PEM_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----\s.*?-----END CERTIFICATE-----", re.DOTALL)
CERTUTIL_HINT = "apt-get install libnss3-tools"


class TrustError(Exception):
    """The CA bundle cannot be given to Chromium; the message is one line with the fix."""


def pem_certificates(text: str) -> list[str]:
    """The PEM certificate blocks of a bundle, in order (keys and comments around them ignored)."""
    return [match.group(0) + "\n" for match in PEM_BLOCK.finditer(text)]


def read_bundle(ca_bundle: str, env_name: str) -> list[str]:
    try:
        text = Path(ca_bundle).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise TrustError(f"{env_name}={ca_bundle} cannot be read: {exc.strerror or exc}") from None
    certificates = pem_certificates(text)
    if not certificates:
        raise TrustError(f"{env_name}={ca_bundle} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
    return certificates


def browser_home(ca_bundle: str, env_name: str, parent: Path | None = None, certutil: str | None = None) -> Path:
    """A new home folder whose NSS database trusts every certificate in `ca_bundle` for TLS servers.

    The caller removes it (shutil.rmtree) when the browsers are done.
    """
    certificates = read_bundle(ca_bundle, env_name)
    tool = certutil or find_certutil()
    if tool is None:
        raise TrustError(
            f"{env_name} is set, but Chromium can only trust a private CA through an NSS database and "
            f"certutil is not installed: {CERTUTIL_HINT}"
        )
    home = Path(tempfile.mkdtemp(prefix="postdeploy-browser-home-", dir=parent))
    database = home / ".pki" / "nssdb"
    database.mkdir(parents=True)
    try:
        _certutil(tool, "-N", "-d", f"sql:{database}", "--empty-password")
        for number, pem in enumerate(certificates, start=1):
            pem_file = home / f"ca-{number}.pem"
            pem_file.write_text(pem, encoding="utf-8")
            # "C,," = a trusted CA for TLS servers; nothing for e-mail or code signing.
            name = f"postdeploy-ca-{number}"
            _certutil(tool, "-A", "-d", f"sql:{database}", "-n", name, "-t", "C,,", "-i", str(pem_file))
    except TrustError:
        shutil.rmtree(home, ignore_errors=True)
        raise
    return home


def _certutil(tool: str, *args: str) -> None:
    try:
        out = subprocess.run([tool, *args], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TrustError(f"certutil did not run: {exc}") from None
    if out.returncode != 0:
        reason = (out.stderr or out.stdout).strip().splitlines()
        raise TrustError(f"certutil {args[0]} failed: {reason[-1] if reason else f'exit {out.returncode}'}")
