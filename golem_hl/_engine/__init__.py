"""The engine behind `golem_hl.Golem`: settings, events, market, agreements, payments.

Internal: applications use `golem_hl`; nothing here is public API.
"""
