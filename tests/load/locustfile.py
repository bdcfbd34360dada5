"""Loopback load test of the API: caseworkers, coordinators and the public, a read/write mix.

Run by ``kooperacja bench load`` (which starts the app on 127.0.0.1 with the
demo network and creates the accounts listed in ``KOOPERACJA_LOAD_USERS``), or
by hand against a loopback host only::

    locust -f tests/load/locustfile.py --headless -u 50 -r 10 -t 60s -H http://127.0.0.1:8000

Tasks (weights): a caseworker reads the inbox with client details (5), lists
clients and opens one (4), looks up a service in the public directory (3),
registers a client and drafts a referral for it (1); a coordinator reads the
suppressed statistics.  A GraphQL response with ``errors`` counts as a failure.
"""

from __future__ import annotations

import json
import os
import random
import urllib.parse
from typing import Any

from locust import HttpUser, between, events, task

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@events.init.add_listener
def _loopback_only(environment: Any, **_kwargs: Any) -> None:
    host = urllib.parse.urlparse(environment.host or "").hostname
    if host not in _LOOPBACK:
        raise SystemExit(f"load tests target loopback only, not {host!r}")


def _accounts() -> dict[str, list[dict[str, str]]]:
    path = os.environ.get("KOOPERACJA_LOAD_USERS")
    if not path:
        raise SystemExit("KOOPERACJA_LOAD_USERS must name the accounts file written by `kooperacja bench load`")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


INBOX = """{ inbox(direction: INCOMING, limit: 20) { id status createdAt allowedTransitions
  client { id targetGroups } } }"""
CLIENTS = "{ clients(limit: 20) { id targetGroups } }"
CLIENT = "query($id: ID!) { client(id: $id) { id birthYearBand referrals { id status receiverInstitutionId } plans { id type status } } }"
DIRECTORY = "query($id: ID!) { institution(id: $id) { id name } }"
REGISTER = (
    'mutation { registerClient(input: {birthYearBand: "1980-1989", targetGroups: ["bezdomni"]}) { client { id } } }'
)
REFER = """mutation($c: ID!) { createReferral(input: {clientId: $c, toInstitutionId: "cis-torun",
  serviceId: "cis-torun.reintegracja", basis: CIS_REFERRAL}) { id status } }"""
STATS = 'query { clientStatistics(territory: "04", year: 2025) { totals { publishedTotal suppressedCells } } }'
# Art. 12 ust. 5 uzs: a CIS takes residents of the gminas that run or fund it, and a client
# registered by an OPS lives in that OPS's gmina – so only Toruń's caseworkers refer to CIS Toruń;
# the others register clients only (still a write).
REFERS_TO_CIS_TORUN = {"mopr-torun"}
INSTITUTIONS = ["mopr-torun", "cis-torun", "pup-torun", "kis-lubicz", "gops-obrowo", "pcpr-torun"]


class _GraphQLUser(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    role = "caseworker"
    token = ""
    institution = ""

    def on_start(self) -> None:
        account = random.choice(_accounts()[self.role])
        self.institution = account.get("institution", "")
        r = self.client.post(
            "/auth/token", data={"username": account["username"], "password": account["password"]}, name="/auth/token"
        )
        self.token = r.json()["access_token"]

    def gql(self, name: str, query: str, variables: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        with self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            name=f"graphql:{name}",
            catch_response=True,
        ) as response:
            body = response.json() if response.status_code == 200 else {}
            if response.status_code != 200 or body.get("errors"):
                response.failure(f"{response.status_code} {[e.get('message') for e in body.get('errors', [])]}")
                return None
            response.success()
            return body["data"]


class Caseworker(_GraphQLUser):
    weight = 8
    role = "caseworker"

    @task(5)
    def inbox(self) -> None:
        self.gql("inbox", INBOX)

    @task(4)
    def clients(self) -> None:
        data = self.gql("clients", CLIENTS)
        if data and data["clients"]:
            self.gql("client", CLIENT, {"id": random.choice(data["clients"])["id"]})

    @task(3)
    def directory(self) -> None:
        self.gql("directory", DIRECTORY, {"id": random.choice(INSTITUTIONS)})

    @task(1)
    def register_and_refer(self) -> None:
        data = self.gql("registerClient", REGISTER)
        if data and data["registerClient"] and self.institution in REFERS_TO_CIS_TORUN:
            self.gql("createReferral", REFER, {"c": data["registerClient"]["client"]["id"]})


class Coordinator(_GraphQLUser):
    weight = 1
    role = "coordinator"

    @task
    def statistics(self) -> None:
        self.gql("clientStatistics", STATS)


class Public(_GraphQLUser):
    weight = 1
    role = "public"

    def on_start(self) -> None:
        self.token = ""

    @task
    def directory(self) -> None:
        self.gql("directory", DIRECTORY, {"id": random.choice(INSTITUTIONS)})
