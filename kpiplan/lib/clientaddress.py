"""The address a request came from, seen through the reverse proxies we trust (TRUSTED_PROXIES).

Behind a reverse proxy every request arrives from the proxy's address; the client's is in the header the proxy
adds (X-Forwarded-For: "client, proxy1, …", each proxy appending the address it received from). Only the
entries that trusted proxies appended can be believed: anything further left was sent by the client and may be
forged. So the header is read from the right, past the trusted proxies, and the first other address is the
client. Without trusted proxies the header is ignored: a client could otherwise pick its own address, and with
it dodge sign-in lockouts and rate limits.

Sign-in lockout (django-axes), the rate limits of the public pages and the API's anonymous throttle all ask here.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or when that is a trusted proxy, the right-most address of the
    forwarded-for header that is not one of ours."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    address = remote
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage in the header: believe no further; the last proxy's word stands
        address = hop
        if not _trusted(hop, networks):
            break
    return address
