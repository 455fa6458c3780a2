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

from golem_hl.services._cluster import Cluster
from golem_hl.services._runner import run_service, start_cluster
from golem_hl.services._service import Service, ServiceSignal, ServiceType
from golem_hl.services._state import ServiceState

__all__ = [
    "Cluster",
    "Service",
    "ServiceSignal",
    "ServiceState",
    "ServiceType",
    "run_service",
    "start_cluster",
]
