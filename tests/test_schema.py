"""Store schemas are derived from the model; init is idempotent and upgrades."""

from __future__ import annotations

import ladybug

from graph import model as m
from graph.schema import ladybug_ddl, neo4j_ddl, node_props
from graph.store.ladybug_store import LadybugStore
from graph.writer import get_node, upsert


def test_every_model_property_is_a_column() -> None:
    ddl = "\n".join(ladybug_ddl())
    for model in m.NODE_MODELS:
        for prop in node_props(model):
            assert f"{prop.name} {prop.type.value}" in ddl
    for rel in m.REL_MODELS:
        assert f"REL TABLE IF NOT EXISTS {rel.__type__}(FROM {rel.__src__.__label__} TO {rel.__dst__.__label__}" in ddl


def test_every_natural_key_has_a_uniqueness_constraint() -> None:
    ddl = "\n".join(neo4j_ddl())
    for model in m.NODE_MODELS:
        assert f"FOR (n:{model.__label__}) REQUIRE n.{model.__key__} IS UNIQUE" in ddl


def test_init_twice_is_harmless(store) -> None:
    store.init_schema()
    store.init_schema()
    upsert(store, m.Competence, [m.Competence(id="c1", name="mediacje")])
    assert get_node(store, m.Competence, "c1").name == "mediacje"


def test_init_upgrades_an_older_embedded_database(tmp_path) -> None:
    # A database created before `name` existed on Competence gets the column added.
    db = ladybug.Database(str(tmp_path / "old"))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Competence(id STRING PRIMARY KEY)")
    conn.execute("CREATE (:Competence {id: 'c-old'})")
    conn.close()
    db.close()
    store = LadybugStore(tmp_path / "old")
    try:
        added = store.init_schema()
        assert "ALTER TABLE Competence ADD name STRING" in added
        upsert(store, m.Competence, [m.Competence(id="c-old", name="praca socjalna")])
        assert get_node(store, m.Competence, "c-old").name == "praca socjalna"
    finally:
        store.close()
