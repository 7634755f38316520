"""The domain of parcours: the Parcours aggregate, its events, value objects and rules.

Imports only the standard library and ``eventsourcing.domain`` (checked by import-linter).
"""
