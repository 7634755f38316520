"""A transparency log over the event store: RFC 9162 Merkle tree, C2SP signed notes and checkpoints, witnesses.

Pure building blocks, with no storage, HTTP or clock of their own:

- ``arbre``: leaf and node hashes, the node coordinates a root or a proof needs (so that a store reads them
  in one query), and the root and proofs computed from those nodes;
- ``frontiere``: the appender, which turns new leaves into the perfect-subtree nodes to store, once each;
- ``verification``: the RFC 9162 verifiers, which need nothing but hashes;
- ``note``: C2SP signed notes, checkpoints and ``cosignature/v1``;
- ``temoin``: what a witness decides about a new checkpoint, and its state as a JSON document.
"""
