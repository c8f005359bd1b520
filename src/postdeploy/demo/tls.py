"""Certificates for the HTTPS variant of the demo: a throwaway local CA and a leaf certificate,
healthy or broken the way a TLS fault asks (expired, expiring in 3 days, issued for another host)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from postdeploy.demo.switches import ActiveFaults

WRONG_HOST = "wrong-host.skymarket.test"


@dataclass(frozen=True)
class CertFiles:
    ca: str
    cert: str
    key: str


def generate(directory: Path, faults: ActiveFaults) -> CertFiles:
    """Write ca.pem, cert.pem and key.pem into `directory` (EC keys: milliseconds, not seconds)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "postdeploy demo local CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=60))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

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
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    pem = serialization.Encoding.PEM
    files = CertFiles(str(directory / "ca.pem"), str(directory / "cert.pem"), str(directory / "key.pem"))
    Path(files.ca).write_bytes(ca_cert.public_bytes(pem))
    Path(files.cert).write_bytes(cert.public_bytes(pem))
    Path(files.key).write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return files
