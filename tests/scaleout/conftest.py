"""The scale-out tests reuse the state tests' throwaway PostgreSQL cluster (Debian's postgresql)."""

from tests.state.conftest import fresh_postgres, postgres_url

__all__ = ["fresh_postgres", "postgres_url"]
