"""yapapi's low-level REST façade (`yapapi.rest`), thin over golem_core.

Apps that negotiate by hand use `Configuration`, `Market` and its
`Subscription` / `OfferProposal` / `Agreement`. golem_hl brings the market
part; `Activity`, `Payment` and `Net` of yapapi's façade are not carried over
(use golem_core's activities, payments and networks; see README, "Moving from
yapapi").
"""

from golem_hl.rest import activity, market
from golem_hl.rest.configuration import Configuration
from golem_hl.rest.market import Market

__all__ = ["Configuration", "Market", "activity", "market"]
