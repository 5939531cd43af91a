"""Shared pieces of the store tests: a database per test (SQLite file, or a PostgreSQL database created and dropped),
and a small fictional corpus of three events told by three outlets each (written for these tests)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

PG_HOST = os.environ.get("NEWSWEAVE_TEST_PG", "127.0.0.1:5432")
PG_USERS = ("postgres", "root")


def postgres_admin() -> tuple[str, object] | tuple[None, str]:
    """(user, an autocommit psycopg connection to the `test` database), or (None, why not)."""
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed"
    host, _, port = PG_HOST.partition(":")
    reasons = []
    for user in PG_USERS:
        try:
            conn = psycopg.connect(host=host, port=int(port or 5432), user=user, dbname="test", autocommit=True,
                                   connect_timeout=3)
            return user, conn
        except psycopg.Error as exc:
            reasons.append(f"{user}: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}")
    return None, f"no PostgreSQL server usable at {PG_HOST} ({'; '.join(reasons)})"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database for one test: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    yield from _postgres_database()


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _postgres_database()


def _postgres_database() -> Iterator[str]:
    user, admin = postgres_admin()
    if user is None:
        pytest.skip(str(admin))
    name = f"newsweave_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{user}@{PG_HOST}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def article(aid: str, source: str, title: str, text: str, published: str | None = None) -> dict:
    record = {"id": aid, "source": source, "title": title, "text": text}
    if published:
        record["published"] = published
    return record


FERRY = [
    article(
        "ferry-harbour-post", "Harbour Post", "Skerra ferry suspended after storm wrecks pier",
        "The ferry service between Port Alder and the island of Skerra was suspended on Thursday after a storm "
        "damaged the main pier.\n\nOfficials said repairs would take at least two weeks and that a temporary landing "
        "stage was being considered.\n\nThe harbour master said no one was injured when a section of the pier "
        "collapsed into the water late on Wednesday night.",
        "2024-03-07",
    ),
    article(
        "ferry-island-voice", "Island Voice", "Storm damage halts Port Alder to Skerra ferries",
        "Ferries from Port Alder to Skerra will not run for at least a fortnight after Wednesday's storm tore away "
        "part of the main pier, the island council said.\n\nA temporary landing stage is being considered while the "
        "pier is repaired.\n\nNobody was hurt when the pier section fell into the sea, according to the harbour "
        "master, who called the damage the worst in thirty years.",
        "2024-03-07",
    ),
    article(
        "ferry-coast-daily", "Coast Daily", "Skerra cut off as storm-hit pier closes ferry route",
        "Islanders on Skerra face two weeks without a ferry to Port Alder after a storm battered the main pier on "
        "Wednesday night.\n\nThe operator suspended all sailings on Thursday morning.\n\nEngineers are assessing "
        "whether a temporary landing stage can be built, and the harbour master confirmed there were no injuries.",
        "2024-03-08",
    ),
]
TRAM = [
    article(
        "tram-harbour-post", "Harbour Post", "Brennick council approves airport tram line",
        "Brennick city council voted 31 to 12 on Tuesday to build a tram line linking the central station to the "
        "airport.\n\nThe eleven-kilometre line is expected to cost 420 million euros and open in 2029.\n\nCouncillor "
        "Mara Velden, who led the project, said the tram would take 9,000 cars a day off the ring road.",
        "2024-03-05",
    ),
    article(
        "tram-metro-herald", "Metro Herald", "Airport tram for Brennick gets green light",
        "Councillors in Brennick approved plans for an airport tram on Tuesday by 31 votes to 12.\n\nThe 420 million "
        "euro line will run eleven kilometres from the central station and should open in 2029.\n\nMara Velden, the "
        "councillor behind the plan, said it would remove 9,000 cars a day from the ring road.",
        "2024-03-05",
    ),
    article(
        "tram-coast-daily", "Coast Daily", "Brennick votes for 420m euro tram to the airport",
        "Brennick will get a tram to its airport after the city council backed the 420 million euro project on "
        "Tuesday.\n\nThe vote was 31 to 12.\n\nWork on the eleven-kilometre line from the central station is due to "
        "start next year, with the first trams running in 2029, councillor Mara Velden said.",
        "2024-03-06",
    ),
]
FIRE = [
    article(
        "fire-metro-herald", "Metro Herald", "Wildfire forces 2,000 to flee Ostrava Ridge",
        "About 2,000 residents of Ostrava Ridge were evacuated on Saturday as a wildfire spread through the pine "
        "forest north of the town.\n\nFirefighters from four districts and two water-bombing aircraft were fighting "
        "the blaze.\n\nFire chief Tomas Brink said strong winds were pushing the flames towards the reservoir.",
        "2024-03-09",
    ),
    article(
        "fire-island-voice", "Island Voice", "Ostrava Ridge evacuated as forest fire spreads",
        "Some 2,000 people left their homes in Ostrava Ridge on Saturday as a forest fire advanced through the pines "
        "north of the town.\n\nTwo water-bombing planes and crews from four districts were deployed, fire chief Tomas "
        "Brink said.\n\nHe warned that strong winds were driving the fire towards the reservoir.",
        "2024-03-09",
    ),
    article(
        "fire-harbour-post", "Harbour Post", "Winds drive Ostrava Ridge wildfire towards reservoir",
        "A wildfire north of Ostrava Ridge forced the evacuation of about 2,000 residents on Saturday.\n\nFire chief "
        "Tomas Brink said crews from four districts, helped by two water-bombing aircraft, were struggling against "
        "strong winds.\n\nThe flames were moving through pine forest towards the town's reservoir.",
        "2024-03-10",
    ),
]
EVENTS = {"ferry": FERRY, "tram": TRAM, "fire": FIRE}
CORPUS = [*FERRY, *TRAM, *FIRE]


def test_the_corpus_has_three_events_of_three_outlets():
    assert {len(v) for v in EVENTS.values()} == {3}
    assert len({a["id"] for a in CORPUS}) == 9
    for event in EVENTS.values():
        assert len({a["source"] for a in event}) == 3
