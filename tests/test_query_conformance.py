"""Every named query answers the same on LadybugDB and on Neo4j over the same fixture graph.

The queries are discovered when the tests are collected: one test per query in
``queries/cypher/``, so a new query fails here until it has a case.

**Adding a case** (the failure message points here): put an entry in ``CASES`` – the fixture
graph the query runs on and one or more parameter sets:

* ``"demo"`` – the Toruń demo network (``importers/demo.py``): directory, search, HSDS, gaps;
* ``"clients"`` – the clients workflow network (``tests/clients/clientnet.py``, plus one draft
  referral at the first procedure step and one person registered twice, below): every
  ``clients_*`` query;
* ``"samples"`` – one of every model entity (``tests/samples.py``, plus a partnership's meetings,
  plan, survey round and ratings, below): occupancy, PESEL hashes, partnerships.

Choose parameters for which the query returns rows (an empty answer on both stores proves
little); a case that cannot says ``rows=False`` and why.  Queries that write run inside a
transaction that is rolled back (checked: the graph's content hash is unchanged), so the
fixture graphs stay read-only.  Answers are compared row by row, and as multisets when the
query has no ``ORDER BY``.  A query whose answers legitimately differ between the stores is
listed in ``DIFFERENCES`` with the reason and what is compared instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from graph import model as m
from graph.catalog import catalog
from graph.store.protocol import Store
from graph.writer import Batch, write_batch
from tests.clients.clientnet import T0, graph_hash, load_network
from tests.samples import sample_nodes, sample_rels

Params = dict[str, Any]
TODAY = dt.date(2026, 3, 1)
NOW = dt.datetime(2026, 3, 1, 10, 0)
YEAR_2025 = {"period_start": dt.datetime(2025, 1, 1), "period_end": dt.datetime(2026, 1, 1)}
ALL_STATUSES = [
    "draft",
    "requested",
    "received",
    "accepted",
    "rejected",
    "in-progress",
    "on-hold",
    "completed",
    "cancelled",
    "failed",
]


# ---------------------------------------------------------------- fixture graphs


def _load_demo(store: Store) -> None:
    from importers.demo import demo_batch, reference_batch

    write_batch(store, reference_batch())
    write_batch(store, demo_batch())


def _load_clients(store: Store) -> None:
    load_network(store)
    # A draft CIS referral at its first procedure step (wniosek), which clients_referral_set_step moves on.
    when = T0 + dt.timedelta(days=50)
    write_batch(
        store,
        Batch()
        .add(
            m.Referral,
            [
                m.Referral(
                    id="rf-a2d",
                    status="draft",
                    step="application",
                    basis="uzs_art12",
                    created_at=when,
                    updated_at=when,
                    applicant="OSOBA",
                )
            ],
        )
        .add(m.ForClient, [m.ForClient(src="rf-a2d", dst="client-a2")])
        .add(m.SentBy, [m.SentBy(src="rf-a2d", dst="ops-a")])
        .add(m.SentTo, [m.SentTo(src="rf-a2d", dst="cis-p")])
        .add(m.ForService, [m.ForService(src="rf-a2d", dst="cis-p.reint")]),
    )
    # One person registered at two institutions: the same keyed PESEL hash on two clients.
    write_batch(
        store,
        Batch()
        .add(
            m.Client,
            [
                m.Client(id=cid, pesel_hash="b" * 64, registered_at=T0, residence_gmina="041502")
                for cid in ("client-p1", "client-p2")
            ],
        )
        .add(
            m.RegisteredAt, [m.RegisteredAt(src="client-p1", dst="ops-a"), m.RegisteredAt(src="client-p2", dst="ops-o")]
        ),
    )


def _load_samples(store: Store) -> None:
    batch = Batch()
    for model, items in sample_nodes().items():
        batch.add(model, items)
    for rel, items in sample_rels().items():
        batch.add(rel, items)
    write_batch(store, batch)
    # The life of partnership p-zi: two meetings, an action plan, a survey round with mutual ratings.
    day = dt.date(2026, 2, 1)
    rating = {"reliability": 4, "mission": 3, "openness": 3, "influence": 2, "involvement": 4, "resources": 2}
    write_batch(
        store,
        Batch()
        .add(
            m.Meeting,
            [
                m.Meeting(
                    id=f"p-zi.m{n}",
                    partnership="p-zi",
                    held_on=day + dt.timedelta(days=30 * n),
                    attendees=["i-ops", "i-cis"],
                    agenda="plan działania",
                    decisions="przyjęto",
                )
                for n in (1, 2)
            ],
        )
        .add(
            m.PlanTask,
            [
                m.PlanTask(
                    id="p-zi.t1",
                    partnership="p-zi",
                    goal="diagnoza",
                    title="mapa usług",
                    responsible="i-ops",
                    due=day,
                    status="done",
                    done_on=day,
                ),
                m.PlanTask(
                    id="p-zi.t2",
                    partnership="p-zi",
                    goal="diagnoza",
                    title="ankieta",
                    responsible="i-cis",
                    due=day + dt.timedelta(days=60),
                ),
            ],
        )
        .add(
            m.SurveyRound,
            [m.SurveyRound(id="p-zi.r1", partnership="p-zi", opened_on=day, closes_on=day + dt.timedelta(days=14))],
        )
        .add(
            m.PartnerRating,
            [
                m.PartnerRating(id=f"p-zi.r1.{a}.{b}", partnership="p-zi", round="p-zi.r1", rater=a, ratee=b, **rating)
                for a, b in (("i-ops", "i-cis"), ("i-cis", "i-ops"))
            ],
        ),
    )


GRAPHS: dict[str, Callable[[Store], None]] = {"demo": _load_demo, "clients": _load_clients, "samples": _load_samples}


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    graph: str
    params: list[Params]
    #: False when no parameters give rows on the fixture graphs (say why next to the case)
    rows: bool = True
    #: for a write that returns nothing: a named query read in the same transaction afterwards,
    #: whose answer is compared instead (the effect of the write)
    after: tuple[str, Params] | None = None


def demo(*params: Params) -> Case:
    return Case("demo", list(params) or [{}])


def clients(*params: Params) -> Case:
    return Case("clients", list(params))


def samples(*params: Params) -> Case:
    return Case("samples", list(params))


# The directory's list filters, all off; a case switches on what it exercises.
NO_FILTERS: Params = {
    "anyCompetence": True,
    "competences": [""],
    "catAnyOff": True,
    "catAny": [""],
    "catAll1": "",
    "catAll2": "",
    "catAll3": "",
    "catNoneOff": True,
    "catNone": [""],
    "grpAnyOff": True,
    "grpAny": [""],
    "grpAll1": "",
    "grpAll2": "",
    "grpAll3": "",
    "grpNoneOff": True,
    "grpNone": [""],
}
ANY_TYPE: Params = {"anyType": True, "types": [""]}
NO_TEXT: Params = {"keys": [{"term": 0, "key": "", "w": 0}], "anyText": True, "minTerms": 1}
# Institution text "urząd pracy": two terms, each with its spelling variants.
URZAD_PRACY: Params = {
    "keys": [
        {"term": 0, "key": "urzad", "w": 3},
        {"term": 0, "key": "urzedu", "w": 2},
        {"term": 0, "key": "p:urzedu", "w": 1},
        {"term": 1, "key": "praca", "w": 3},
        {"term": 1, "key": "pracy", "w": 2},
        {"term": 1, "key": "p:pracy", "w": 1},
    ],
    "anyText": False,
    "minTerms": 2,
}
# Service texts: the keys of each query unit (a word or a thesaurus concept) and the distinct keys.
POMOC: Params = {
    "keys": [{"unit": 0, "key": "pomoc", "w": 1.0}, {"unit": 0, "key": "pomocy", "w": 1.0}],
    "terms": ["pomoc", "pomocy"],
}
PRACA_SOCJALNA: Params = {
    "keys": [
        {"unit": 0, "key": "praca", "w": 1.0},
        {"unit": 0, "key": "pracy", "w": 1.0},
        {"unit": 1, "key": "socjalny", "w": 1.0},
        {"unit": 1, "key": "socjalna", "w": 1.0},
    ],
    "terms": ["praca", "pracy", "socjalna", "socjalny"],
}
#: lists only: with all words wanted ($coordinate) more matched units rank higher
ANY_WORD: Params = {"coordinate": False}
ALL_WORDS: Params = {"coordinate": True}
# The institutions competent for gmina Łubianka (041505), by tier, as directory scope resolution gives them.
LUBIANKA: Params = {
    "ids": [
        "gops-lubianka",
        "kmp-torun",
        "kuratorzy-torun",
        "ngo-trzezwosc",
        "oik-torun",
        "owes-torun",
        "pcpr-torun",
        "plu-torun",
        "pup-torun",
        "rops-torun",
        "wup-torun",
        "mops-chelmza",
        "cis-chelmza",
    ],
    "tier0": ["gops-lubianka"],
    "tier1": [
        "kmp-torun",
        "kuratorzy-torun",
        "ngo-trzezwosc",
        "oik-torun",
        "owes-torun",
        "pcpr-torun",
        "plu-torun",
        "pup-torun",
    ],
    "tier2": ["rops-torun", "wup-torun"],
    "lat": 53.139,
    "lon": 18.4872,
}
IN_IDS: Params = {"ids": LUBIANKA["ids"]}


def page(sort: str = "relevance", skip: int = 0, limit: int = 101, reverse: bool = False) -> Params:
    return {"sort": sort, "reverse": reverse, "skip": skip, "limit": limit}


SERVICES = [
    "cis-torun.reintegracja",
    "cus-lubicz.ipus",
    "mopr-torun.praca-socjalna",
    "pup-torun.doradztwo",
    "ngo-trzezwosc.grupa-wsparcia",
]
INSTITUTIONS = ["pup-torun", "gops-lubianka", "mopr-torun", "cis-torun", "ngo-trzezwosc"]
CLIENTS = ["client-a1", "client-a2", "client-o1", "client-o8", "client-zz"]
OPS_A: Params = {"institution_id": "ops-a", "today": TODAY}

CASES: dict[str, Case] = {
    # ---- core
    "competent_institutions": demo({"teryt": "041505"}, {"teryt": "0463011"}),
    "institution_by_id": demo({"id": "gops-lubianka"}),
    "institution_type_counts": demo(),
    "territory_ancestors": demo({"teryt": "041505"}),
    "territory_names": demo({"levels": ["gmina"]}, {"levels": ["powiat", "voivodeship"]}),
    "registers_gminas": demo(),
    "register_history": samples({"institution": "i-cis"}),
    "register_occupancy": samples({"register": "dps-test"}),
    # ---- directory
    "directory_bench_sample": demo(),
    "directory_categories": demo(),
    "directory_competences": demo(),
    "directory_target_groups": demo(),
    "directory_institutions_by_id": demo({"ids": INSTITUTIONS}),
    "directory_institution_competences": demo({"ids": INSTITUTIONS}),
    "directory_served_territories": demo({"ids": INSTITUTIONS}),
    "directory_services_by_id": demo({"ids": SERVICES}),
    "directory_service_categories": demo({"ids": SERVICES}),
    "directory_service_target_groups": demo({"ids": SERVICES}),
    "directory_services_of_institutions": demo({"ids": INSTITUTIONS}),
    "directory_serving_institutions": demo({"teryts": ["041505", "0415", "04"]}),
    "directory_shared_partnerships": demo({"ids": ["mopr-torun", "gops-lubianka"]}),
    "directory_ties": demo({"ids": ["mopr-torun", "gops-lubianka"]}),
    "directory_territories_by_teryt": demo({"teryts": ["041505", "0415", "04", "0463"]}),
    "directory_territory_scope": demo({"teryt": "0415"}, {"teryt": "041505"}),
    "directory_institutions_in_box": demo({"minLat": 52.91, "maxLat": 53.36, "minLon": 18.11, "maxLon": 18.86}),
    "directory_browse_institutions": demo(
        {**ANY_TYPE, **page("name")}, {"anyType": False, "types": ["OPS", "CIS"], **page("name", 2, 5, True)}
    ),
    "directory_browse_institutions_filtered": demo(
        {**ANY_TYPE, **NO_FILTERS, "anyCompetence": False, "competences": ["praca-socjalna"], **page("name")},
        {**ANY_TYPE, **NO_FILTERS, "grpAnyOff": False, "grpAny": ["bezdomni"], **page("name", 1, 3)},
    ),
    "directory_count_browse_institutions": demo({"anyType": False, "types": ["CIS", "KIS"]}, ANY_TYPE),
    "directory_count_browse_institutions_filtered": demo(
        {**ANY_TYPE, **NO_FILTERS, "grpAnyOff": False, "grpAny": ["bezdomni"]}
    ),
    "directory_institutions": demo(
        {**URZAD_PRACY, **ANY_TYPE, **page(limit=50)}, {**NO_TEXT, **ANY_TYPE, **page("name", 3, 10)}
    ),
    "directory_count_institutions": demo({**URZAD_PRACY, **ANY_TYPE}),
    "directory_institutions_filtered": demo(
        {
            **NO_TEXT,
            **ANY_TYPE,
            **NO_FILTERS,
            "anyCompetence": False,
            "competences": ["psychologia"],
            **page("name", limit=50),
        }
    ),
    "directory_count_institutions_filtered": demo(
        {**NO_TEXT, **ANY_TYPE, **NO_FILTERS, "anyCompetence": False, "competences": ["psychologia"]}
    ),
    "directory_institutions_in": demo(
        {**NO_TEXT, **ANY_TYPE, **LUBIANKA, **page("distance")}, {**URZAD_PRACY, **ANY_TYPE, **LUBIANKA, **page()}
    ),
    "directory_count_institutions_in": demo({**NO_TEXT, "anyType": False, "types": ["PCPR", "PUP", "OPS"], **IN_IDS}),
    "directory_institutions_filtered_in": demo(
        {
            **NO_TEXT,
            **ANY_TYPE,
            **NO_FILTERS,
            "catAnyOff": False,
            "catAny": ["terapia-uzaleznien"],
            **LUBIANKA,
            **page(limit=50),
        }
    ),
    "directory_count_institutions_filtered_in": demo(
        {**NO_TEXT, **ANY_TYPE, **NO_FILTERS, "catAnyOff": False, "catAny": ["terapia-uzaleznien"], **IN_IDS}
    ),
    "directory_browse_services": demo(
        {"openOnly": False, **ANY_WORD, **page()}, {"openOnly": True, **ANY_WORD, **page("name", 5, 10)}
    ),
    "directory_count_browse_services": demo({"openOnly": False}, {"openOnly": True}),
    "directory_browse_services_filtered": demo(
        {"openOnly": False, **NO_FILTERS, "catAnyOff": False, "catAny": ["rynek-pracy"], **ANY_WORD, **page()}
    ),
    "directory_count_browse_services_filtered": demo(
        {"openOnly": False, **NO_FILTERS, "catAnyOff": False, "catAny": ["rynek-pracy"]}
    ),
    "directory_browse_services_in": demo(
        {"openOnly": False, **LUBIANKA, **ANY_WORD, **page()},
        {"openOnly": False, **LUBIANKA, **ANY_WORD, **page("distance", 2, 5)},
    ),
    "directory_count_browse_services_in": demo({"openOnly": False, **IN_IDS}),
    "directory_browse_services_filtered_in": demo(
        {
            "openOnly": False,
            **NO_FILTERS,
            "catAnyOff": False,
            "catAny": ["rynek-pracy"],
            **LUBIANKA,
            **ANY_WORD,
            **page(),
        }
    ),
    "directory_count_browse_services_filtered_in": demo(
        {"openOnly": False, **NO_FILTERS, "grpAnyOff": False, "grpAny": ["bezdomni", "seniorzy"], **IN_IDS}
    ),
    "directory_search_services": demo(
        {"openOnly": False, **POMOC, **ANY_WORD, **page()},
        {"openOnly": True, **PRACA_SOCJALNA, **ALL_WORDS, **page()},
        {"openOnly": False, **POMOC, **ANY_WORD, **page("name", 3, 5)},
    ),
    "directory_count_services": demo({"openOnly": False, **POMOC}, {"openOnly": True, **PRACA_SOCJALNA}),
    "directory_search_services_filtered": demo(
        {"openOnly": False, **POMOC, **NO_FILTERS, "grpAnyOff": False, "grpAny": ["bezdomni"], **ANY_WORD, **page()}
    ),
    "directory_count_services_filtered": demo(
        {"openOnly": False, **POMOC, **NO_FILTERS, "grpAnyOff": False, "grpAny": ["bezdomni"]}
    ),
    "directory_search_services_in": demo(
        {"openOnly": False, **POMOC, **LUBIANKA, **ANY_WORD, **page()},
        {"openOnly": False, **PRACA_SOCJALNA, **LUBIANKA, **ALL_WORDS, **page("distance")},
    ),
    "directory_count_services_in": demo({"openOnly": False, **POMOC, **IN_IDS}),
    "directory_search_services_filtered_in": demo(
        {
            "openOnly": False,
            **POMOC,
            **NO_FILTERS,
            "catAnyOff": False,
            "catAny": ["pomoc-spoleczna"],
            **LUBIANKA,
            **ANY_WORD,
            **page(),
        }
    ),
    "directory_count_services_filtered_in": demo(
        {"openOnly": False, **POMOC, **NO_FILTERS, "catAnyOff": False, "catAny": ["pomoc-spoleczna"], **IN_IDS}
    ),
    "directory_search_hits": demo(
        {"terms": POMOC["terms"], "ids": [*SERVICES, "gops-lubianka.praca-socjalna"]},
        {"terms": PRACA_SOCJALNA["terms"], "ids": SERVICES},
    ),
    # ---- search index (reweight and unlink write: rolled back) and the search quality judge
    "search_judge_categories": demo(),
    "search_judge_groups": demo(),
    "search_judge_services": demo(),
    "search_index_all_services": demo(),
    "search_index_categories": demo({"ids": SERVICES}),
    "search_index_competences": demo({"ids": INSTITUTIONS}),
    "search_index_documents": demo({"ids": SERVICES}),
    "search_index_groups": demo({"ids": SERVICES}),
    "search_index_links": demo({"ids": SERVICES[:2]}),
    "search_index_services_of": demo({"ids": INSTITUTIONS}),
    # These two return nothing: the links they leave are compared (read in the same transaction).
    "search_index_reweight": Case(
        "demo",
        [{"rows": [{"key": "socjalny", "id": "mopr-torun.praca-socjalna", "w": 1, "field": "description"}]}],
        rows=False,
        after=("search_index_links", {"ids": ["mopr-torun.praca-socjalna"]}),
    ),
    "search_index_unlink": Case(
        "demo",
        [{"rows": [{"key": "socjalny", "id": "mopr-torun.praca-socjalna"}]}],
        rows=False,
        after=("search_index_links", {"ids": ["mopr-torun.praca-socjalna"]}),
    ),
    # ---- HSDS
    "hsds_all_institution_ids": demo(),
    "hsds_all_service_ids": demo(),
    "hsds_organization_ids_matching": demo({"lemma": "integracja", "surface": "integracji", "prefix": "p:integr"}),
    "hsds_organizations_count_all": demo(),
    "hsds_organizations_page_all": demo({"skip": 0, "limit": 100}, {"skip": 10, "limit": 5}),
    "hsds_sal_count_all": demo(),
    "hsds_sal_page_all": demo({"skip": 0, "limit": 100}, {"skip": 10, "limit": 5}),
    "hsds_service_ids_for_group": demo({"target_group": "seniorzy"}),
    "hsds_service_ids_in_category": demo({"category": "praca-socjalna"}),
    "hsds_service_ids_in_taxonomy": demo({"taxonomy": "kooperacja"}),
    "hsds_service_ids_in_territory": demo({"teryt": "041504"}),
    "hsds_service_ids_matching": demo({"lemma": "bezrobotny", "surface": "bezrobotnych", "prefix": "p:bezrob"}),
    "hsds_service_ids_modified_since": demo({"since": dt.datetime(2026, 1, 15, 9, 0)}),
    "hsds_service_ids_of_institution": demo({"institution": "pup-torun"}),
    "hsds_service_ids_with_any_group": demo(),
    "hsds_service_ids_with_location": demo(),
    "hsds_service_offers": demo({"ids": SERVICES}),
    "hsds_services_count_all": demo(),
    "hsds_services_page_all": demo({"skip": 0, "limit": 100}, {"skip": 10, "limit": 5}),
    "hsds_territory_institutions": demo({"teryt": "0415"}, {"teryt": "041505"}),
    # ---- gap analysis
    "gaps_candidates": demo({"types": ["CIS", "CUS", "KIS", "OPS", "PCPR", "PUP", "ROPS", "SDS"]}),
    "gaps_categories": demo(),
    "gaps_target_groups": demo(),
    "gaps_institution_gminas": demo(),
    "gaps_institutions": demo({"prefix": "0415"}, {"prefix": "04"}),
    "gaps_memberships": demo({"prefix": "0415"}),
    "gaps_plans": demo({"prefix": "04", "date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}),
    "gaps_referrals": demo({"prefix": "04", "date_from": dt.datetime(2025, 1, 1), "date_to": dt.datetime(2026, 1, 1)}),
    "gaps_registrations": demo({"prefix": "0415"}),
    "gaps_services": demo({"prefix": "0415"}),
    "gaps_territories": demo({"prefix": "0415"}),
    "gaps_ties": demo({"prefix": "04"}),
    "gaps_group_providers": demo({"prefix": "0415", "region": "04"}),
    # ---- clients (writes are rolled back)
    "clients_active_contracts": clients({"client_id": "client-a1", **OPS_A}),
    "clients_by_ids": clients({"ids": CLIENTS, **OPS_A}, {"ids": CLIENTS, "institution_id": "cis-p", "today": TODAY}),
    "clients_by_pesel_hash": samples({"pesel_hash": "a" * 64, "institution_id": "i-ops", "today": TODAY}),
    "clients_competent_welfare": clients({"gmina": "041502"}),
    "clients_consent_withdraw": clients({"consent_id": "cs-o3", "institution_id": "ops-o", "now": NOW}),
    "clients_consents_of_clients": clients({"client_ids": CLIENTS, **OPS_A}),
    "clients_erase_targets": clients({"client_id": "client-a1", "institution_id": "ops-a"}),
    "clients_inbox_incoming": clients(
        {"institution_id": "cis-p", "statuses": ALL_STATUSES, "skip": 0, "limit": 50, "today": TODAY},
        {"institution_id": "ops-a", "statuses": ["requested"], "skip": 0, "limit": 1, "today": TODAY},
    ),
    "clients_inbox_outgoing": clients(
        {"institution_id": "ops-o", "statuses": ALL_STATUSES, "skip": 0, "limit": 50, "today": TODAY},
        {"institution_id": "ops-o", "statuses": ALL_STATUSES, "skip": 2, "limit": 3, "today": TODAY},
    ),
    "clients_institution_facts": clients({"institution_id": "cis-p"}),
    "clients_institution_type": clients({"institution_id": "cis-p"}),
    "clients_list": clients({"skip": 0, "limit": 50, **OPS_A}, {"skip": 1, "limit": 2, **OPS_A}),
    "clients_plan_participants": clients(
        {"plan_ids": ["pl-o1", "pl-o2", "pl-o8p"], "institution_id": "ops-o", "today": TODAY}
    ),
    "clients_plan_set_status": clients(
        {
            "plan_id": "pl-a1",
            "from_status": "active",
            "to_status": "terminated",
            "as_responsible": True,
            "role": "uzgadniający IPZS",
            "approved_by": None,
            **OPS_A,
        }
    ),
    "clients_plans_by_ids": clients({"ids": ["pl-a1", "pl-o8p", "pl-o1", "pl-o2"], **OPS_A}),
    "clients_plans_of_clients": clients({"client_ids": CLIENTS, **OPS_A}),
    "clients_referral_mark_ipzs": clients(
        {"referral_id": "rf-o1", "now": NOW, "institution_id": "cis-p", "today": TODAY}
    ),
    "clients_referral_set_step": clients(
        {
            "referral_id": "rf-a2d",
            "from_step": "application",
            "to_step": "opinion",
            "opinion_by": None,
            "now": NOW,
            **OPS_A,
        }
    ),
    "clients_referral_transition": clients(
        {
            "referral_id": "rf-a1",
            "from_status": "requested",
            "to_status": "accepted",
            "side": "receiver",
            "now": NOW,
            "closed_at": None,
            "outcome": None,
            "notified_id": None,
            "institution_id": "cis-p",
            "today": TODAY,
        }
    ),
    "clients_referrals_by_ids": clients({"ids": ["rf-a1", "rf-a1x", "rf-o1", "rf-o8", "rf-a2d"], **OPS_A}),
    "clients_referrals_of_clients": clients({"client_ids": CLIENTS, **OPS_A}),
    "clients_rule_facts": clients({"client_id": "client-a1", **OPS_A}, {"client_id": "client-o8", **OPS_A}),
    "clients_service_for_referral": clients({"service_id": "cis-p.reint"}),
    "clients_stats_clients": clients({"territory": "04", **YEAR_2025}),
    "clients_stats_clients_total": clients({"territory": "04", **YEAR_2025}),
    "clients_stats_flows": clients({"territory": "", **YEAR_2025}),
    "clients_stats_referrals": clients({"territory": "", **YEAR_2025}),
    "analysis_shared_persons": clients({"territory": ""}, {"territory": "0415"}),
    "ozps_institutions": demo({"prefix": "0415"}, {"prefix": "041505"}),
    "ozps_staff": demo({"prefix": "0415"}),
    "rules_partnerships": demo(),
    # ---- partnerships
    "partnerships_all": demo({"institutions": []}, {"institutions": ["gops-lubianka", "mopr-torun"]}),
    "partnerships_by_ids": demo({"ids": ["zi-torun", "no-such-partnership"]}),
    "partnerships_members": demo({"ids": ["zi-torun"]}),
    "partnerships_meetings": samples({"partnership": "p-zi"}),
    "partnerships_tasks": samples({"partnership": "p-zi"}),
    "partnerships_task_by_id": samples({"id": "p-zi.t2"}),
    "partnerships_rounds": samples({"partnership": "p-zi"}),
    "partnerships_ratings": samples({"partnership": "p-zi"}),
    "partnerships_trust_of": samples({"ids": ["i-ops"]}, {"ids": ["i-ops", "i-cis"]}),
    # the whole workflow state the statutory rules check
    "rules_clients": clients({}),
    "rules_institutions": clients({}),
    "rules_plans": clients({}),
    "rules_referrals": clients({}),
}


Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Difference:
    """A declared, legitimate difference between the stores' answers, and what is compared instead."""

    reason: str
    normalise: Callable[[Rows], Rows]


