"""The client's IP address, read from X-Forwarded-For only when a trusted proxy sent it.

Behind the documented reverse proxy every request comes from the proxy's address; per-IP
login limits need the real client. Trusting the header from anyone would let an attacker
pick a fresh "address" for every guess, so it is read only when REMOTE_ADDR is listed in
PHONGTHU_TRUSTED_PROXIES (settings.TRUSTED_PROXIES), walking from the right past our proxies.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks() -> list[Network]:
    nets: list[Network] = []
    for item in getattr(settings, "TRUSTED_PROXIES", []):
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue  # a typo in the setting must not open the header to everyone
    return nets


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address, nets: list[Network]) -> bool:
    return any(addr in net for net in nets)


def client_ip(request: Any) -> str:
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    nets = _networks()
    hop = _parse(remote)
    if hop is None or not nets or not _trusted(hop, nets):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    for part in reversed([p for p in forwarded.split(",") if p.strip()]):
        addr = _parse(part)
        if addr is None:
            break  # garbage left of our proxy: stop at the last address we can vouch for
        hop = addr
        if not _trusted(addr, nets):
            break
    return str(hop)
