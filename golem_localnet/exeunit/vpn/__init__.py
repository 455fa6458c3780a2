"""The activity's VPN, as yagna's VM runtime gives one: a network namespace of its own with
a TAP device per network on its VPN address, bridged to the VPN frames yagna sends the
exe-unit over the GSB router. Needs root or CAP_NET_ADMIN; a Deploy with networks fails
with a message saying so where they are missing."""

from golem_localnet.exeunit.vpn.activity import ActivityVpn, VpnError

__all__ = ["ActivityVpn", "VpnError"]
