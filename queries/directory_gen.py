"""Writes the directory's search and list queries (``queries/cypher/directory_{search,count}_*``).

The search queries come in variants that share their text: restricted to given
institutions (``_in``, a territory) or over the whole graph, the latter without text as
``directory_browse_*`` (no keyword UNWIND, no aggregation over every row); with list filters
(``_filtered``: categories, target groups, competences – each an EXISTS
subquery, which LadybugDB evaluates as a join over the whole relationship table
even when its flag switches it off) or without; a page or a count.  Writing
them from one template keeps the filters identical; the files are committed
and ``tests/api/test_directory_queries.py`` fails when they differ from this
module's output.  Regenerate with ``python -m queries.directory_gen``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["render", "write"]

DIR = Path(__file__).with_name("cypher")

_HAVERSINE = """CASE WHEN i.lat IS NULL OR i.lon IS NULL THEN 100000.0
          ELSE 12742.0 * asin(sqrt(
              sin(radians(i.lat - $lat) / 2) * sin(radians(i.lat - $lat) / 2)
              + cos(radians($lat)) * cos(radians(i.lat)) * sin(radians(i.lon - $lon) / 2) * sin(radians(i.lon - $lon) / 2)))
     END AS km"""
_TIER = "CASE WHEN i.id IN $tier0 THEN 0 WHEN i.id IN $tier1 THEN 1 WHEN i.id IN $tier2 THEN 2 ELSE 3 END AS tier"

_NOTES = """// Keys ($keys): one row per (query word, key) with the key's weight (lemma 3 > surface 2 >
// prefix 1); a row matches when at least $minTerms words match.  Negation is written 0.0 - x:
// LadybugDB 0.22 sorts -0.0 before every negative number.  Only the institution ids filter the
// first MATCH: LadybugDB pushes other predicates down to a scan of every service (10x slower),
// so they come after the aggregation.
"""

_SERVICE_NOTES = """// Keys ($keys: key, w, unit; $terms: the distinct keys): each query unit – a thesaurus concept or a word – brings its keys
// (the typed expression w 1.0, a synonym 0.9, a spelling variant 0.8); a service's unit weight is
// the best key weight times the field weight stored on INDEXES (name 5 … competence 1).  A row
// matches when any unit matches; with $coordinate (all words wanted) more matched units rank
// first, so services lacking a word fill the page after those having all.  The keys a page's
// services matched (the explanation) come from directory_search_hits.  Negation is written 0.0 - x: LadybugDB 0.22 sorts -0.0 before every negative number.
"""

_LIST_NOTES = """// Filters: $catAny (any of), $catAll1..3 (each must hold; '' = unused), $catNone (none of);
// a parent category covers its children; target groups likewise ($grp…); $competences (any of).
"""


def _list_filters(cat_path: str, grp_path: str) -> str:
    def cond(path: str, var: str, param: str, parent: bool, op: str) -> str:
        test = f"{var}.id {op} ${param}" + (f" OR {var}.parent {op} ${param}" if parent else "")
        return f"EXISTS {{ MATCH {path} WHERE {test} }}"

    out = [
        "  AND ($anyCompetence OR EXISTS { MATCH (i)-[:HAVE_COMPETENCE]->(cp:Competence) WHERE cp.id IN $competences })"
    ]
    for kind, path, var, parent in (("cat", cat_path, "c", True), ("grp", grp_path, "g", False)):
        out.append(f"  AND (${kind}AnyOff OR {cond(path, var, kind + 'Any', parent, 'IN')})")
        for n in (1, 2, 3):
            out.append(f"  AND (${kind}All{n} = '' OR {cond(path, var, f'{kind}All{n}', parent, '=')})")
        out.append(f"  AND (${kind}NoneOff OR NOT {cond(path, var, kind + 'None', parent, 'IN')})")
    return "\n".join(out) + "\n"


def _services(restricted: bool, filtered: bool) -> str:
    # Keys first: the query's keys ($terms) pick SearchKey nodes, then their INDEXES links; the
    # services no key reaches are never read (no scan of every service, on either store).
    # ``t.term IN $terms`` rather than ``UNWIND $keys … {term: k.key}``: LadybugDB 0.22 plans the
    # latter as a join over the whole INDEXES table (53 ms against 1.6 ms at voivodeship scale);
    # Neo4j seeks the SearchKey uniqueness index either way.
    # Over the whole graph without list filters the institution is joined after the page is cut
    # (_late_page): joining thousands of matches first cost LadybugDB more than the sort.
    where = "WHERE i.id IN $ids\n  AND " if restricted else "WHERE "
    join = "MATCH (i:Institution)-[:OFFERS]->(s)\n" if restricted or filtered else ""
    text = f"""MATCH (t:SearchKey)-[r:INDEXES]->(s:Service)
