"""A private CA handed to Chromium: PEM parsing, a real NSS database built with certutil, one-line errors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from postdeploy.browser_trust import TrustError, browser_home, pem_certificates
from postdeploy.demo.switches import ActiveFaults
from postdeploy.demo.tls import generate

ENV = "POSTDEPLOY_CA_BUNDLE"


@pytest.fixture(scope="module")
def ca_pem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(generate(tmp_path_factory.mktemp("ca"), ActiveFaults()).ca)


def test_pem_blocks_are_found_among_other_text(ca_pem: Path) -> None:
    block = ca_pem.read_text()
    bundle = "# corporate roots\n" + block + "junk between\n" + block
    assert pem_certificates(bundle) == [block.strip() + "\n"] * 2
    key_kind = "PRIVATE" + " KEY"  # built here: no key-shaped literal in the repository
    assert pem_certificates(f"-----BEGIN {key_kind}-----\nabc\n-----END {key_kind}-----\n") == []


@pytest.mark.skipif(shutil.which("certutil") is None, reason="certutil (libnss3-tools) is installed by setup.sh")
def test_the_home_folder_holds_an_nss_database_trusting_every_certificate(ca_pem: Path, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    other_ca = Path(generate(tmp_path / "other", ActiveFaults()).ca)
    bundle = tmp_path / "bundle.pem"
    bundle.write_text(ca_pem.read_text() + other_ca.read_text())
    home = browser_home(str(bundle), ENV, parent=tmp_path)
    listed = subprocess.run(
        ["certutil", "-L", "-d", f"sql:{home / '.pki' / 'nssdb'}"], capture_output=True, text=True, check=True
    ).stdout
    assert "postdeploy-ca-1" in listed and "postdeploy-ca-2" in listed
    assert "C,," in listed


def test_unreadable_or_empty_bundles_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(TrustError, match=r"^POSTDEPLOY_CA_BUNDLE=/nowhere/ca.pem cannot be read: "):
        browser_home("/nowhere/ca.pem", ENV)
    empty = tmp_path / "empty.pem"
    empty.write_text("not a certificate\n")
    with pytest.raises(TrustError, match="holds no PEM certificate"):
        browser_home(str(empty), ENV)


def test_missing_certutil_names_the_package(ca_pem: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no certutil anywhere
    with pytest.raises(TrustError, match=r"certutil is not installed: apt-get install libnss3-tools$"):
        browser_home(str(ca_pem), ENV, parent=tmp_path)
    assert not list(tmp_path.glob("postdeploy-browser-home-*")), "a half-built home folder was left behind"
