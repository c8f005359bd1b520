"""TLS certificate of an HTTPS target: valid for the host, chain trusted, days until expiry."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field

from postdeploy.findings import Finding, Severity

__all__ = ["CertificateFacts", "check_chain", "check_expiry", "check_hostname", "hostname_matches", "inspect"]


@dataclass(frozen=True)
class CertificateFacts:
    """What the handshake showed: the leaf certificate's names and dates, and the verifier's verdict."""

    host: str
    not_before: dt.datetime
    not_after: dt.datetime
    subject: str
    issuer: str
    dns_names: list[str] = field(default_factory=list)
    ip_addresses: list[str] = field(default_factory=list)
    # None when the chain verified (hostname aside); else OpenSSL's reason, e.g. "certificate has expired".
    verify_error: str | None = None
    trust_store: str = "system"


def facts_from_der(host: str, der: bytes, verify_error: str | None, trust_store: str) -> CertificateFacts:
    # Imported here: cryptography costs ~80 ms of start-up that plain-HTTP runs never need.
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(der)
    dns: list[str] = []
    ips: list[str] = []
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns = [str(n) for n in san.get_values_for_type(x509.DNSName)]
        ips = [str(n) for n in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        pass
    common = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not dns and not ips and common:
        dns = [str(common[0].value)]  # legacy certificates name the host only in the CN
    return CertificateFacts(
        host=host,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        dns_names=dns,
        ip_addresses=ips,
        verify_error=verify_error,
        trust_store=trust_store,
    )


def inspect(host: str, port: int = 443, ca_bundle: str | None = None, timeout: float = 5.0) -> CertificateFacts:
    """Two handshakes: one that accepts anything (to read the certificate whatever its state), one that
    verifies the chain against `ca_bundle` or the system store (to get the verifier's verdict).

    Raises OSError (ssl.SSLError included) when no TLS handshake is possible at all.
    """
    lenient = ssl.create_default_context()
    lenient.check_hostname = False
    lenient.verify_mode = ssl.CERT_NONE
    server_name = None if _is_ip(host) else host
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        lenient.wrap_socket(raw, server_hostname=server_name) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    if not der:
        raise ssl.SSLError(f"{host}:{port} presented no certificate")
    strict = ssl.create_default_context(cafile=ca_bundle) if ca_bundle else ssl.create_default_context()
    # Hostname matching is judged by `check_hostname` below, so the verifier reports chain problems only.
    strict.check_hostname = False
    verify_error: str | None = None
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            strict.wrap_socket(raw, server_hostname=server_name),
        ):
            pass
    except ssl.SSLCertVerificationError as exc:
        verify_error = exc.verify_message or str(exc)
    return facts_from_der(host, der, verify_error, ca_bundle or "system")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def hostname_matches(host: str, dns_names: list[str], ip_addresses: list[str]) -> bool:
    """RFC 6125 matching: exact names, a wildcard for the left-most label only, IPs against IP SANs."""
    if _is_ip(host):
        return ipaddress.ip_address(host) in {ipaddress.ip_address(ip) for ip in ip_addresses}
    host = host.lower().rstrip(".")
    for name in dns_names:
        name = name.lower().rstrip(".")
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def check_hostname(facts: CertificateFacts) -> list[Finding]:
    if hostname_matches(facts.host, facts.dns_names, facts.ip_addresses):
        return []
    names = ", ".join(facts.dns_names + facts.ip_addresses) or "none"
    return [
        Finding(
            "tls.hostname-mismatch",
            Severity.CRITICAL,
            f"certificate is not valid for {facts.host}: it names {names}",
            {"host": facts.host, "names": facts.dns_names + facts.ip_addresses, "subject": facts.subject},
            subject=facts.host,
        )
    ]


def check_chain(facts: CertificateFacts) -> list[Finding]:
    """The chain must verify; an expired leaf is judged by the expiry check, so it is not repeated here."""
    error = facts.verify_error
    if error is None or "expired" in error.lower() or "not yet valid" in error.lower():
        return []
    return [
        Finding(
            "tls.untrusted-chain",
            Severity.CRITICAL,
            f"certificate chain does not verify against the {facts.trust_store} trust store: {error} "
            f"(issuer {facts.issuer})",
            {"error": error, "issuer": facts.issuer, "trust_store": facts.trust_store},
            subject=facts.host,
        )
    ]


def check_expiry(
    facts: CertificateFacts, warn_days: int, fail_days: int, now: dt.datetime | None = None
) -> list[Finding]:
    """Expired fails hard; under `fail_days` fails; under `warn_days` is a warning that does not fail."""
    now = now or dt.datetime.now(dt.UTC)
    left = facts.not_after - now
    days = left.total_seconds() / 86400
    when = facts.not_after.strftime("%Y-%m-%d %H:%M UTC")
    evidence = {
        "not_after": facts.not_after.isoformat(),
        "days_left": round(days, 1),
        "warn_days": warn_days,
        "fail_days": fail_days,
    }
    if days < 0:
        return [
            Finding(
                "tls.expired",
                Severity.CRITICAL,
                f"certificate expired {-days:.0f} day(s) ago ({when})",
                evidence,
                subject=facts.host,
            )
        ]
    if facts.not_before > now:
        return [
            Finding(
                "tls.not-yet-valid",
                Severity.CRITICAL,
                f"certificate is not valid before {facts.not_before:%Y-%m-%d %H:%M UTC}",
                evidence,
                subject=facts.host,
            )
        ]
    if days < fail_days:
        return [
            Finding(
                "tls.expiring",
                Severity.HIGH,
                f"certificate expires in {days:.1f} day(s) ({when}), under the {fail_days}-day limit",
                evidence,
                subject=facts.host,
            )
        ]
    if days < warn_days:
        return [
            Finding(
                "tls.expiring-soon",
                Severity.LOW,
                f"certificate expires in {days:.0f} day(s) ({when}), under the {warn_days}-day warning",
                evidence,
                subject=facts.host,
            )
        ]
    return []
