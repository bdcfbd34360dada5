"""The Cypher query catalogue and the NetworkX analyses."""
