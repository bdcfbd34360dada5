"""Kooperacja graph layer: the domain model (single source of truth) and the stores."""
