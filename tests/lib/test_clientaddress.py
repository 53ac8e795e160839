"""The client's address behind the reverse proxy: believed only from trusted proxies, read from the right."""

import pytest
from django.test import RequestFactory

from kpiplan.lib.clientaddress import client_address

PROXY = "127.0.0.1"


def request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    "trusted, remote, forwarded, expected",
    [
        # No trusted proxy: the header is the client's own word and is ignored.
        ([], "203.0.113.9", "198.51.100.7", "203.0.113.9"),
        # Behind the proxy: the address the proxy appended.
        ([PROXY], PROXY, "198.51.100.7", "198.51.100.7"),
        # A client forging entries on the left gains nothing: the proxy appended the real one on the right.
        ([PROXY], PROXY, "10.9.9.9, 198.51.100.7", "198.51.100.7"),
        # Two proxies of ours (a network): past both.
        (["127.0.0.1", "10.0.0.0/24"], PROXY, "198.51.100.7, 10.0.0.5", "198.51.100.7"),
        # A request straight to the application, not through the proxy: its header is not believed.
        ([PROXY], "203.0.113.9", "198.51.100.7", "203.0.113.9"),
        # The proxy forwarded nothing, or garbage: the proxy's address stands.
        ([PROXY], PROXY, None, PROXY),
        ([PROXY], PROXY, "not-an-address", PROXY),
        ([PROXY], PROXY, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert client_address(request(remote, forwarded)) == expected
