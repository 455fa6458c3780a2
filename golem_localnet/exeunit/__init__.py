"""An exe-unit for the local Golem network: serves one activity over yagna's GSB router.

It plays the part of yagna's `exe-unit` binary for one activity: it serves
`/public/exeunit/<activityId>/...` (Exec, GetExecBatchResults,
StreamExecBatchResults, GetActivityState, GetActivityUsage, GetRunningCommand),
reports state and usage to the provider daemon's `/local/activity`, and carries
out exe-scripts with the real exe-unit's state machine, results and error texts.
Instead of a VM image it runs Run commands as local processes, and transfers
files with gftp over the router. An activity whose Deploy names VPN networks
runs its commands in a network namespace of its own, on its VPN addresses
(`golem_localnet.exeunit.vpn`).

Trust model: this is a test tool for one machine, not a provider for strangers.
A Run command is an arbitrary program started **as the user running the
exe-unit**, with that user's rights, network access and CPU. Whoever can reach
the GSB router (anyone who can open its socket; it has no authentication) and
knows the activity id can make it run anything. The environment passed to
commands is cut down (no app keys, no GSB_URL), and when bubblewrap works here
the host file system is read-only for them and only the activity's four
`/golem/...` directories are writable; that narrows accidents, it does not
contain a hostile payload. Run it only for requestors you trust, on loopback.
"""

from golem_localnet.exeunit.app import serve
from golem_localnet.exeunit.config import ExeUnitConfig, Fault, FaultKind, Faults

__all__ = ["ExeUnitConfig", "Fault", "FaultKind", "Faults", "serve"]
