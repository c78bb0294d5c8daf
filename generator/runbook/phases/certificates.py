"""Phase: the console proxy's and secondary storage VM's domain, DNS records and certificate chain."""

from __future__ import annotations

from ipaddress import IPv4Address

from ...escape import shell, shell_double_quoted
from ...export import vault
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step, Table, secret_ref

TITLE = "Certificates and domains"
INTRO = ("Browsers open VM consoles on the console proxy VM and upload templates to the secondary storage VM over "
         "HTTPS. Both answer under a name of the design's domain, <public address with dashes>.<domain>, with a "
         "certificate chain CloudStack hands them.")

STATION = "the installer's workstation"


def _records(ctx: RunbookContext) -> list[tuple[str, str, str]]:
    """(zone, range, BIND $GENERATE line) for every public range: one A record per address a system VM may take."""
    rows = []
    for zone in ctx.export.spec.zones:
        domain = zone.domain
        # Without public ranges (basic zones, shared networks) system VMs take guest addresses.
        guest = [r for p in zone.pods for r in p.guest_ranges]
        if zone.guest_network is not None and zone.guest_network.range is not None:
            guest.append(zone.guest_network.range)
        for rng in zone.public_ranges or tuple(guest):
            first, last = IPv4Address(rng.start), IPv4Address(rng.end)
            block = first
            while block <= last:
                prefix = ".".join(str(block).split(".")[:3])
                top = min(last, IPv4Address(f"{prefix}.255"))
                a, b = str(block).rsplit(".", 1)[1], str(top).rsplit(".", 1)[1]
                dashed = prefix.replace(".", "-")
                rows.append((zone.name, f"{block}-{top}",
                             f"$GENERATE {a}-{b} {dashed}-$.{domain}. A {prefix}.$"))
                block = top + 1
    return rows


def build(ctx: RunbookContext) -> Phase:
    zones = [z for z in ctx.export.spec.zones if z.domain]
    if not zones:
        return Phase("certificates", TITLE, INTRO, ())
    domains = sorted({z.domain for z in zones})
    domain = domains[0]
    records = _records(ctx)
    probes: list[tuple[str, str, str]] = []
    for zone_name, rng, _ in records:
        first = rng.split("-")[0]
        if not any(p[0] == zone_name for p in probes):
            probes.append((zone_name, first, f"{first.replace('.', '-')}.{_domain(ctx, zone_name)}"))
    dns_checks = tuple(Check(STATION, f"dig +short {shell(name)}", f"{address}") for _, address, name in probes)
    dns = Step("DNS records of the system VMs' names", Role.network, "the DNS servers of " + ", ".join(domains),
               "Each public address a console proxy or secondary storage VM can take gets an A record "
               "<a-b-c-d>.<domain>; BIND's $GENERATE writes them per /24 (other DNS servers: the same records, "
               "one per address). In zones without public ranges the system VMs take guest addresses: those get the "
               "records.",
               table=Table(("Zone", "System VM addresses", "Zone-file line"), tuple(records)) if records else None,
               checks=dns_checks or (Check(STATION,
                                           "dig +short " + shell("<the console proxy address with dashes>." + domain),
                                            "its address"),))
    settings = "\n".join([
        f"cmk updateConfiguration name=consoleproxy.url.domain value={shell('*.' + domain)}",
        f"cmk updateConfiguration name=secstorage.ssl.cert.domain value={shell('*.' + domain)}",
        "cmk updateConfiguration name=consoleproxy.sslEnabled value=true",
        "cmk updateConfiguration name=secstorage.encrypt.copy value=true",
    ])
    upload = "\n".join([
        f'cmk uploadCustomCertificate id=1 name=root certificate="$(cat root.pem)" domainsuffix={shell("*." + domain)}',
        f'cmk uploadCustomCertificate id=2 name=intermediate certificate="$(cat intermediate.pem)" '
        f"domainsuffix={shell('*.' + domain)}",
        f'cmk uploadCustomCertificate id=3 name=server certificate="$(cat server.pem)" '
        f'privatekey="{secret_ref(vault.SYSVM_TLS_KEY.name)}" domainsuffix={shell("*." + domain)}',
    ])
    cpvm = ("ip=$(cmk -o json listSystemVms systemvmtype=consoleproxy | jq -r '.systemvm[0].publicip')\n"
            f"openssl s_client -connect \"${{ip//./-}}.{shell_double_quoted(domain)}:443\" "
            f"-servername \"${{ip//./-}}.{shell_double_quoted(domain)}\" "
            "-verify_return_error </dev/null 2>/dev/null | grep -E '^(subject|issuer)=|Verify return code'")
    ssvm = cpvm.replace("consoleproxy", "secondarystoragevm")
    certs = Step("Console proxy and secondary storage VM certificate", Role.cloud, STATION,
                 f"A certificate for *.{domain} with its chain (root, intermediate, server) as PEM files beside "
                 "you; the server's private key, in PKCS#8, comes from the vault (SYSVM_TLS_KEY). Uploading the "
                 "server certificate restarts the console proxy and secondary storage VMs with it."
                 + (f" The other zones' domains ({', '.join(domains[1:])}) need their own certificate, or one "
                    "that names them all." if len(domains) > 1 else ""),
                 values=(("consoleproxy.url.domain", f"*.{domain}"), ("secstorage.ssl.cert.domain", f"*.{domain}")),
                 commands=(Command(STATION, settings, caption="Domain settings"),
                           Command(STATION, upload, caption="The chain, root first")),
                 checks=(Check(STATION, "openssl verify -CAfile root.pem -untrusted intermediate.pem server.pem",
                               "server.pem: OK (the chain is complete before it is uploaded)"),
                         Check(STATION, cpvm, f"subject=CN = *.{domain}, the issuer of the intermediate, and "
                                              "Verify return code: 0 (ok): the console proxy answers on its domain"),
                         Check(STATION, ssvm, f"subject=CN = *.{domain} and Verify return code: 0 (ok): the "
                                              "secondary storage VM too")))
    return Phase("certificates", TITLE, INTRO, (dns, certs))


def _domain(ctx: RunbookContext, zone_name: str) -> str:
    return next(z.domain for z in ctx.export.spec.zones if z.name == zone_name)
