"""One small unit per kind of generated page or block, each composed over a `ViewContext`."""
