"""The LSP layer: the only package that imports pygls. Handlers stay thin and typed."""
