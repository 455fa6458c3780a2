"""Logging of events through the standard `logging` module (yapapi's `yapapi.log`).

Event consumers to pass to `Golem(event_consumer=...)`:

* `log_event`: one readable DEBUG line per event on `golem_hl.events`;
* `log_event_repr`: `repr(event)` at DEBUG, for machines;
* `log_summary(wrapped_emitter)`: the run's summary at INFO on `golem_hl.summary`
  (see `SummaryLogger`), optionally passing each event on to another consumer.

`enable_default_logger` is the one helper that configures logging itself:
INFO to stderr and, with `log_file`, DEBUG to that file. Configuring logging
is otherwise the application's business.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from datetime import datetime
from typing import Final

import attrs

from golem_hl import events
from golem_hl._summary import (
    ProviderInfo,
    SummaryLogger,
    acts_only_while,
    log_summary,
    pluralize,
    str_capped,
)

__all__ = [
    "DEFAULT_FORMAT",
    "REPORT_CONFIRMED_PROVIDERS_INTERVAL",
    "AgreementId",
    "JobId",
    "ProposalId",
    "ProviderId",
    "ProviderInfo",
    "ServiceId",
    "SummaryLogger",
    "TaskId",
    "enable_default_logger",
    "event_type_to_string",
    "log_event",
    "log_event_repr",
    "log_summary",
    "pluralize",
    "str_capped",
]

event_logger = logging.getLogger("golem_hl.events")

# yapapi's names for the ids its summary keeps (all strings)
AgreementId = str
JobId = str
TaskId = str
ServiceId = str
ProposalId = str
ProviderId = str
# yapapi repeats "Received proposals from N providers so far" on this interval (seconds);
# our summary says it when the number grows, so nothing waits on it
REPORT_CONFIRMED_PROVIDERS_INTERVAL: Final[float] = 3.0

DEFAULT_FORMAT: Final = "[%(asctime)s %(levelname)s %(name)s] %(message)s"

# the libraries whose loggers enable_default_logger configures
_LIBRARY_LOGGERS: Final = ("golem_hl", "golem_core")
# golem_core's REST adapters log every request and reply at DEBUG
_API_LOGGERS: Final = {
    "activity": "golem_core._api.activity",
    "market": "golem_core._api.market",
    "payment": "golem_core._api.payment",
    "net": "golem_core._api.net",
}
# marks handlers we added, so a second call replaces them instead of doubling every line
_OURS: Final = "_golem_hl_default_handler"


class _DaemonStyleFormatter(logging.Formatter):
    """Local time with milliseconds and offset, as yagna writes it: 2021-06-11T14:55:43.156+0200."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created).astimezone()
        return (
            moment.strftime("%Y-%m-%dT%H:%M:%S.")
            + f"{moment.microsecond // 1000:03d}"
            + (moment.strftime("%z"))
        )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("golem-requestor")
    except PackageNotFoundError:
        return "unknown"


