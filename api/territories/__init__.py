"""Territories by name (the portal's gmina autocomplete: nobody types a TERYT code)."""
