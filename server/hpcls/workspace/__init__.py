"""Open documents as immutable snapshots, and the workspace index."""
