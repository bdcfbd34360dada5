"""One fully populated sample of every model entity, forming a consistent mini-graph."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph import model as m

T0 = dt.datetime(2026, 3, 1, 10, 30, 15)


def sample_nodes() -> dict[type[m.Node], list[Any]]:
    return {
        m.Territory: [
            m.Territory(
                teryt="04",
                level="voivodeship",
                name="kujawsko-pomorskie",
                kind="województwo",
                lat=53.07,
                lon=18.49,
                stan_na=dt.date(2025, 1, 1),
            ),
            m.Territory(teryt="0415", level="powiat", name="toruński", kind="powiat"),
            m.Territory(
                teryt="041505",
                level="gmina",
                name="Łubianka",
                rodz="2",
                kind="gmina wiejska",
                lat=53.139,
                lon=18.4872,
                stan_na=dt.date(2025, 1, 1),
            ),
        ],
        m.Institution: [
            m.Institution(
                id="i-ops",
                name="Gminny Ośrodek Pomocy Społecznej w Łubiance",
                type="OPS",
                regon="871118843",
                nip="8792301234",
                krs=None,
                register_id="rjps:123",
                gmina="041505",
                street="ul. Wolności 1",
                postal_code="87-152",
                city="Łubianka",
                lat=53.14,
                lon=18.49,
                phone="56 678 00 00",
                email="gops@example.pl",
                www="https://gops.example.pl",
                description="Pomoc społeczna",
                source="test",
                updated_at=T0,
                valid_from=dt.date(2020, 1, 1),
            ),
            m.Institution(id="i-cis", name="Centrum Integracji Społecznej", type="CIS", krs="0000123456"),
        ],
        m.Service: [
            m.Service(
                id="s-cis",
                name="Reintegracja zawodowa",
                description="Warsztaty",
                status="active",
                eligibility="osoby długotrwale bezrobotne",
                min_age=18,
                max_age=64,
                languages=["pl", "uk"],
                cost="bezpłatnie",
                schedule="pn–pt 8–16",
                capacity=40,
                free_places=3,
                legal_basis="ustawa o zatrudnieniu socjalnym",
                url="https://cis.example.pl",
                email="cis@example.pl",
                updated_at=T0,
            ),
        ],
        m.ServiceCategory: [
            m.ServiceCategory(
                id="reintegracja-zawodowa",
                name="Reintegracja zawodowa (CIS)",
                parent="reintegracja",
                taxonomy="kooperacja",
            )
        ],
        m.TargetGroup: [m.TargetGroup(id="dlugotrwale-bezrobotni", name="osoby długotrwale bezrobotne")],
        m.Competence: [m.Competence(id="praca-socjalna", name="praca socjalna")],
        m.Partnership: [
            m.Partnership(
                id="p-zi",
                name="Zespół Interdyscyplinarny w Łubiance",
                type="ZESPOL_INTERDYSCYPLINARNY",
                legal_basis="art. 9a",
                signed=dt.date(2024, 1, 2),
            )
        ],
        m.Client: [
            m.Client(
                id="cl-0123456789abcdef",
                birth_year_band="1980-1989",
                sex="F",
                target_groups=["dlugotrwale-bezrobotni"],
                pesel_hash="a" * 64,
                registered_at=T0,
            )
        ],
        m.Consent: [
            m.Consent(
                id="cs-1",
                basis="uzs_art12",
                purpose="skierowanie do CIS",
                scope=["target_groups", "referral"],
                granted_at=T0,
                valid_until=dt.date(2027, 1, 1),
                withdrawn_at=None,
            )
        ],
        m.Referral: [
            m.Referral(
                id="rf-1",
                status="accepted",
                step="ipzs",
                basis="uzs_art12",
                created_at=T0,
                updated_at=T0 + dt.timedelta(days=2),
                closed_at=None,
                outcome=None,
            )
        ],
        m.Plan: [
            m.Plan(
                id="pl-1",
                type="KONTRAKT_SOCJALNY",
                status="active",
                starts_on=dt.date(2026, 3, 1),
                ends_on=dt.date(2026, 9, 1),
                goals=["aktywizacja zawodowa", "terapia"],
            )
        ],
        m.Occupancy: [
            m.Occupancy(
                id="s-cis@2026-03-31",
                service="s-cis",
                institution="i-cis",
                register_name="dps-test",
                as_of=dt.date(2026, 3, 31),
                places=20,
                residents=18,
                free_places=2,
                waiting=None,
            )
        ],
        m.SearchKey: [m.SearchKey(term="reintegracja"), m.SearchKey(term="=reintegracja_zawodowy")],
        m.Meeting: [
            m.Meeting(
                id="mt-1",
                partnership="p-zi",
                held_on=dt.date(2026, 2, 10),
                attendees=["i-ops", "i-cis"],
                agenda="Plan działania na 2026 r.",
                decisions="Przyjęto plan działania.",
            )
        ],
        m.PlanTask: [
            m.PlanTask(
                id="pt-1",
                partnership="p-zi",
                goal="Aktywizacja zawodowa",
                title="Warsztaty w CIS",
                responsible="i-cis",
                due=dt.date(2026, 6, 30),
                status="done",
                done_on=dt.date(2026, 6, 1),
            )
        ],
        m.SurveyRound: [
            m.SurveyRound(
                id="p-zi@2026-04-01", partnership="p-zi", opened_on=dt.date(2026, 4, 1), closes_on=dt.date(2026, 4, 30)
            )
        ],
        m.PartnerRating: [
            m.PartnerRating(
                id="p-zi@2026-04-01:i-ops>i-cis",
                partnership="p-zi",
                round="p-zi@2026-04-01",
                rater="i-ops",
                ratee="i-cis",
                reliability=4,
                mission=3,
                openness=3,
                influence=2,
                involvement=4,
                resources=1,
            )
        ],
    }


def sample_rels() -> dict[type[m.Rel], list[Any]]:
    return {
        m.Within: [m.Within(src="041505", dst="0415"), m.Within(src="0415", dst="04")],
        m.LocatedIn: [m.LocatedIn(src="i-ops", dst="041505")],
        m.Serves: [
            m.Serves(src="i-ops", dst="041505", declared=False),
            m.Serves(src="i-cis", dst="0415", declared=True),
        ],
        m.PartOf: [m.PartOf(src="i-cis", dst="i-ops")],
        m.Offers: [m.Offers(src="i-cis", dst="s-cis")],
        m.InCategory: [m.InCategory(src="s-cis", dst="reintegracja-zawodowa")],
        m.ForGroup: [m.ForGroup(src="s-cis", dst="dlugotrwale-bezrobotni")],
        m.AvailableIn: [m.AvailableIn(src="s-cis", dst="0415")],
        m.HasCompetence: [m.HasCompetence(src="i-ops", dst="praca-socjalna", staff=3)],
        m.MemberOf: [
            m.MemberOf(src="i-ops", dst="p-zi", role="przewodniczący", status="active", since=dt.date(2024, 1, 2)),
            m.MemberOf(src="i-cis", dst="p-zi", status="left", since=dt.date(2024, 1, 2), until=dt.date(2025, 12, 31)),
        ],
        m.Covers: [m.Covers(src="p-zi", dst="041505")],
        m.CooperatesWith: [
            m.CooperatesWith(src="i-ops", dst="i-cis", kind="referrals", since=dt.date(2020, 1, 1), rating=4)
        ],
        m.RegisteredAt: [m.RegisteredAt(src="cl-0123456789abcdef", dst="i-ops")],
        m.ConsentOf: [m.ConsentOf(src="cs-1", dst="cl-0123456789abcdef")],
        m.ConsentFor: [m.ConsentFor(src="cs-1", dst="i-cis")],
        m.ForClient: [m.ForClient(src="rf-1", dst="cl-0123456789abcdef")],
        m.SentBy: [m.SentBy(src="rf-1", dst="i-ops")],
        m.SentTo: [m.SentTo(src="rf-1", dst="i-cis")],
        m.ForService: [m.ForService(src="rf-1", dst="s-cis")],
        m.PlanFor: [m.PlanFor(src="pl-1", dst="cl-0123456789abcdef")],
        m.ResponsibleFor: [m.ResponsibleFor(src="pl-1", dst="i-ops")],
        m.ParticipatesIn: [m.ParticipatesIn(src="i-cis", dst="pl-1", role="partner")],
        # the writer re-derives INDEXES from the service's texts: these are two of its own rows for s-cis
        m.Indexes: [
            m.Indexes(src="reintegracja", dst="s-cis", w=5, field="name"),
            m.Indexes(src="=reintegracja_zawodowy", dst="s-cis", w=5, field="name"),
        ],
    }
