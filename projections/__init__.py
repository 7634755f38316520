"""Read models of the parcours: pure folds of the events (one module per view), their storage with
tracking in the same transaction, and the projector that catches up page by page."""
