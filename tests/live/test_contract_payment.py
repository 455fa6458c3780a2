"""Contract: the payment spec and client against a requestor daemon with no chain.

The session daemon skips the allocation balance check, so allocations are real
rows in its database while nothing is ever paid.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import TypeVar

import pytest
from golem_rest_payment.api.requestor import (
    amend_allocation,
    create_allocation,
    get_allocation,
    get_allocations,
    get_debit_note_events,
    get_debit_notes,
    get_demand_decorations,
    get_invoice_events,
    get_invoices,
    get_requestor_accounts,
    release_allocation,
)
from golem_rest_payment.models import (
    Account,
    Allocation,
    AllocationUpdate,
    MarketDecoration,
    MarketProperty,
    NewAllocation,
    PaymentPlatform,
)
from golem_rest_payment.types import UNSET

from golem_core._api import YagnaApi, call
from golem_core.exceptions import GoneError, NotFoundError
from golem_localnet.identities import REQUESTOR_NODE_ID

pytestmark = pytest.mark.live

CALL_TIMEOUT = 10.0
PLATFORM = "erc20-holesky-tglm"
T = TypeVar("T")
ADDRESS_PROPERTY = f"golem.com.payment.platform.{PLATFORM}.address"


async def new_allocation(api: YagnaApi, body: NewAllocation) -> Allocation:
    created = await call(
        create_allocation.asyncio_detailed, client=api.payment, body=body, call_timeout=CALL_TIMEOUT
    )
    assert isinstance(created, Allocation)
    return created


async def release(api: YagnaApi, allocation_id: str) -> None:
    done = await call(
        release_allocation.asyncio_detailed,
        client=api.payment,
        allocation_id=allocation_id,
        call_timeout=CALL_TIMEOUT,
    )
    assert done is None  # 200 with a JSON `null` body


async def read_allocation(api: YagnaApi, allocation_id: str) -> Allocation:
    found = await call(
        get_allocation.asyncio_detailed,
        client=api.payment,
        allocation_id=allocation_id,
        call_timeout=CALL_TIMEOUT,
    )
    assert isinstance(found, Allocation)
    return found


async def listed_ids(api: YagnaApi) -> set[str]:
    listed = await call(
        get_allocations.asyncio_detailed,
        client=api.payment,
        max_items=100,
        call_timeout=CALL_TIMEOUT,
    )
    assert isinstance(listed, list)
    assert all(isinstance(item, Allocation) for item in listed)
    return {item.allocation_id for item in listed}


@pytest.fixture
async def allocation(api: YagnaApi) -> AsyncIterator[Allocation]:
    created = await new_allocation(api, NewAllocation(total_amount="5"))
    try:
        yield created
    finally:
        with contextlib.suppress(GoneError):  # the test may have released it itself
            await release(api, created.allocation_id)


async def test_a_new_allocation_comes_back_typed_with_the_defaults_filled_in(
    allocation: Allocation,
) -> None:
    assert allocation.address == REQUESTOR_NODE_ID
    assert allocation.payment_platform == PLATFORM
    assert Decimal(allocation.total_amount) == Decimal(5)
    assert Decimal(allocation.spent_amount) == 0
    assert Decimal(allocation.remaining_amount) == Decimal(5)
    assert allocation.make_deposit is False
    assert allocation.deposit is UNSET
    assert allocation.extend_timeout is UNSET
    # RFC 3339 with a `Z` and nanoseconds: decoded as aware datetimes
    stamps = (allocation.timestamp, allocation.created_ts, allocation.updated_ts)
    assert all(stamp.tzinfo is not None for stamp in stamps)
    assert allocation.created_ts == allocation.timestamp == allocation.updated_ts
    assert abs(datetime.now(timezone.utc) - allocation.created_ts) < timedelta(minutes=1)
    # without a timeout the daemon sets one about ten years ahead
    assert isinstance(allocation.timeout, datetime)
    assert allocation.timeout - allocation.created_ts > timedelta(days=9 * 365)
    assert allocation.additional_properties == {}


async def test_platform_parts_and_timeout_are_accepted_and_echoed(api: YagnaApi) -> None:
    timeout = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
    body = NewAllocation(
        total_amount="1.25",
        payment_platform=PaymentPlatform(driver="erc20", network="holesky", token="tglm"),
        timeout=timeout,
    )
    created = await new_allocation(api, body)
    try:
        assert created.payment_platform == PLATFORM
        assert Decimal(created.total_amount) == Decimal("1.25")
        assert created.timeout == timeout
    finally:
        await release(api, created.allocation_id)


async def test_requestor_accounts_list_the_node_address_on_holesky(
    api: YagnaApi, allocation: Allocation
) -> None:
    # the account shows up once an allocation has initialised it
    accounts = await call(
        get_requestor_accounts.asyncio_detailed, client=api.payment, call_timeout=CALL_TIMEOUT
    )
    assert isinstance(accounts, list)
    assert all(isinstance(account, Account) for account in accounts)
    ours = [a for a in accounts if a.platform == PLATFORM]
    assert len(ours) == 1
    account = ours[0]
    assert account.address == REQUESTOR_NODE_ID == allocation.address
    assert (account.driver, account.network) == ("erc20", "holesky")
    assert account.token == "tGLM"  # the driver's spelling, not the platform's
    assert (account.send, account.receive) == (True, False)


async def test_get_and_list_return_the_same_allocation(
    api: YagnaApi, allocation: Allocation
) -> None:
    found = await read_allocation(api, allocation.allocation_id)
    assert found == allocation
    assert allocation.allocation_id in await listed_ids(api)


async def test_amend_changes_the_total_and_the_remaining_amount(
    api: YagnaApi, allocation: Allocation
) -> None:
    amended = await call(
        amend_allocation.asyncio_detailed,
        client=api.payment,
        allocation_id=allocation.allocation_id,
        body=AllocationUpdate(total_amount="7.5"),
        call_timeout=CALL_TIMEOUT,
    )
    assert isinstance(amended, Allocation)
    assert amended.allocation_id == allocation.allocation_id
    assert Decimal(amended.total_amount) == Decimal("7.5")
    assert Decimal(amended.remaining_amount) == Decimal("7.5")
    assert Decimal(amended.spent_amount) == 0
    assert amended.timeout == allocation.timeout  # omitted fields stay
    reread = await read_allocation(api, allocation.allocation_id)
    assert Decimal(reread.total_amount) == Decimal("7.5")


async def test_a_released_allocation_is_gone(api: YagnaApi) -> None:
    created = await new_allocation(api, NewAllocation(total_amount="2"))
    allocation_id = created.allocation_id
    await release(api, allocation_id)

    assert allocation_id not in await listed_ids(api)
    # reading it gives 404 with `{"message": null}`, releasing it again 410
    with pytest.raises(NotFoundError) as missing:
        await read_allocation(api, allocation_id)
    assert (missing.value.status, missing.value.operation) == (404, "get_allocation")
    with pytest.raises(GoneError) as gone:
        await release(api, allocation_id)
    assert gone.value.status == 410
    assert gone.value.operation == "release_allocation"
    assert gone.value.message == f"Allocation {allocation_id} has been already released"
    with pytest.raises(NotFoundError):
        await call(
            amend_allocation.asyncio_detailed,
            client=api.payment,
            allocation_id=allocation_id,
            body=AllocationUpdate(total_amount="3"),
            call_timeout=CALL_TIMEOUT,
        )


async def decorations(api: YagnaApi, allocation_ids: list[str]) -> MarketDecoration:
    decoration = await call(
        get_demand_decorations.asyncio_detailed,
        client=api.payment,
        allocation_ids=",".join(allocation_ids),  # one comma-joined value, per the spec
        call_timeout=CALL_TIMEOUT,
    )
    assert isinstance(decoration, MarketDecoration)
    assert all(isinstance(p, MarketProperty) for p in decoration.properties)
    return decoration


async def test_demand_decorations_name_the_paying_address(
    api: YagnaApi, allocation: Allocation
) -> None:
    decoration = await decorations(api, [allocation.allocation_id])
    properties = {(p.key, p.value) for p in decoration.properties}
    assert properties == {
        (ADDRESS_PROPERTY, REQUESTOR_NODE_ID),
        ("golem.com.payment.protocol.version", "3"),
    }
    assert decoration.constraints == [
        f"({ADDRESS_PROPERTY}=*)",
        "(golem.com.payment.protocol.version>1)",
    ]


async def test_demand_decorations_for_two_allocations(
    api: YagnaApi, allocation: Allocation
) -> None:
    other = await new_allocation(api, NewAllocation(total_amount="1"))
    try:
        decoration = await decorations(api, [allocation.allocation_id, other.allocation_id])
        # one address property per allocation, and one OR-ed address constraint
        keys = [p.key for p in decoration.properties]
        assert keys.count(ADDRESS_PROPERTY) == 2
        assert decoration.constraints[0].startswith("(|")
    finally:
        await release(api, other.allocation_id)


async def test_demand_decorations_for_an_unknown_allocation_are_not_found(
    api: YagnaApi,
) -> None:
    with pytest.raises(NotFoundError) as missing:
        await decorations(api, ["no-such-allocation"])
    assert missing.value.operation == "get_demand_decorations"


async def test_no_invoices_or_debit_notes_on_a_fresh_requestor(api: YagnaApi) -> None:
    invoices = await call(
        get_invoices.asyncio_detailed, client=api.payment, max_items=5, call_timeout=CALL_TIMEOUT
    )
    debit_notes = await call(
        get_debit_notes.asyncio_detailed,
        client=api.payment,
        after_timestamp=datetime(2020, 1, 1, tzinfo=timezone.utc),
        call_timeout=CALL_TIMEOUT,
    )
    assert invoices == []
    assert debit_notes == []


async def timed(poll: Callable[[], Awaitable[T]]) -> tuple[T, float]:
    started = time.monotonic()
    result = await poll()
    return result, time.monotonic() - started


async def test_event_long_polls_wait_their_timeout_then_return_nothing(api: YagnaApi) -> None:
    since = datetime.now(timezone.utc)
    polls = [
        functools.partial(
            call, events.asyncio_detailed, client=api.payment, timeout=0.5, after_timestamp=since
        )
        for events in (get_invoice_events, get_debit_note_events)
    ]
    answers = await asyncio.gather(*(timed(poll) for poll in polls))
    for events, seconds in answers:
        assert events == []
        # the daemon holds the poll for the whole timeout, and not much longer
        assert 0.4 <= seconds < 2.0, seconds