def enable_default_logger(
    format_: str = DEFAULT_FORMAT,
    log_file: str | None = None,
    debug_activity_api: bool = False,
    debug_market_api: bool = False,
    debug_payment_api: bool = False,
    debug_net_api: bool = False,
) -> None:
    """Log golem_hl and golem_core at INFO to stderr, and at DEBUG to `log_file` if given.

    The `debug_*_api` flags add golem_core's REST traffic for that API (DEBUG on
    `golem_core._api.<api>`) to the file. Calling again replaces the handlers a
    previous call installed.
    """
    formatter = _DaemonStyleFormatter(fmt=format_)
    handlers: list[logging.Handler] = []
    console = logging.StreamHandler()
    console.setLevel(logging.INFO)
    handlers.append(console)
    file_handler: logging.FileHandler | None = None
    if log_file:
        file_handler = logging.FileHandler(log_file, mode="w", encoding="utf-8")
        file_handler.setLevel(logging.DEBUG)
        handlers.append(file_handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        setattr(handler, _OURS, True)

    for name in _LIBRARY_LOGGERS:
        library_logger = logging.getLogger(name)
        _remove_our_handlers(library_logger)
        library_logger.setLevel(logging.DEBUG)
        library_logger.disabled = False
        for handler in handlers:
            library_logger.addHandler(handler)

    flags = {
        "activity": debug_activity_api,
        "market": debug_market_api,
        "payment": debug_payment_api,
        "net": debug_net_api,
    }
    for api, wanted in flags.items():
        # the REST traffic is DEBUG under golem_core: keep it out unless asked for
        logging.getLogger(_API_LOGGERS[api]).setLevel(logging.DEBUG if wanted else logging.INFO)

    if file_handler is not None:
        top = logging.getLogger(_LIBRARY_LOGGERS[0])
        top.debug(
            "golem-requestor %s, script: %s, working directory: %s",
            _version(),
            sys.argv[0],
            os.getcwd(),
        )
        top.info("Logging to %s; look there for details when something fails", log_file)


def _remove_our_handlers(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        if getattr(handler, _OURS, False):
            logger.removeHandler(handler)
            handler.close()


event_type_to_string: dict[type[events.Event], str] = {
    events.JobStarted: "Job started",
    events.JobFinished: "Job finished",
    events.SubscriptionCreated: "Demand published on the market",
    events.SubscriptionFailed: "Could not publish the demand",
    events.CollectFailed: "Could not collect offers for the demand",
    events.NoProposalsConfirmed: "No provider confirmed a proposal",
    events.ProposalReceived: "Offer received from the market",
    events.ProposalRejected: "Offer rejected",
    events.ProposalResponded: "Counter-proposal sent",
    events.ProposalFailed: "Could not answer an offer",
    events.ProposalConfirmed: "Provider confirmed our counter-proposal",
    events.AgreementCreated: "Agreement proposed to a provider",
    events.AgreementConfirmed: "Agreement approved by the provider",
    events.AgreementRejected: "Agreement rejected by the provider",
    events.AgreementTerminated: "Agreement terminated",
    events.DebitNoteReceived: "Debit note received",
    events.DebitNoteAccepted: "Debit note accepted",
    events.PaymentFailed: "Payment failed",
    events.InvoiceReceived: "Invoice received",
    events.InvoiceAccepted: "Invoice accepted",
    events.WorkerStarted: "Worker started for an agreement",
    events.ActivityCreated: "Activity created on the provider",
    events.ActivityCreateFailed: "Could not create an activity",
    events.TaskStarted: "Task started",
    events.TaskFinished: "Task finished",
    events.ServiceStateChanged: "Service changed state",
    events.ServiceFinished: "Service finished",
    events.ScriptSent: "Script sent to the provider",
    events.CommandStarted: "Command started",
    events.CommandStdOut: "Command wrote to stdout",
    events.CommandStdErr: "Command wrote to stderr",
    events.CommandExecuted: "Command executed",
    events.CommandProgress: "Command progress",
    events.GettingResults: "Getting script results",
    events.ScriptFinished: "Script finished",
    events.TaskAccepted: "Task accepted",
    events.TaskRejected: "Task rejected",
    events.WorkerFinished: "Worker finished",
    events.DownloadStarted: "Download started",
    events.DownloadFinished: "Download finished",
    events.ShutdownFinished: "Shutdown finished",
    events.ExecutionInterrupted: "Execution interrupted",
}
"""A short description of every event class golem_hl emits."""


def log_event(event: events.Event) -> None:
    """Log `event` at DEBUG as its description and its fields."""
    if not event_logger.isEnabledFor(logging.DEBUG):
        return
    # events an application defines itself have no description of ours
    description = event_type_to_string.get(type(event), type(event).__name__)
    fields = [
        f"{a.name} = {getattr(event, a.name)}"
        for a in attrs.fields(type(event))
        if a.name not in ("exc_info", "timestamp")
    ]
    fields.append(f"timestamp = {event.timestamp}")
    event_logger.debug("; ".join([description, *fields]), exc_info=event.exc_info)


def log_event_repr(event: events.Event) -> None:
    """Log `repr(event)` at DEBUG, with the traceback of its exception if any."""
    if event_logger.isEnabledFor(logging.DEBUG):  # (one call, not two, per event when off)
        event_logger.debug("%r", event, exc_info=event.exc_info)


acts_only_while(log_event_repr, functools.partial(event_logger.isEnabledFor, logging.DEBUG))
