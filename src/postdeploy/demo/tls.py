"""Certificates for the HTTPS variant of the demo, chained as a public CA issues them: a throwaway
root CA (the only certificate the profile's CA bundle holds, as a trust store holds roots only), an
intermediate CA and a leaf the intermediate signs. The server sends the leaf with its intermediate;
a TLS fault breaks what it names (expired, expiring in 3 days, issued for another host, the
intermediate left out)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from postdeploy.demo.switches import ActiveFaults

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

WRONG_HOST = "wrong-host.skymarket.test"


@dataclass(frozen=True)
class CertFiles:
    ca: str  # the root alone: what a client trusts
    cert: str  # what the server sends: the leaf, then the intermediate (unless a fault drops it)
    key: str


def _ca(
    name: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name, issuer_key: ec.EllipticCurvePrivateKey, path: int
) -> x509.Certificate:
    """A CA certificate; `path`: how many CAs may sit below it (1 for the root, 0 for the intermediate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        key_cert_sign=True,
        crl_sign=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=60))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


def generate(directory: Path, faults: ActiveFaults) -> CertFiles:
    """Write ca.pem, cert.pem and key.pem into `directory` (EC keys: milliseconds, not seconds)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC)
    root_key, intermediate_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "postdeploy demo root CA")])
    root = _ca("postdeploy demo root CA", root_key, root_name, root_key, path=1)
    intermediate = _ca("postdeploy demo intermediate CA", intermediate_key, root.subject, root_key, path=0)

    not_before, not_after = now - timedelta(days=1), now + timedelta(days=90)
    if faults.on("tls-expired"):
        not_before, not_after = now - timedelta(days=45), now - timedelta(days=2)
    elif faults.on("tls-expiring-soon"):
        not_after = now + timedelta(days=3)
    if faults.on("tls-wrong-host"):
        names: list[x509.GeneralName] = [x509.DNSName(WRONG_HOST)]
        common_name = WRONG_HOST
    else:
        common_name = "localhost"
        names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]

    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(intermediate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(intermediate_key.public_key()), critical=False
        )
        .sign(intermediate_key, hashes.SHA256())
    )

    pem = serialization.Encoding.PEM
    # The classic misconfiguration: the server is given the leaf alone. Browsers may fetch the
    # missing intermediate (AIA) and hide it; Python, curl and Node clients fail the handshake.
    sent = [cert] if faults.on("tls-chain-incomplete") else [cert, intermediate]
    files = CertFiles(str(directory / "ca.pem"), str(directory / "cert.pem"), str(directory / "key.pem"))
    Path(files.ca).write_bytes(root.public_bytes(pem))
    Path(files.cert).write_bytes(b"".join(c.public_bytes(pem) for c in sent))
    Path(files.key).write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return files
