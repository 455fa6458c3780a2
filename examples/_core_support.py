"""What examples/custom_negotiation.py prints and where it pays: helpers beside its point.

The example itself shows the negotiation, the batch and the payment through
golem_core; these read the environment, describe commands and payment events,
and read a provider's balance on the local chain.
"""

from __future__ import annotations

import asyncio
import os
from decimal import Decimal

from golem_core import (
    Command,
    DebitNoteAccepted,
    DebitNoteRejected,
    Event,
    InvoiceReceived,
    InvoiceRejected,
    Run,
    Transfer,
)
from golem_localnet.network import LocalNetwork

__all__ = [
    "PAYMENT_EVENTS",
    "describe",
    "glm",
    "payment_platform",
    "print_payment_event",
    "say",
    "token_balance",
]

TEST_NETWORKS = {"holesky", "sepolia", "goerli", "rinkeby", "mumbai", "amoy"}


def say(text: str) -> None:
    print(text, flush=True)


def glm(amount: Decimal) -> str:
    """An amount without exponent or trailing zeros."""
    return format(amount.normalize(), "f")


def payment_platform() -> str:
    network = os.environ.get("YAGNA_PAYMENT_NETWORK", "holesky")
    return f"erc20-{network}-{'tglm' if network in TEST_NETWORKS else 'glm'}"


def describe(command: Command) -> str:
    if isinstance(command, Run):
        return " ".join((command.entry_point, *command.args))
    if isinstance(command, Transfer):
        return f"transfer {command.from_} -> {command.to}"
    return type(command).__name__.lower()


PAYMENT_EVENTS = (DebitNoteAccepted, DebitNoteRejected, InvoiceReceived, InvoiceRejected)


def print_payment_event(event: Event) -> None:
    """What the PaymentManager decides, as it happens."""
    if isinstance(event, DebitNoteAccepted):
        say(f"   debit note {event.debit_note_id} accepted: {glm(event.amount)} GLM")
    elif isinstance(event, DebitNoteRejected):
        say(f"   debit note {event.debit_note_id} rejected: {event.reason}")
    elif isinstance(event, InvoiceReceived):
        say(f"   invoice {event.invoice_id} received: {glm(event.amount)} GLM")
    elif isinstance(event, InvoiceRejected):
        say(f"   invoice {event.invoice_id} rejected: {event.reason}")


async def token_balance(network: LocalNetwork | None, address: str) -> Decimal | None:
    """The provider's tGLM on the local chain (None when the chain is not ours)."""
    if network is None or network.chain is None:
        return None
    return await asyncio.to_thread(network.chain.token_balance, address)
