"""What applications take from yapapi's `yapapi.engine`: the job, defaults and constants.

yapapi's engine module is internal; apps reach into it for `Job` (the type of
`event.job`), the payment defaults and the negotiated-payment property names.
These are golem_hl's own, backed by its engine. `_Engine` is the engine a
started `Golem` runs on (`golem._engine`), which `Executor(_engine=...)` takes.
"""

from typing import Final

from golem_hl._engine.engine import Engine as _Engine
from golem_hl._engine.job import Job
from golem_hl._engine.settings import DEFAULT_DRIVER, DEFAULT_NETWORK, MAINNETS
from golem_hl.exceptions import NoPaymentAccountError
from golem_hl.executor._context import WorkContext
from golem_hl.executor._script import Script
from golem_hl.strategy.base import (
    DEBIT_NOTE_INTERVAL_GRACE_PERIOD,
    PROP_DEBIT_NOTE_INTERVAL_SEC,
    PROP_PAYMENT_TIMEOUT_SEC,
)

__all__ = [
    "DEBIT_NOTE_INTERVAL_GRACE_PERIOD",
    "DEFAULT_DRIVER",
    "DEFAULT_NETWORK",
    "DEFAULT_SUBNET",
    "MAINNET_NETWORKS",
    "MAINNET_TOKEN_NAME",
    "MAX_CONCURRENTLY_PROCESSED_DEBIT_NOTES",
    "PROP_DEBIT_NOTE_INTERVAL_SEC",
    "PROP_PAYMENT_TIMEOUT_SEC",
    "TESTNET_TOKEN_NAME",
    "ActivityId",
    "AgreementId",
    "Job",
    "JobId",
    "NoPaymentAccountError",
    "Script",
    "WorkContext",
    "_Engine",
]

# yapapi's names for the ids its engine keeps (all strings)
ActivityId = str
AgreementId = str
JobId = str

DEFAULT_SUBNET: Final = "public"
MAINNET_NETWORKS: Final = set(MAINNETS)
MAINNET_TOKEN_NAME: Final = "glm"
TESTNET_TOKEN_NAME: Final = "tglm"
# yapapi's cap on debit notes checked at once; ours decides each as it arrives (no I/O in
# the decision), so nothing queues behind it: kept for code that reads it
MAX_CONCURRENTLY_PROCESSED_DEBIT_NOTES: Final = 10
