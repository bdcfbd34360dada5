"""The notebooks run top to bottom on the embedded store (so they cannot rot) and are committed without outputs.

On the demo network, and on a synthetic network: a synthetic powiat generated
here, or a larger graph when ``KOOPERACJA_NB_SYNTHETIC_GRAPH`` (a LadybugDB
directory made by ``kooperacja generate --scale voivodeship``) and
``KOOPERACJA_NB_SYNTHETIC_TERYT`` name one.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from gapkit import load_demo_into
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

from graph.store.ladybug_store import LadybugStore

ALLOWED_IMPORTS = {"os", "IPython", "graph", "queries"}
NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def _kernel(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The ``python3`` kernel, registered for this interpreter in a temporary prefix if missing."""
    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        prefix = tmp_path_factory.mktemp("kernels")
        install(prefix=str(prefix), kernel_name="python3")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            [str(prefix / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
        )
    return "python3"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nb-demo") / "db"
    store = LadybugStore(path)
    store.init_schema()
    load_demo_into(store)
    store.close()  # the kernel process opens it
    return path


def test_there_are_at_least_three_notebooks_without_outputs() -> None:
    assert len(NOTEBOOKS) >= 3
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has output cells"
                for line in cell.source.splitlines():
                    words = line.split()
                    if words and words[0] in ("import", "from"):
                        # notebooks use the library only (plus os and IPython display)
                        assert words[1].split(".")[0] in ALLOWED_IMPORTS, f"{path.name}: {line}"


def _execute(path: Path, kernel: str, cwd: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name=kernel, resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"ladybug-{p.stem}")
def test_notebook_runs_on_demo(
    path: Path, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch.setenv("KOOPERACJA_GRAPH", str(demo_db))
    monkeypatch.setenv("KOOPERACJA_NB_TERYT", "0415")
    monkeypatch.setenv("KOOPERACJA_NB_PERIOD", "2025")
    nb = _execute(path, _kernel(tmp_path_factory), tmp_path)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "toruński (0415), 2025-01-01 – 2025-12-31: 24 instytucji" in text
    # every notebook shows at least one chart or table
    assert any("image/png" in o.get("data", {}) or "text/html" in o.get("data", {}) for o in outputs)


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(LadybugDB directory, TERYT code): the one named by the environment, else a synthetic powiat made here."""
    graph, teryt = os.environ.get("KOOPERACJA_NB_SYNTHETIC_GRAPH"), os.environ.get("KOOPERACJA_NB_SYNTHETIC_TERYT")
    if graph and teryt:
        return graph, teryt
    from importers.synthetic.generator import Options, generate

    path = tmp_path_factory.mktemp("nb-synthetic") / "db"
    store = LadybugStore(path)
    try:
        store.init_schema()
        generate(store, Options(scale="powiat", territory="1206", seed=7))  # powiat krakowski
    finally:
        store.close()
    return str(path), "1206"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"ladybug-synthetic-{p.stem}")
def test_notebook_runs_on_a_synthetic_network(
    path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    synthetic_graph: tuple[str, str],
) -> None:
    graph, teryt = synthetic_graph
    monkeypatch.setenv("KOOPERACJA_GRAPH", graph)
    monkeypatch.setenv("KOOPERACJA_NB_TERYT", teryt)
    nb = _execute(path, _kernel(tmp_path_factory), tmp_path)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
