"""The pipeline as Dask tasks gives the brief a single process gives, and says clearly when it cannot run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import EXIT_NO_CLUSTER, app
from newsweave.pipeline import NoArticlesError, brief
from newsweave.scale import ClusterUnavailableError, brief_on_dask, connect
from newsweave.scale.dask import _batched

distributed = pytest.importorskip("distributed")

# A second, unrelated event, as records (the first comes from files), so that the run has two stories.
LIBRARY_FIRE = [
    {
        "id": f"fire-{outlet}",
        "source": outlet.title(),
        "published": "2025-06-02",
        "title": title,
        "text": text,
    }
    for outlet, title, text in [
        (
            "brackley gazette",
            "Fire guts Brackley town library",
            "A fire destroyed most of the Brackley town library overnight on Sunday, the fire service said. Forty "
            "firefighters fought the blaze for six hours. Nobody was hurt. The cause is not yet known, chief fire "
            "officer Wen Adair said, but an electrical fault in the reading room is being looked at.",
        ),
        (
            "vale radio",
            "Brackley library destroyed in overnight blaze",
            "Brackley's town library was almost completely destroyed by a fire on Sunday night. Around forty "
            "firefighters spent six hours bringing the flames under control, and no one was injured. Chief fire "
            "officer Wen Adair said investigators would examine the reading room, where the fire is thought to "
            "have started.",
        ),
        (
            "county echo",
            "Library fire: Brackley counts the cost",
            "Brackley is counting the cost after fire tore through the town library late on Sunday. Six hours and "
            "forty firefighters were needed to put it out; nobody was hurt. The council said the local history "
            "archive, kept in the basement, may have survived.",
        ),
    ]
]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """One worker thread in this process: tasks still go through the scheduler, serialised, one at a time."""
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture
def folder(tmp_path: Path, examples_dir: Path) -> Path:
    """The example corpus, plus inputs that must be skipped by name."""
    corpus = tmp_path / "corpus"
    shutil.copytree(examples_dir, corpus)
    (corpus / "broken.html").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    return corpus


def test_a_cluster_run_gives_the_same_brief_as_one_process(client, folder: Path) -> None:
    inputs = [folder, *LIBRARY_FIRE]
    on_cluster = brief_on_dask(inputs, client, chunk=2)  # small chunks: many tasks of each kind
    assert on_cluster.to_json() == brief(inputs).to_json()
    assert len(on_cluster.stories) == 2
    assert {a.id for a in on_cluster.articles} >= {r["id"] for r in LIBRARY_FIRE}
    assert sorted(Path(s.path).name for s in on_cluster.skipped) == ["broken.html", "empty.txt"]


def test_no_usable_input_fails_as_a_single_run_does(client, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(NoArticlesError) as raised:
        brief_on_dask([tmp_path], client)
    assert [Path(s.path).name for s in raised.value.skipped] == ["empty.txt"]


def test_an_unreachable_scheduler_is_named_in_the_error() -> None:
    with pytest.raises(ClusterUnavailableError, match=r"tcp://127\.0\.0\.1:9"), connect("tcp://127.0.0.1:9", 1.0):
        pass


@pytest.mark.parametrize("address", ["local:0", "local:many"])
def test_a_bad_local_worker_count_exits_with_its_own_code(address: str, examples_dir: Path) -> None:
    result = CliRunner().invoke(app, ["brief", str(examples_dir), "--dask", address, "-q"])
    assert result.exit_code == EXIT_NO_CLUSTER
    assert "local:N" in result.output


def test_outlets_are_batched_whole_and_in_order() -> None:
    assert _batched([[0, 1], [2], [3, 4, 5], [6]], 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert _batched([[0, 1, 2, 3], [4]], 3) == [[0, 1, 2, 3], [4]]  # an outlet larger than a batch stays whole


@pytest.mark.slow
def test_worker_processes_give_the_same_json(folder: Path) -> None:
    """Real worker processes (each loads its own models), through the command line."""
    on_cluster = CliRunner().invoke(app, ["brief", str(folder), "--dask", "local:2", "-q", "-f", "json"])
    single = CliRunner().invoke(app, ["brief", str(folder), "-q", "-f", "json"])
    assert on_cluster.exit_code == 0 and on_cluster.stdout == single.stdout
