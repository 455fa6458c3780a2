"""Services: long-running instances on providers (yapapi's `yapapi.services`).

class DateService(Service):
    async def run(self):
        while True:
            script = self._ctx.new_script()
            result = script.run("/bin/date")
            yield script
            print((await result).stdout)

cluster = await golem.run_service(DateService, num_instances=2)
...
await cluster.terminate()
"""

from golem_hl.services._run import run_service, start_cluster
from golem_hl.services.cluster import Cluster
from golem_hl.services.service import (
    Service,
    ServiceInstance,
    ServiceSerialization,
    ServiceSignal,
    ServiceType,
)
from golem_hl.services.service_runner import ServiceRunner
from golem_hl.services.service_state import ServiceState

__all__ = [
    "Cluster",
    "Service",
    "ServiceInstance",
    "ServiceRunner",
    "ServiceSerialization",
    "ServiceSignal",
    "ServiceState",
    "ServiceType",
    "run_service",
    "start_cluster",
]
