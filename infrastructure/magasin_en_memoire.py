"""``PERSISTENCE_MODULE=infrastructure.magasin_en_memoire``: the library's in-memory store, whose
recorder keeps idempotency keys with the events (tests and demos). The library takes the one
factory class it finds in this module."""

from eventsourcing import popo
from eventsourcing.persistence import ApplicationRecorder

from infrastructure.enregistreurs import EnregistreurEnMemoire


class Factory(popo.Factory):
    def application_recorder(self) -> ApplicationRecorder:
        return EnregistreurEnMemoire()
