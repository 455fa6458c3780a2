"""yapapi's low-level REST façade (`yapapi.rest`), thin over golem_core.

Apps that negotiate by hand use `Configuration`, `Market` (subscriptions,
offers, agreements), `Activity` (activities and exe-script batches), `Payment`
(allocations, debit notes, invoices) and `Net` (VPNs); see each module.
"""

from golem_hl.rest import activity, market
from golem_hl.rest.activity import ActivityService as Activity
from golem_hl.rest.configuration import Configuration
from golem_hl.rest.market import Market
from golem_hl.rest.net import Net
from golem_hl.rest.payment import Payment

__all__ = ["Activity", "Configuration", "Market", "Net", "Payment", "activity", "market"]
