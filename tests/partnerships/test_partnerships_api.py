"""A coordinator runs a partnership end to end through GraphQL, on both stores (issue 14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.security import Role
from tests.clients.fixtures import Api

CREATE = """mutation($name: String!, $doc: String) {
  createPartnership(name: $name, type: COOPERATION_TEAM, foundingDocument: $doc, signed: "2025-01-10") {
    id name typeLabel coordinatorId foundingDocument members { institutionId role status since }
  }
}"""
INVITE = """mutation($p: ID!, $i: ID!) { inviteToPartnership(partnershipId: $p, institutionId: $i, role: "członek") { status statusLabel } }"""
ACCEPT = """mutation($p: ID!) { acceptPartnershipInvitation(partnershipId: $p) { status since } }"""
JOIN = """mutation($p: ID!) { requestToJoinPartnership(partnershipId: $p) { status } }"""
APPROVE = (
    """mutation($p: ID!, $i: ID!) { approvePartnershipRequest(partnershipId: $p, institutionId: $i) { status } }"""
)
LEAVE = """mutation($p: ID!, $u: Date!) { leavePartnership(partnershipId: $p, until: $u) { status until } }"""
MEETING = """mutation($p: ID!, $d: Date!, $a: [ID!]!, $agenda: String!, $decisions: String!) {
  recordPartnershipMeeting(partnershipId: $p, heldOn: $d, attendeeIds: $a, agenda: $agenda, decisions: $decisions) {
    id heldOn attendeeIds agenda decisions
  }
}"""
TASK = """mutation($p: ID!, $r: ID!, $due: Date) {
  savePlanTask(partnershipId: $p, goal: "Aktywizacja zawodowa", title: "Wspólny nabór do CIS", responsibleId: $r, due: $due) {
    id status overdue
  }
}"""
STATUS = """mutation($t: ID!) { setPlanTaskStatus(taskId: $t, status: DONE) { status statusLabel doneOn overdue } }"""
PLAN = """query($p: ID!) { partnershipPlan(partnershipId: $p) { total done overdue shareDone tasks { title overdue responsibleId } } }"""
MEETINGS = """query($p: ID!) { partnershipMeetings(partnershipId: $p) { agenda attendeeIds } }"""
ROUND = """mutation($p: ID!, $d: Date!) { openSurveyRound(partnershipId: $p, openedOn: $d) }"""
RATE = """mutation($p: ID!, $r: ID!, $to: ID!, $x: PartnerRatingInput!) {
  ratePartner(partnershipId: $p, roundId: $r, partnerId: $to, rating: $x)
}"""
SCORES = """query($p: ID!, $r: ID) { partnershipScores(partnershipId: $p, roundId: $r) {
  roundId trust value trustPercent reciprocity trustChange previousRoundId
  institutions { institutionId trust value raters trustChange }
  ties { raterId rateeId trust value }
} }"""
LIST = """query($i: ID) { partnerships(institutionId: $i) { id name members { institutionId status } } }"""


def ok(api: Api, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    status, body = api.gql(query, variables, token)
    assert status == 200 and "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def refused(api: Api, query: str, variables: dict[str, Any], token: str | None) -> dict[str, Any]:
    _, body = api.gql(query, variables, token)
    assert body.get("errors"), body
    return body["errors"][0]  # type: ignore[no-any-return]


def test_coordinator_runs_a_partnership_end_to_end(api: Api) -> None:
    lider = api.token(Role.COORDINATOR, "cus-lubicz", ("041504",))
    pup_admin = api.token(Role.INSTITUTION_ADMIN, "pup-torun")
    kis_admin = api.token(Role.INSTITUTION_ADMIN, "kis-lubicz")
    outsider = api.token(Role.INSTITUTION_ADMIN, "gops-obrowo")

    created = ok(api, CREATE, {"name": "PZK Lubicz", "doc": "Porozumienie nr 1/2025"}, lider)["createPartnership"]
    pid = created["id"]
    assert created["typeLabel"] == "Partnerski Zespół Kooperacji" and created["coordinatorId"] == "cus-lubicz"
    assert created["members"] == [
        {"institutionId": "cus-lubicz", "role": "koordynator", "status": "ACTIVE", "since": "2025-01-10"}
    ]

    # invite → the member institution's admin accepts; join request → the coordinator approves
    assert ok(api, INVITE, {"p": pid, "i": "pup-torun"}, lider)["inviteToPartnership"] == {
        "status": "INVITED",
        "statusLabel": "zaproszona",
    }
    assert refused(api, INVITE, {"p": pid, "i": "ngo-seniorzy"}, outsider)["extensions"]["code"] == "FORBIDDEN"
    assert ok(api, ACCEPT, {"p": pid}, pup_admin)["acceptPartnershipInvitation"]["status"] == "ACTIVE"
    assert refused(api, ACCEPT, {"p": pid}, kis_admin)["extensions"]["code"] == "NOT_FOUND"  # no invitation
    assert ok(api, JOIN, {"p": pid}, kis_admin)["requestToJoinPartnership"]["status"] == "REQUESTED"
    assert ok(api, APPROVE, {"p": pid, "i": "kis-lubicz"}, lider)["approvePartnershipRequest"]["status"] == "ACTIVE"
    listed = ok(api, LIST, {"i": "pup-torun"}, lider)["partnerships"]
    assert any(
        p["id"] == pid and {m["institutionId"] for m in p["members"]} == {"cus-lubicz", "pup-torun", "kis-lubicz"}
        for p in listed
    )

    # a meeting: no client data (a PESEL-like string is refused and nothing is written)
    today = dt.date.today()  # memberships accepted now start today; the meeting is held after that
    meeting = {
        "p": pid,
        "d": today.isoformat(),
        "a": ["cus-lubicz", "pup-torun"],
        "agenda": "Plan działania 2025",
        "decisions": "Nabór do CIS w marcu",
    }
    assert ok(api, MEETING, meeting, lider)["recordPartnershipMeeting"]["attendeeIds"] == ["cus-lubicz", "pup-torun"]
    err = refused(api, MEETING, {**meeting, "decisions": "Pan K., PESEL 850101 12345, do CIS"}, lider)
    assert "PESEL" in err["message"] and "85010112345" not in str(err) and "850101 12345" not in str(err)
    assert [m["agenda"] for m in ok(api, MEETINGS, {"p": pid}, pup_admin)["partnershipMeetings"]] == [
        "Plan działania 2025"
    ]
    assert refused(api, MEETINGS, {"p": pid}, outsider)["extensions"]["code"] == "NOT_FOUND"

    # the action plan: an overdue task is visible to the coordinator; the responsible member closes it
    task = ok(api, TASK, {"p": pid, "r": "pup-torun", "due": "2025-02-01"}, lider)["savePlanTask"]
    assert task["overdue"] is True
    ok(api, TASK, {"p": pid, "r": "kis-lubicz", "due": None}, lider)
    plan = ok(api, PLAN, {"p": pid}, lider)["partnershipPlan"]
    assert (plan["total"], plan["done"], plan["overdue"]) == (2, 0, 1)
    assert refused(api, STATUS, {"t": task["id"]}, kis_admin)["extensions"]["code"] == "FORBIDDEN"
    assert ok(api, STATUS, {"t": task["id"]}, pup_admin)["setPlanTaskStatus"]["status"] == "DONE"
    plan = ok(api, PLAN, {"p": pid}, lider)["partnershipPlan"]
    assert (plan["done"], plan["overdue"], plan["shareDone"]) == (1, 0, 0.5)

    # two survey rounds of PARTNER trust and value
    r1 = ok(api, ROUND, {"p": pid, "d": "2025-03-01"}, lider)["openSurveyRound"]
    high = {"reliability": 4, "mission": 4, "openness": 3, "influence": 3, "involvement": 2, "resources": 1}
    ok(api, RATE, {"p": pid, "r": r1, "to": "pup-torun", "x": high}, lider)
    ok(api, RATE, {"p": pid, "r": r1, "to": "cus-lubicz", "x": {**high, "reliability": 1}}, pup_admin)
    ok(api, RATE, {"p": pid, "r": r1, "to": "pup-torun", "x": {**high, "mission": 1}}, kis_admin)
    bad = refused(api, RATE, {"p": pid, "r": r1, "to": "pup-torun", "x": {**high, "openness": 5}}, kis_admin)
    assert "openness" in bad["message"]
    s1 = ok(api, SCORES, {"p": pid, "r": r1}, lider)["partnershipScores"]
    pup = next(i for i in s1["institutions"] if i["institutionId"] == "pup-torun")
    # tie trust = mean of the three trust items: (4+4+3)/3 and (4+1+3)/3; the institution's = mean of its ties
    assert pup["raters"] == 2 and abs(pup["trust"] - round(((11 / 3) + (8 / 3)) / 2, 3)) < 1e-3
    assert abs(s1["value"] - 2.0) < 1e-9  # every tie (3+2+1)/3
    assert s1["reciprocity"] == 0.5  # cus↔pup both ways, kis→pup one way
    assert s1["trustPercent"] == round(s1["trust"] / 4 * 100, 1)
    r2 = ok(api, ROUND, {"p": pid, "d": "2025-09-01"}, lider)["openSurveyRound"]
    ok(api, RATE, {"p": pid, "r": r2, "to": "pup-torun", "x": {**high, "openness": 4}}, lider)
    s2 = ok(api, SCORES, {"p": pid, "r": None}, lider)["partnershipScores"]
    assert s2["roundId"] == r2 and s2["previousRoundId"] == r1
    pup2 = next(i for i in s2["institutions"] if i["institutionId"] == "pup-torun")
    assert abs(pup2["trustChange"] - round(4.0 - pup["trust"], 3)) < 1e-3
    assert refused(api, SCORES, {"p": pid, "r": None}, outsider)["extensions"]["code"] == "NOT_FOUND"

    # a member leaves; its history stays
    until = (today + dt.timedelta(days=30)).isoformat()
    assert ok(api, LEAVE, {"p": pid, "u": until}, kis_admin)["leavePartnership"] == {"status": "LEFT", "until": until}
    # a meeting before the partnership existed cannot list a member who joined later
    early = {**meeting, "d": "2024-06-01"}
    assert refused(api, MEETING, early, lider)["extensions"]["fields"][0]["field"] == "attendees"


def test_anonymous_callers_run_nothing(api: Api) -> None:
    err = refused(api, CREATE, {"name": "X", "doc": None}, None)
    assert err["extensions"]["code"] == "UNAUTHENTICATED"
    assert refused(api, MEETINGS, {"p": "zi-lubicz"}, None)["extensions"]["code"] == "UNAUTHENTICATED"
    # membership is directory data: readable like the directory
    _, body = api.gql(LIST, {"i": "cus-lubicz"})
    assert "errors" not in body and any(p["id"] == "zi-lubicz" for p in body["data"]["partnerships"])
