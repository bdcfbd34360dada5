"""A synthetic but realistic network on the real TERYT territory (``kooperacja generate``).

Modules: ``geography`` (territory and scope), ``catalog`` (service templates,
competences, names), ``institutions`` (the institutional layer of a
voivodeship), ``clients`` (clients, plans, referrals, consents), ``generator``
(chunked writing through :func:`graph.writer.write_batch`).
"""

from importers.synthetic.generator import Options, generate

__all__ = ["Options", "generate"]
