"""The institutional layer of one voivodeship: institutions, services, ties, partnerships.

Everything is planned for whole powiats and gminas from generators seeded by
(seed, territory code), then filtered to what serves the scope; so a gmina-scale
network is a subset of the powiat-scale one with the same seed.  Counts per
territory follow population (see :mod:`importers.synthetic.geography`) and are
calibrated to the national totals quoted in the issue (≈40,000 institutions,
≈220 CIS, ≈330 KIS, 340 PUPs for 380 powiats).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from graph import model as m
from graph.enums import CooperationKind as CK
from graph.enums import InstitutionType as IT
from graph.enums import PartnershipType as PT
from importers.synthetic.activity import partnership_activity
from importers.synthetic.catalog import (
    COMPETENCES,
    COOP_NAMES,
    DESCRIPTIONS,
    EMPLOYER_NAMES,
    NGO_NAMES,
    SERVICE_COUNT,
    SERVICES,
)
from importers.synthetic.geography import Geography, Gmina, Powiat, Scope, distance2, stable_rng
from importers.synthetic.rows import Rows, keywords_of, new_rows

__all__ = ["Inst", "Layer", "build_voivodeship", "STAMP", "POLAND_POPULATION"]

STAMP = dt.datetime(2026, 1, 15, 9, 0)
POLAND_POPULATION = 37_500_000
_STREETS = (
    "ul. Szkolna",
    "ul. Kościuszki",
    "ul. Mickiewicza",
    "ul. Słowackiego",
    "ul. Kolejowa",
    "ul. Ogrodowa",
    "ul. Lipowa",
    "ul. Polna",
    "ul. Leśna",
    "ul. Sienkiewicza",
    "ul. Wolności",
    "ul. 3 Maja",
    "ul. Długa",
    "ul. Kwiatowa",
    "Rynek",
    "ul. Parkowa",
    "ul. Ogrodowa",
    "ul. Kościelna",
    "ul. Piłsudskiego",
)
_OPS_NAME = {
    "city": "Miejski Ośrodek Pomocy Społecznej",
    "urban": "Miejski Ośrodek Pomocy Społecznej",
    "urban_rural": "Miejsko-Gminny Ośrodek Pomocy Społecznej",
    "rural": "Gminny Ośrodek Pomocy Społecznej",
}


@dataclass(slots=True)
class Inst:
    id: str
    name: str
    type: IT
    gmina: str
    serves: list[str]
    declared: bool = False
    part_of: str | None = None
    size: float = 1.0  # relative size (staff, capacities)


@dataclass
class Layer:
    """Rows of the layer plus the indexes the client generator needs."""

    rows: Rows = field(default_factory=new_rows)
    #: gmina → (id, type) of its OPS or CUS
    home: dict[str, tuple[str, IT]] = field(default_factory=dict)
    #: territory → template key → [(institution id, service id)] available there
    offers: dict[str, dict[str, list[tuple[str, str]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    #: territory → type → institution ids serving it
    serving: dict[str, dict[IT, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    institutions: dict[str, Inst] = field(default_factory=dict)


# ------------------------------------------------------------------ planning


class _Planner:
    def __init__(self, geo: Geography, woj: str, seed: int):
        self.geo = geo
        self.woj = woj
        self.seed = seed
        self.insts: dict[str, Inst] = {}

    def add(self, inst: Inst) -> Inst:
        assert inst.id not in self.insts, inst.id
        self.insts[inst.id] = inst
        return inst

    # --------------------------------------------------------------- helpers
    def seat(self, powiat: Powiat) -> Gmina:
        """The most populous gmina stands in for the powiat's seat."""
        return max((self.geo.gminas[g] for g in powiat.gminas), key=lambda g: (g.population, g.key))

    def weighted_gmina(self, rng: random.Random, powiat: Powiat) -> Gmina:
        gminas = [self.geo.gminas[g] for g in powiat.gminas]
        return rng.choices(gminas, weights=[g.population for g in gminas])[0]

    @staticmethod
    def draw(rng: random.Random, expected: float) -> int:
        """An integer with the given expectation (floor plus a Bernoulli remainder)."""
        whole = math.floor(expected)
        return whole + (1 if rng.random() < expected - whole else 0)

    # --------------------------------------------------------------- levels
    def voivodeship(self) -> None:
        v = self.geo.voivodeships[self.woj]
        powiats = [self.geo.powiats[p] for p in v.powiats]
        capital = max((self.geo.gminas[g] for p in powiats for g in p.gminas), key=lambda g: (g.population, g.key))
        self.add(
            Inst(
                f"syn-rops-{self.woj}",
                f"Regionalny Ośrodek Polityki Społecznej – {capital.name}",
                IT.ROPS,
                capital.key,
                [self.woj],
                size=3,
            )
        )
        self.add(
            Inst(
                f"syn-wup-{self.woj}",
                f"Wojewódzki Urząd Pracy – {capital.name}",
                IT.WUP,
                capital.key,
                [self.woj],
                size=3,
            )
        )
        groups = 3 if len(powiats) >= 9 else 2
        for k in range(groups):
            part = powiats[k::groups]
            seat = max((self.seat(p) for p in part), key=lambda g: (g.population, g.key))
            self.add(
                Inst(
                    f"syn-owes-{self.woj}-{k + 1}",
                    f"Ośrodek Wsparcia Ekonomii Społecznej – subregion {seat.name}",
                    IT.OWES,
                    seat.key,
                    [p.code for p in part],
                    declared=True,
                    size=2,
                )
            )

    def joint_pairs(self) -> dict[str, str]:
        """Land powiat → city powiat whose PUP and police also serve it (about 40 of 65 cities)."""
        rng = stable_rng(self.seed, "joint", self.woj)
        powiats = [self.geo.powiats[p] for p in self.geo.voivodeships[self.woj].powiats]
        land = [p for p in powiats if not p.is_city]
        pairs: dict[str, str] = {}
        for city in (p for p in powiats if p.is_city):
            if city.code == "1465" or not land or rng.random() > 0.62:
                continue
            near = min(land, key=lambda p: (distance2(city.lat, city.lon, p.lat, p.lon), p.code))
            if near.code not in pairs:
                pairs[near.code] = city.code
        return pairs

    def powiat(self, p: Powiat, joint: dict[str, str]) -> None:
        rng = stable_rng(self.seed, "powiat", p.code)
        pop = self.geo.powiat_population(p.code)
        seat = self.seat(p)
        partner = next((land for land, city in joint.items() if city == p.code), None)
        served = [p.code] + ([partner] if partner else [])
        where = p.name if p.is_city else f"powiat {p.name}"
        if not p.is_city:
            self.add(
                Inst(
                    f"syn-pcpr-{p.code}",
                    f"Powiatowe Centrum Pomocy Rodzinie – {where}",
                    IT.PCPR,
                    seat.key,
                    [p.code],
                    size=pop / 80_000,
                )
            )
        if p.code not in joint:
            pup_name = "Powiatowy Urząd Pracy" if not p.is_city or partner else "Miejski Urząd Pracy"
            self.add(
                Inst(
                    f"syn-pup-{p.code}",
                    f"{pup_name} – {where}",
                    IT.PUP,
                    seat.key,
                    served,
                    size=sum(self.geo.powiat_population(c) for c in served) / 90_000,
                )
            )
            police = "Komenda Miejska Policji" if p.is_city else "Komenda Powiatowa Policji"
            self.add(Inst(f"syn-kpp-{p.code}", f"{police} – {where}", IT.POLICE, seat.key, served, size=2))
        if rng.random() < 0.85 or p.is_city:
            self.add(
                Inst(
                    f"syn-sad-{p.code}",
                    f"Zespół Kuratorskiej Służby Sądowej Sądu Rejonowego – {seat.name}",
                    IT.COURT,
                    seat.key,
                    served,
                )
            )
        for k in range(1 + pop // 220_000):
            self.add(
                Inst(
                    f"syn-ppp-{p.code}-{k + 1}",
                    f"Poradnia Psychologiczno-Pedagogiczna nr {k + 1} – {seat.name}",
                    IT.PPP,
                    seat.key,
                    [p.code],
                )
            )
        owner = f"syn-pcpr-{p.code}" if not p.is_city else f"syn-ops-{seat.key}"
        for k in range(max(1, self.draw(rng, pop / 46_000))):
            g = self.weighted_gmina(rng, p)
            self.add(
                Inst(
                    f"syn-dps-{p.code}-{k + 1}",
                    f"Dom Pomocy Społecznej nr {k + 1} – {g.name}",
                    IT.DPS,
                    g.key,
                    [p.code],
                    size=1.5,
                )
            )
        if rng.random() < (0.9 if p.is_city else 0.45):
            oik = self.add(
                Inst(f"syn-oik-{p.code}", f"Ośrodek Interwencji Kryzysowej – {seat.name}", IT.OIK, seat.key, [p.code])
            )
            oik.part_of = owner if rng.random() < 0.6 else None
        for k in range(self.draw(rng, pop / 54_000)):
            g = self.weighted_gmina(rng, p)
            self.add(
                Inst(
                    f"syn-wtz-{p.code}-{k + 1}",
                    f"Warsztat Terapii Zajęciowej – {g.name}",
                    IT.WTZ,
                    g.key,
                    [p.code],
                    declared=True,
                )
            )
        if rng.random() < 0.32:
            self.add(
                Inst(
                    f"syn-zaz-{p.code}",
                    f"Zakład Aktywności Zawodowej – {seat.name}",
                    IT.ZAZ,
                    seat.key,
                    [p.code],
                    declared=True,
                )
            )
        if rng.random() < 0.3:
            self.add(
                Inst(
                    f"syn-sds-{p.code}",
                    f"Powiatowy Środowiskowy Dom Samopomocy – {seat.name}",
                    IT.SDS,
                    seat.key,
                    [p.code],
                )
            )
        for k in range(1 + pop // 150_000):
            self.add(
                Inst(
                    f"syn-szpital-{p.code}-{k + 1}",
                    f"Centrum Zdrowia Psychicznego nr {k + 1} – {seat.name}",
                    IT.HEALTH,
                    seat.key,
                    [p.code],
                )
            )
        # CIS and KIS in national proportions (≈220 and ≈330 for Poland)
        for k in range(self.draw(rng, pop / POLAND_POPULATION * 220)):
            g = self.weighted_gmina(rng, p)
            others = [x for x in p.gminas if x != g.key]
            if partner:  # a city CIS also takes people from the surrounding powiat
                others += self.geo.powiats[partner].gminas
            extra = sorted(rng.sample(others, min(len(others), rng.randint(0, 3))))
            runner = "gminy" if rng.random() < 0.45 else "stowarzyszenia"
            self.add(
                Inst(
                    f"syn-cis-{g.key}-{k + 1}",
                    f"Centrum Integracji Społecznej ({runner}) – {g.name}",
                    IT.CIS,
                    g.key,
                    [g.key, *extra],
                    declared=True,
                    size=1.5,
                )
            )
        for k in range(self.draw(rng, pop / POLAND_POPULATION * 330)):
            g = self.weighted_gmina(rng, p)
            kis = self.add(
                Inst(
                    f"syn-kis-{g.key}-{k + 1}",
                    f"Klub Integracji Społecznej – {g.name}",
                    IT.KIS,
                    g.key,
                    [g.key],
                    declared=True,
                )
            )
            if rng.random() < 0.6:
                kis.part_of = f"syn-ops-{g.key}"
            elif len(p.gminas) > 1 and rng.random() < 0.3:
                kis.serves.append(rng.choice([x for x in p.gminas if x != g.key]))

    def gmina(self, g: Gmina) -> None:
        rng = stable_rng(self.seed, "gmina", g.key)
        pop = g.population
        served = [g.key, g.powiat] if g.city_powiat else [g.key]
        cus = rng.random() < (0.1 if g.size_class == "city" else 0.035)
        if cus:
            name = f"Centrum Usług Społecznych – {g.name}"
        else:
            base = _OPS_NAME[g.size_class]
            if g.size_class == "city" and rng.random() < 0.3:
                base = "Miejski Ośrodek Pomocy Rodzinie"
            name = f"{base} – {g.name}"
        self.add(Inst(f"syn-ops-{g.key}", name, IT.CUS if cus else IT.OPS, g.key, served, size=pop / 8_000))
        self.add(
            Inst(
                f"syn-gkrpa-{g.key}",
                f"Gminna Komisja Rozwiązywania Problemów Alkoholowych – {g.name}",
                IT.GKRPA,
                g.key,
                [g.key],
            )
        )
        for k in range(1 + pop // 80_000):
            kind = "Biblioteka Publiczna" if k == 0 else "Dom Kultury"
            self.add(Inst(f"syn-kultura-{g.key}-{k + 1}", f"{kind} – {g.name}", IT.CULTURE, g.key, [g.key]))
        for k in range(max(1, round(pop / 3_000 * rng.uniform(0.8, 1.2)))):
            kind = (
                "Szkoła Podstawowa"
                if k % 5 < 4
                else rng.choice(("Liceum Ogólnokształcące", "Zespół Szkół Zawodowych", "Szkoła Specjalna"))
            )
            self.add(Inst(f"syn-szkola-{g.key}-{k + 1}", f"{kind} nr {k + 1} – {g.name}", IT.SCHOOL, g.key, [g.key]))
        for k in range(round(pop / 3_300 * rng.uniform(0.5, 1.5))):
            wide = rng.random() < 0.2
            self.add(
                Inst(
                    f"syn-ngo-{g.key}-{k + 1}",
                    f"{rng.choice(NGO_NAMES)} – {g.name}",
                    IT.NGO,
                    g.key,
                    [g.powiat] if wide else [g.key],
                    declared=True,
                )
            )
        posts = (
            pop // 70_000
            if g.size_class == "city"
            else int(rng.random() < {"urban": 0.8, "urban_rural": 0.6, "rural": 0.3}[g.size_class])
        )
        for k in range(posts):
            kind = "Komisariat Policji" if g.size_class != "rural" else "Posterunek Policji"
            post = self.add(Inst(f"syn-policja-{g.key}-{k + 1}", f"{kind} – {g.name}", IT.POLICE, g.key, [g.key]))
            post.part_of = f"syn-kpp-{g.powiat}"  # resolved (or dropped) once joint commands are known
        for k in range(round(pop / 19_000 * rng.uniform(0.5, 1.5))):
            kind = rng.choice(
                (
                    "Poradnia Zdrowia Psychicznego",
                    "Poradnia Leczenia Uzależnień",
                    "Przychodnia Rejonowa",
                    "Zakład Opiekuńczo-Leczniczy",
                )
            )
            self.add(Inst(f"syn-zdrowie-{g.key}-{k + 1}", f"{kind} – {g.name}", IT.HEALTH, g.key, [g.key]))
        if rng.random() < min(0.9, pop / 60_000):
            self.add(Inst(f"syn-sds-{g.key}", f"Środowiskowy Dom Samopomocy – {g.name}", IT.SDS, g.key, [g.key]))
        for k in range(round(pop / 24_000 * rng.uniform(0.3, 1.7))):
            self.add(
                Inst(
                    f"syn-ss-{g.key}-{k + 1}",
                    f"Spółdzielnia Socjalna {rng.choice(COOP_NAMES)} – {g.name}",
                    IT.SOCIAL_COOPERATIVE,
                    g.key,
                    [g.key],
                    declared=True,
                )
            )
        for k in range(round(pop / 26_000 * rng.uniform(0.3, 1.7))):
            self.add(
                Inst(
                    f"syn-pracodawca-{g.key}-{k + 1}",
                    f"{rng.choice(EMPLOYER_NAMES)} – {g.name}",
                    IT.EMPLOYER,
                    g.key,
                    [],
                )
            )


def _plan(geo: Geography, woj: str, seed: int) -> dict[str, Inst]:
    planner = _Planner(geo, woj, seed)
    planner.voivodeship()
    joint = planner.joint_pairs()
    for code in geo.voivodeships[woj].powiats:
        planner.powiat(geo.powiats[code], joint)
    for code in geo.voivodeships[woj].powiats:
        for g in geo.powiats[code].gminas:
            planner.gmina(geo.gminas[g])
    insts = planner.insts
    for inst in insts.values():
        if inst.type is IT.POLICE and inst.part_of and inst.part_of not in insts:
            inst.part_of = f"syn-kpp-{joint[inst.part_of.removeprefix('syn-kpp-')]}"
    return insts


# ------------------------------------------------------------------ rows


def _institution_row(inst: Inst, geo: Geography, rng: random.Random) -> dict:
    g = geo.gminas[inst.gmina]
    lat = round(g.lat + rng.uniform(-0.03, 0.03), 5) if g.lat is not None else None
    lon = round(g.lon + rng.uniform(-0.04, 0.04), 5) if g.lon is not None else None
    slug = inst.id.removeprefix("syn-")
    description = DESCRIPTIONS[inst.type]
    return {
        "id": inst.id,
        "name": inst.name,
        "type": inst.type.value,
        "regon": None,
        "krs": None,
        "nip": None,
        # a KIS works after its entry in the wojewoda's register (art. 18a uzs)
        "register_id": f"KIS/{inst.gmina[:2]}/{slug}" if inst.type is IT.KIS else None,
        "gmina": inst.gmina,
        "street": f"{rng.choice(_STREETS)} {rng.randint(1, 60)}",
        "postal_code": f"{int(inst.gmina[:2]) * 3 + 10 + rng.randint(0, 2):02d}-{rng.randint(0, 999):03d}",
        "city": g.name,
        "lat": lat,
        "lon": lon,
        "phone": None,
        "email": f"sekretariat@{slug}.kooperacja.example",
        "www": f"https://{slug}.kooperacja.example",
        "description": description,
        "source": "synthetic",
        "keywords": keywords_of(inst.name, description, inst.type.label),
        "updated_at": STAMP,
    }


def _services(layer: Layer, inst: Inst, rng: random.Random) -> None:
    templates = SERVICES[inst.type]
    mandatory, low, high = SERVICE_COUNT[inst.type]
    count = min(len(templates), max(mandatory, rng.randint(low, high)))
    chosen = templates[:mandatory] + rng.sample(templates[mandatory:], count - mandatory)
    where = inst.serves or [inst.gmina]
    rows = layer.rows
    for t in chosen:
        sid = f"{inst.id}.{t.key.split('.', 1)[1]}"
        capacity = free = None
        if t.capacity:
            capacity = max(1, int(rng.randint(*t.capacity) * min(3.0, max(0.5, inst.size))))
            free = rng.randint(0, capacity // 5)
        roll = rng.random()
        status = "active" if roll < 0.95 else ("temporarily closed" if roll < 0.98 else "inactive")
        rows[m.Service].append(
            {
                "id": sid,
                "name": t.name,
                "description": t.description,
                "status": status,
                "eligibility": t.eligibility,
                "min_age": t.min_age,
                "max_age": t.max_age,
                "languages": ["pl", "uk"] if "uchodzcy" in t.groups and rng.random() < 0.5 else ["pl"],
                "cost": t.cost,
                "schedule": t.schedule,
                "capacity": capacity,
                "free_places": free,
                "legal_basis": t.legal_basis,
                "url": None,
                "email": None,
                "keywords": keywords_of(t.name, t.description, t.eligibility),
                "updated_at": STAMP,
            }
        )
        rows[m.Offers].append({"src": inst.id, "dst": sid})
        rows[m.InCategory].extend({"src": sid, "dst": c} for c in t.categories)
        rows[m.ForGroup].extend({"src": sid, "dst": gr} for gr in t.groups)
        rows[m.AvailableIn].extend({"src": sid, "dst": code} for code in where)
        if status == "active":
            for code in where:
                layer.offers[code][t.key].append((inst.id, sid))


def _competences(layer: Layer, inst: Inst, rng: random.Random) -> None:
    options = COMPETENCES[inst.type]
    chosen = options[:1] + [c for c in options[1:] if rng.random() < 0.5]
    for comp, low, high in chosen:
        staff = max(low, min(high * 3, round(rng.randint(low, high) * (inst.size if comp == "praca-socjalna" else 1))))
        layer.rows[m.HasCompetence].append({"src": inst.id, "dst": comp, "staff": staff})


# --------------------------------------------------------------- cooperation

# (type of the OPS partner, probability, kind) for ties of the OPS/CUS with local institutions
_OPS_TIES: dict[IT, tuple[float, CK]] = {
    IT.GKRPA: (0.95, CK.INFORMATION),
    IT.POLICE: (0.9, CK.INFORMATION),
    IT.SCHOOL: (0.5, CK.INFORMATION),
    IT.HEALTH: (0.6, CK.REFERRALS),
    IT.NGO: (0.45, CK.CONTRACTING),
    IT.CULTURE: (0.35, CK.JOINT_PROJECT),
    IT.SOCIAL_COOPERATIVE: (0.5, CK.CONTRACTING),
    IT.SDS: (0.9, CK.REFERRALS),
    IT.DPS: (0.8, CK.REFERRALS),
    IT.CIS: (0.95, CK.REFERRALS),
    IT.KIS: (0.95, CK.REFERRALS),
    IT.EMPLOYER: (0.15, CK.INFORMATION),
    IT.PCPR: (0.9, CK.INFORMATION),
    IT.PUP: (0.9, CK.AGREEMENT),
    IT.COURT: (0.5, CK.INFORMATION),
    IT.PPP: (0.5, CK.INFORMATION),
    IT.OIK: (0.7, CK.REFERRALS),
    IT.WTZ: (0.5, CK.REFERRALS),
    IT.ZAZ: (0.3, CK.INFORMATION),
    IT.OWES: (0.2, CK.INFORMATION),
    IT.ROPS: (0.25, CK.INFORMATION),
}
# other cross-sector pairs: (from type, to type, probability per pair in reach, kind)
_OTHER_TIES: list[tuple[IT, IT, float, CK]] = [
    (IT.SCHOOL, IT.POLICE, 0.3, CK.INFORMATION),
    (IT.SCHOOL, IT.PPP, 0.5, CK.REFERRALS),
    (IT.NGO, IT.SCHOOL, 0.1, CK.JOINT_PROJECT),
    (IT.GKRPA, IT.HEALTH, 0.5, CK.REFERRALS),
    (IT.POLICE, IT.GKRPA, 0.4, CK.INFORMATION),
    (IT.CIS, IT.SOCIAL_COOPERATIVE, 0.5, CK.JOINT_PROJECT),
    (IT.CIS, IT.EMPLOYER, 0.4, CK.JOINT_PROJECT),
    (IT.PUP, IT.CIS, 0.8, CK.REFERRALS),
    (IT.PUP, IT.KIS, 0.5, CK.REFERRALS),
    (IT.PUP, IT.EMPLOYER, 0.3, CK.AGREEMENT),
    (IT.PCPR, IT.DPS, 0.8, CK.REFERRALS),
    (IT.PCPR, IT.OIK, 0.9, CK.REFERRALS),
    (IT.PCPR, IT.WTZ, 0.8, CK.CONTRACTING),
    (IT.PCPR, IT.PPP, 0.5, CK.INFORMATION),
    (IT.COURT, IT.NGO, 0.08, CK.REFERRALS),
    (IT.HEALTH, IT.SDS, 0.4, CK.REFERRALS),
    (IT.OWES, IT.SOCIAL_COOPERATIVE, 0.6, CK.INFORMATION),
    (IT.OWES, IT.CIS, 0.5, CK.JOINT_PROJECT),
    (IT.ROPS, IT.OWES, 0.9, CK.JOINT_PROJECT),
    (IT.WUP, IT.PUP, 1.0, CK.INFORMATION),
    (IT.ROPS, IT.PCPR, 0.4, CK.INFORMATION),
    (IT.NGO, IT.NGO, 0.05, CK.JOINT_PROJECT),
]


def _reach(inst: Inst, geo: Geography) -> set[str]:
    """Gminas an institution works in: its own, the ones it serves, all of served powiats."""
    out = {inst.gmina}
    for code in inst.serves:
        if len(code) == 6:
            out.add(code)
        elif len(code) == 4:
            out.update(geo.powiats[code].gminas)
    return out


def _ties(layer: Layer, geo: Geography, insts: dict[str, Inst], gminas: list[str], seed: int) -> None:
    by_gmina: dict[str, list[Inst]] = defaultdict(list)
    for inst in insts.values():
        if inst.type is IT.ROPS or inst.type is IT.WUP:
            continue  # regional bodies tie in through the explicit pairs below
        for g in sorted(_reach(inst, geo)):
            by_gmina[g].append(inst)
    seen: set[tuple[str, str]] = set()
    ties = layer.rows[m.CooperatesWith]

    def tie(rng: random.Random, a: str, b: str, kind: CK) -> None:
        if a == b or (a, b) in seen or (b, a) in seen:
            return
        seen.add((a, b))
        since = dt.date(rng.randint(2005, 2025), rng.randint(1, 12), 1)
        rating = rng.randint(1, 4) if rng.random() < 0.8 else None
        ties.append({"src": a, "dst": b, "kind": kind.value, "since": since, "rating": rating})

    for g in gminas:
        rng = stable_rng(seed, "ties", g)
        home = layer.home.get(g)
        local = by_gmina.get(g, [])
        by_type: dict[IT, list[Inst]] = defaultdict(list)
        for inst in local:
            by_type[inst.type].append(inst)
        if home:
            for inst in local:
                p_kind = _OPS_TIES.get(inst.type)
                if p_kind and rng.random() < p_kind[0]:
                    tie(rng, home[0], inst.id, p_kind[1])
        for src_type, dst_type, p, kind in _OTHER_TIES:
            for a in by_type.get(src_type, ()):
                for b in by_type.get(dst_type, ()):
                    if rng.random() < p / (1 + 0.05 * len(by_type[dst_type])):
                        tie(rng, a.id, b.id, kind)
    # regional pairs
    for inst in insts.values():
        if inst.type in (IT.ROPS, IT.WUP):
            rng = stable_rng(seed, "regional", inst.id)
            for other in insts.values():
                for src_type, dst_type, p, kind in _OTHER_TIES:
                    if src_type is inst.type and other.type is dst_type and rng.random() < p:
                        tie(rng, inst.id, other.id, kind)
            if inst.type is IT.ROPS:
                for g in gminas:
                    if g in layer.home and rng.random() < 0.05:
                        tie(rng, inst.id, layer.home[g][0], CK.INFORMATION)


def _pick(rng: random.Random, pool: list[Inst], gmina: str, members: dict[str, str], n: int, p: float) -> None:
    """Add up to ``n`` members from ``pool`` (local ones first), each with probability ``p``."""
    for inst in sorted(pool, key=lambda i: (i.gmina != gmina, i.id))[:n]:
        if rng.random() < p and inst.id not in members:
            members[inst.id] = "członek"


def _partnerships(layer: Layer, geo: Geography, insts: dict[str, Inst], gminas: list[str], seed: int) -> None:
    by_gmina: dict[str, dict[IT, list[Inst]]] = defaultdict(lambda: defaultdict(list))
    for inst in insts.values():
        for g in _reach(inst, geo):
            by_gmina[g][inst.type].append(inst)
    rows = layer.rows
    for g in gminas:
        if g not in layer.home:
            continue
        gm = geo.gminas[g]
        rng = stable_rng(seed, "partnerships", g)
        local = by_gmina[g]
        ops = layer.home[g][0]
        members: dict[str, str] = {ops: "przewodniczący" if rng.random() < 0.6 else "członek"}

        for t, n, p in (
            (IT.POLICE, 1, 1.0),
            (IT.GKRPA, 1, 1.0),
            (IT.SCHOOL, rng.randint(1, 2), 1.0),
            (IT.HEALTH, 1, 1.0),
            (IT.COURT, 1, 0.7),
            (IT.NGO, 1, 0.5),
            (IT.PCPR, 1, 0.3),
            (IT.OIK, 1, 0.4),
        ):
            _pick(rng, local.get(t, []), g, members, n, p)
        pid = f"syn-zi-{g}"
        signed = dt.date(rng.choice((2023, 2024, 2025)), rng.randint(1, 12), 1)
        rows[m.Partnership].append(
            {
                "id": pid,
                "name": f"Zespół Interdyscyplinarny – {gm.name}",
                "type": PT.INTERDISCIPLINARY_TEAM.value,
                "legal_basis": "art. 9a ustawy o przeciwdziałaniu przemocy domowej",
                "signed": signed,
            }
        )
        rows[m.MemberOf].extend({"src": i, "dst": pid, "role": r} for i, r in members.items())
        rows[m.Covers].append({"src": pid, "dst": g})
        # agreement on prace społecznie użyteczne (gmina + PUP; the OPS lists the eligible)
        pups = local.get(IT.PUP, [])
        if pups and rng.random() < 0.45:
            aid = f"syn-psu-{g}"
            rows[m.Partnership].append(
                {
                    "id": aid,
                    "name": f"Porozumienie w sprawie prac społecznie użytecznych – {gm.name}",
                    "type": PT.AGREEMENT.value,
                    "legal_basis": "ustawa o rynku pracy i służbach zatrudnienia",
                    "signed": dt.date(rng.randint(2018, 2025), 1, 31),
                }
            )
            rows[m.MemberOf].extend(
                [
                    {"src": ops, "dst": aid, "role": "strona (gmina)"},
                    {"src": pups[0].id, "dst": aid, "role": "strona (starosta)"},
                ]
            )
            rows[m.Covers].append({"src": aid, "dst": g})
        # Partnerski Zespół Kooperacji in some gminas (model kooperacji by gmina type)
        if rng.random() < 0.05:
            model = {"rural": "Liderzy kooperacji", "urban_rural": "Kooperacja – efektywna i skuteczna"}.get(
                gm.size_class, "Kooperacje 3D"
            )
            kid = f"syn-pzk-{g}"
            rows[m.Partnership].append(
                {
                    "id": kid,
                    "name": f"Partnerski Zespół Kooperacji – {gm.name}",
                    "type": PT.COOPERATION_TEAM.value,
                    "legal_basis": f"model kooperacji (projekt „{model}”)",
                    "signed": dt.date(rng.randint(2019, 2025), rng.randint(1, 12), 1),
                }
            )
            team = {ops: "koordynator"}
            for t in (IT.PUP, IT.PCPR, IT.CIS, IT.KIS, IT.NGO, IT.SCHOOL, IT.HEALTH, IT.PPP, IT.CULTURE):
                for inst in sorted(local.get(t, []), key=lambda i: i.id)[:1]:
                    if rng.random() < 0.7:
                        team.setdefault(inst.id, "partner")
            rows[m.MemberOf].extend({"src": i, "dst": kid, "role": r} for i, r in team.items())
            rows[m.Covers].append({"src": kid, "dst": g})
            if gm.size_class == "rural" and rng.random() < 0.5:
                rows[m.Covers].append({"src": kid, "dst": gm.powiat})


# ------------------------------------------------------------------ entry point


def build_voivodeship(geo: Geography, woj: str, scope: Scope, seed: int) -> Layer:
    """The institutional layer of voivodeship ``woj`` restricted to ``scope``."""
    planned = _plan(geo, woj, seed)
    territories = scope.territories
    scope_gminas = [g for g in scope.gminas if g[:2] == woj]
    in_scope = set(scope_gminas)
    kept = {i.id: i for i in planned.values() if i.gmina in in_scope or any(t in territories for t in i.serves)}
    layer = Layer(institutions=kept)
    rows = layer.rows
    for inst in kept.values():
        rng = stable_rng(seed, "inst", inst.id)
        rows[m.Institution].append(_institution_row(inst, geo, rng))
        rows[m.LocatedIn].append({"src": inst.id, "dst": inst.gmina})
        rows[m.Serves].extend({"src": inst.id, "dst": t, "declared": inst.declared} for t in inst.serves)
        if inst.part_of and inst.part_of in kept:
            rows[m.PartOf].append({"src": inst.id, "dst": inst.part_of})
        _services(layer, inst, rng)
        _competences(layer, inst, rng)
        for t in inst.serves or [inst.gmina]:
            layer.serving[t][inst.type].append(inst.id)
        if inst.type in (IT.OPS, IT.CUS):
            layer.home[inst.gmina] = (inst.id, inst.type)
    _ties(layer, geo, kept, scope_gminas, seed)
    _partnerships(layer, geo, kept, scope_gminas, seed)
    partnership_activity(rows, seed)
    return layer
