"""Standard Webhooks for partners (issue 22): subscriptions, their deliveries and the process that sends them.

``abonnements.py`` says what a subscription and a delivery are, and keeps the signing secret under the master key;
``magasin.py`` keeps them (SQLite or PostgreSQL); ``enfileur.py`` tails the store like a projection and records
each delivery due, exactly once, with its position; ``expediteur.py`` signs and sends them, in store order per
parcours, at least once, retrying with backoff; ``execution.py`` runs both until asked to stop
(``parcours webhooks run``). docs/webhooks.md is the partner's guide.
"""