def sorted_lists(*columns: str) -> Callable[[Rows], Rows]:
    """Lists built by ``collect()`` have no defined order: compare them sorted."""
    return lambda rows: [
        {k: sorted(v, key=repr) if k in columns and v is not None else v for k, v in r.items()} for r in rows
    ]


def rounded(*columns: str, digits: int = 9) -> Callable[[Rows], Rows]:
    """Floating-point results (trigonometry, division) agree to ``digits`` decimals, not to the last bit."""
    return lambda rows: [
        {k: round(v, digits) if k in columns and v is not None else v for k, v in r.items()} for r in rows
    ]


def both(*steps: Callable[[Rows], Rows]) -> Callable[[Rows], Rows]:
    def apply(rows: Rows) -> Rows:
        for step in steps:
            rows = step(rows)
        return rows

    return apply


COLLECT = "collect() gives no order: the lists are compared sorted"
HAVERSINE = "distances come from floating-point trigonometry, equal to 1e-9 km, not to the last bit"

#: query name -> why its answers differ and the normalisation applied to both before comparing
DIFFERENCES: dict[str, Difference] = {
    "gaps_candidates": Difference(COLLECT, sorted_lists("serves")),
    "gaps_institutions": Difference(COLLECT, sorted_lists("serves")),
    "gaps_services": Difference(COLLECT, sorted_lists("areas", "categories", "groups")),
    "gaps_group_providers": Difference(COLLECT, sorted_lists("groups")),
    "rules_institutions": Difference(COLLECT, sorted_lists("serves")),
    "clients_erase_targets": Difference(COLLECT, sorted_lists("referral_ids", "plan_ids", "consent_ids")),
    "clients_institution_facts": Difference(COLLECT, sorted_lists("serves")),
    "gaps_plans": Difference(COLLECT, sorted_lists("participants")),
    "rules_plans": Difference(COLLECT, sorted_lists("participants")),
    "rules_partnerships": Difference(COLLECT, sorted_lists("member_types", "covers")),
    "ozps_institutions": Difference(COLLECT, sorted_lists("competences")),
    "directory_institutions_in": Difference(HAVERSINE, rounded("km")),
    "directory_institutions_filtered_in": Difference(HAVERSINE, rounded("km")),
    "directory_browse_services_in": Difference(HAVERSINE, rounded("km")),
    "directory_browse_services_filtered_in": Difference(HAVERSINE, rounded("km")),
    "directory_search_services_in": Difference(HAVERSINE, rounded("km")),
    "directory_search_services_filtered_in": Difference(HAVERSINE, rounded("km")),
}


