"""The resource directory: institutions, services, territories – search and own-entry edits."""
