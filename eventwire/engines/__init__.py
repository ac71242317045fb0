"""Engines run the coder over many articles and write through the store's bulk path."""