WHERE t.term IN $terms
UNWIND $keys AS k
WITH s, r, k, t.term AS term WHERE k.key = term
WITH s, k.unit AS unit, max(r.w * k.w) AS w
WITH s, count(unit) AS matched, sum(w) AS score
{join}{where}($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
{_current(bool(join))}"""
    if filtered:
        text += _list_filters("(s)-[:IN_CATEGORY]->(c:ServiceCategory)", "(s)-[:FOR_GROUP]->(g:TargetGroup)")
    return text


def _current(joined: bool) -> str:
    """Retired homes and services (``valid_to`` set by register editions) are hidden from search.

    Without the institution joined (the late-page variant) its retirement is tested per
    matched service, so the page cut and the count see the same services.
    """
    if joined:
        return "  AND i.valid_to IS NULL AND s.valid_to IS NULL\n"
    return (
        "  AND s.valid_to IS NULL\n"
        "  AND NOT EXISTS { MATCH (ri:Institution)-[:OFFERS]->(s) WHERE ri.valid_to IS NOT NULL }\n"
    )


def _services_browse(filtered: bool, restricted: bool = False) -> str:
    # no text: no keyword UNWIND and no aggregation (over the whole graph, or the scope's institutions)
    where = "WHERE i.id IN $ids\n  AND " if restricted else "WHERE "
    text = f"""MATCH (i:Institution)-[:OFFERS]->(s:Service)
{where}($openOnly = false OR (s.status = 'active' AND coalesce(s.free_places, 1) > 0))
{_current(True)}"""
    if filtered:
        text += _list_filters("(s)-[:IN_CATEGORY]->(c:ServiceCategory)", "(s)-[:FOR_GROUP]->(g:TargetGroup)")
    return text + "WITH i, s, 0 AS matched, 0.0 AS score\n"


def _institutions_browse(filtered: bool) -> str:
    text = """MATCH (i:Institution)
WHERE ($anyType OR i.type IN $types)
  AND i.valid_to IS NULL
"""
    if filtered:
        text += _list_filters(
            "(i)-[:OFFERS]->(:Service)-[:IN_CATEGORY]->(c:ServiceCategory)",
            "(i)-[:OFFERS]->(:Service)-[:FOR_GROUP]->(g:TargetGroup)",
        )
    return text + "WITH i, 0 AS matched, 0 AS score\n"


def _institutions(restricted: bool, filtered: bool) -> str:
    where = "WHERE i.id IN $ids\n" if restricted else ""
    text = f"""MATCH (i:Institution)
{where}UNWIND $keys AS k
WITH i, k WHERE $anyText OR k.key IN i.keywords
WITH i, k.term AS term, max(k.w) AS w
WITH i, count(term) AS matched, sum(w) AS score
WHERE matched >= $minTerms
  AND ($anyType OR i.type IN $types)
  AND i.valid_to IS NULL
"""
    if filtered:
        text += _list_filters(
            "(i)-[:OFFERS]->(:Service)-[:IN_CATEGORY]->(c:ServiceCategory)",
            "(i)-[:OFFERS]->(:Service)-[:FOR_GROUP]->(g:TargetGroup)",
        )
    return text


def _service_page(restricted: bool, text: bool = True) -> str:
    # relevance: more matched query units first (x1000, when $coordinate), then – for a territory –
    # competent institutions before merely near ones (+100), then the weighted score (< 100), ties by distance
    hits = ""  # the matched keys of a page come from directory_search_hits (carrying them here costs)
    if restricted:
        return f"""WITH i, s, matched, score{hits},
     {_TIER},
     {_HAVERSINE}
WITH i, s, matched, score{hits}, tier, km,
     CASE $sort WHEN 'relevance' THEN 0.0 - (CASE WHEN $coordinate THEN matched * 1000.0 ELSE 0.0 END
                                             + CASE WHEN tier < 3 THEN 100.0 ELSE 0.0 END + score)
                WHEN 'free_places' THEN 0.0 - coalesce(s.free_places, -1)
                WHEN 'distance' THEN km ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN s.name ELSE '' END AS t1
WITH i, s, matched, score{hits}, tier, km, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN s.id AS id, i.id AS institution, score, matched, tier, km{hits}
ORDER BY n1, t1r DESC, t1, tier, km, s.name, s.id
SKIP $skip LIMIT $limit
"""
    return f"""WITH i, s, matched, score{hits},
     CASE $sort WHEN 'relevance' THEN 0.0 - (CASE WHEN $coordinate THEN matched * 1000.0 ELSE 0.0 END + score)
                WHEN 'free_places' THEN 0.0 - coalesce(s.free_places, -1)
                ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN s.name ELSE '' END AS t1
WITH i, s, matched, score{hits}, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN s.id AS id, i.id AS institution, score, matched{hits}
ORDER BY n1, t1r DESC, t1, s.name, s.id
SKIP $skip LIMIT $limit
"""


def _late_page() -> str:
    """The page of a whole-graph search without list filters: sort and cut, then join the institution."""
    return """WITH s, matched, score,
     CASE $sort WHEN 'relevance' THEN 0.0 - (CASE WHEN $coordinate THEN matched * 1000.0 ELSE 0.0 END + score)
                WHEN 'free_places' THEN 0.0 - coalesce(s.free_places, -1)
                ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN s.name ELSE '' END AS t1
WITH s, matched, score, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
ORDER BY n1, t1r DESC, t1, s.name, s.id
SKIP $skip LIMIT $limit
MATCH (i:Institution)-[:OFFERS]->(s)
RETURN s.id AS id, i.id AS institution, score, matched, n1, t1, t1r, s.name AS name
ORDER BY n1, t1r DESC, t1, name, id
"""


def _institution_page(restricted: bool) -> str:
    if restricted:
        return f"""WITH i, matched, score,
     {_TIER},
     {_HAVERSINE}
WITH i, matched, score, tier, km,
     CASE $sort WHEN 'relevance' THEN 0.0 - score WHEN 'distance' THEN km ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN i.name WHEN 'type' THEN i.type WHEN 'city' THEN coalesce(i.city, '') ELSE '' END AS t1
WITH i, matched, score, tier, km, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN i.id AS id, score, matched, tier, km, i.keywords AS keywords
ORDER BY n1, t1r DESC, t1, tier, km, i.name, i.id
SKIP $skip LIMIT $limit
"""
    return """WITH i, matched, score,
     CASE $sort WHEN 'relevance' THEN 0.0 - score ELSE 0.0 END AS n1,
     CASE $sort WHEN 'name' THEN i.name WHEN 'type' THEN i.type WHEN 'city' THEN coalesce(i.city, '') ELSE '' END AS t1
WITH i, matched, score, t1,
     CASE WHEN $reverse THEN 0.0 - n1 ELSE n1 END AS n1,
     CASE WHEN $reverse THEN t1 ELSE '' END AS t1r
RETURN i.id AS id, score, matched, i.keywords AS keywords
ORDER BY n1, t1r DESC, t1, i.name, i.id
SKIP $skip LIMIT $limit
"""


def _header(what: str, restricted: bool, filtered: bool, count: bool) -> str:
    where = (
        "among the given institutions ($ids: those competent for a territory or near it)"
        if restricted
        else "over the whole graph"
    )
    lists = "with category / target-group / competence filters" if filtered else "without list filters"
    if count:
        head = f"// Directory {what}: the number of matches (all pages), {where}, {lists}.\n"
    else:
        rank = (
            (
                "ranked by matched units, competent before near, keyword score, territorial tier ($tier0 own\n"
                "// territory, $tier1 powiat or a unit inside, $tier2 voivodeship, else distance only), then distance\n"
                "// from ($lat, $lon)"
                if what == "service search"
                else "ranked by keyword score, territorial tier ($tier0 own territory, $tier1 powiat or a unit\n"
                "// inside, $tier2 voivodeship, else distance only), then distance from ($lat, $lon)"
            )
            if restricted
            else "ranked by keyword score"
        )
        head = f"// Directory {what}: one page {where}, {lists};\n// {rank}; allow-listed sort ($sort, $reverse).\n"
    notes = _SERVICE_NOTES if what == "service search" else _NOTES
    return head + notes + (_LIST_NOTES if filtered else "")


def _browse_header(what: str, filtered: bool, count: bool, restricted: bool = False) -> str:
    lists = "with category / target-group / competence filters" if filtered else "without list filters"
    body = "the number of matches (all pages)" if count else "one page in an allow-listed order ($sort, $reverse)"
    where = (
        "without text, among the given institutions ($ids: a territory's competent and near ones)"
        if restricted
        else "without text or territory (browsing the whole graph)"
    )
    return (
        f"// Directory {what} {where}, {lists}:\n// {body}.\n"
        "// No keyword UNWIND and no aggregation: over every row those cost more than the filters.\n"
        + (_LIST_NOTES if filtered else "")
    )


def render() -> dict[str, str]:
    """File name (without ``.cypher``) → text of every generated query."""
    out: dict[str, str] = {}
    for restricted in (False, True):
        for filtered in (False, True):
            suffix = ("_filtered" if filtered else "") + ("_in" if restricted else "")
            svc = _services(restricted, filtered)
            inst = _institutions(restricted, filtered)
            late = not restricted and not filtered
            page = _late_page() if late else _service_page(restricted)
            out[f"directory_search_services{suffix}"] = (
                _header("service search", restricted, filtered, False) + svc + page
            )
            # a count joins the institution too: the page lists only services some institution offers
            counted = svc + ("MATCH (i:Institution)-[:OFFERS]->(s)\n" if late else "")
            out[f"directory_count_services{suffix}"] = (
                _header("service search", restricted, filtered, True) + counted + "RETURN count(*) AS n\n"
            )
            out[f"directory_institutions{suffix}"] = (
                _header("institution list", restricted, filtered, False) + inst + _institution_page(restricted)
            )
            out[f"directory_count_institutions{suffix}"] = (
                _header("institution list", restricted, filtered, True) + inst + "RETURN count(*) AS n\n"
            )
    for filtered in (False, True):
        suffix = "_filtered" if filtered else ""
        svc, inst = _services_browse(filtered), _institutions_browse(filtered)
        out[f"directory_browse_services{suffix}"] = (
            _browse_header("service search", filtered, False) + svc + _service_page(False, text=False)
        )
        out[f"directory_count_browse_services{suffix}"] = (
            _browse_header("service search", filtered, True) + svc + "RETURN count(*) AS n\n"
        )
        scoped = _services_browse(filtered, restricted=True)
        out[f"directory_browse_services{suffix}_in"] = (
            _browse_header("service search", filtered, False, restricted=True)
            + scoped
            + _service_page(True, text=False)
        )
        out[f"directory_count_browse_services{suffix}_in"] = (
            _browse_header("service search", filtered, True, restricted=True) + scoped + "RETURN count(*) AS n\n"
        )
        out[f"directory_browse_institutions{suffix}"] = (
            _browse_header("institution list", filtered, False) + inst + _institution_page(False)
        )
        out[f"directory_count_browse_institutions{suffix}"] = (
            _browse_header("institution list", filtered, True) + inst + "RETURN count(*) AS n\n"
        )
    return out


def write(directory: Path = DIR) -> list[Path]:
    paths = []
    for name, text in render().items():
        path = directory / f"{name}.cypher"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write():
        print(p)