# ---------------------------------------------------------------- running


_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)
_WRITES = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE)\b")


def _texts(name: str) -> list[str]:
    entry = catalog().entry(name)
    return [_COMMENT.sub("", entry.statement(b).text) for b in ("ladybug", "neo4j")]


def writes(name: str) -> bool:
    return any(_WRITES.search(t) for t in _texts(name))


def ordered(name: str) -> bool:
    return all("ORDER BY" in t.upper() for t in _texts(name))


class _Rollback(Exception):
    """Raised inside a write transaction to undo it after its rows were read."""


def run(store: Store, name: str, params: Mapping[str, Any], after: tuple[str, Params] | None) -> Rows:
    if not writes(name):
        return store.query(name, params)
    answer: list[Rows] = []

    def work(tx: Any) -> None:
        rows = tx.run(name, params)
        answer.append(tx.run(*after) if after else rows)
        raise _Rollback

    with pytest.raises(_Rollback):
        store.write(work)
    return answer[0]


def plain(value: Any) -> Any:
    """Numbers by value: LadybugDB returns DECIMAL where Neo4j returns an integer or a float (6 == Decimal('6'))."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def canonical(rows: Rows, keep_order: bool) -> list[Any]:
    out = [plain(r) for r in rows]
    return out if keep_order else sorted(out, key=repr)


def _order(name: str) -> tuple[int, str]:
    # Cases of one fixture graph run together: the single Neo4j test database is reloaded less often.
    case = CASES.get(name)
    return (list(GRAPHS).index(case.graph) if case else len(GRAPHS), name)


NAMES = sorted(catalog().names(), key=_order)
MISSING_CASE = (
    "named queries without a conformance case: {names}. Add an entry to CASES in "
    "tests/test_query_conformance.py – the fixture graph (demo, clients or samples) and parameters for which "
    "the query returns rows; see the module docstring."
)


def test_every_named_query_has_a_conformance_case() -> None:
    missing = [n for n in catalog().names() if n not in CASES]
    assert not missing, MISSING_CASE.format(names=", ".join(missing))
    stale = sorted(set(CASES) - set(catalog().names()))
    assert not stale, f"CASES names queries that no longer exist: {', '.join(stale)} – remove them"
    assert set(DIFFERENCES) <= set(CASES)


@pytest.mark.parametrize("name", NAMES)
def test_named_query_answers_the_same_on_both_stores(name: str, graph_stores: Any) -> None:
    case = CASES.get(name)
    if case is None:
        pytest.fail(MISSING_CASE.format(names=name))
    stores: dict[str, Store] = graph_stores(case.graph, GRAPHS[case.graph])
    difference = DIFFERENCES.get(name)
    keep_order = ordered(name) and case.after is None
    before = {b: graph_hash(s) for b, s in stores.items()} if writes(name) else None
    answered = False
    for params in case.params:
        results = {b: run(s, name, params, case.after) for b, s in stores.items()}
        compared = {
            b: canonical(difference.normalise(rows) if difference else rows, keep_order) for b, rows in results.items()
        }
        assert compared["ladybug"] == compared["neo4j"], (params, difference.reason if difference else "")
        answered = answered or bool(results["ladybug"])
    assert answered or not case.rows, f"{name}: no parameter set returns rows – choose parameters that do"
    if before is not None:
        assert {b: graph_hash(s) for b, s in stores.items()} == before, f"{name} was not rolled back"
