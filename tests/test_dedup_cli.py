"""`samverkan dedup ... --json`, merge, split, undo through the command line on a real SQLite file."""
from __future__ import annotations

import json

from click.testing import CliRunner

from samverkan.cli import main

from dedup_fixtures import build_db, dump


def test_dedup_json_shape_and_actions(tmp_path):
    db = tmp_path / "cli.db"
    engine, _, ids = build_db(db)
    start = dump(engine)
    runner = CliRunner()
    for kind in ("documents", "agreements", "persons"):
        result = runner.invoke(main, ["dedup", kind, "--db", str(db), "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert list(data) == ["clusters"]
        for cluster in data["clusters"]:
            assert set(cluster) == {"members", "score", "reasons"}
            assert len(cluster["members"]) >= 2 and 0 <= cluster["score"] <= 1
            assert all(isinstance(r, str) for r in cluster["reasons"]) and cluster["reasons"]
    persons = json.loads(runner.invoke(main, ["dedup", "persons", "--db", str(db), "--json"]).output)
    assert [c["members"] for c in persons["clusters"]] == [ids["persons"][:2]]
    text = runner.invoke(main, ["dedup", "agreements", "--db", str(db), "--threshold", "0.5"])
    assert "candidate pairs" in text.output

    a, b = ids["persons"][:2]
    out = runner.invoke(main, ["merge", str(a), str(b), "--entity", "persons", "--reason", "same", "--by", "reg", "--db", str(db)])
    assert out.exit_code == 0 and "merged persons" in out.output
    # after the merge the persons are one canonical record: no duplicate left to propose
    assert json.loads(runner.invoke(main, ["dedup", "persons", "--db", str(db), "--json"]).output) == {"clusters": []}
    again = runner.invoke(main, ["merge", str(a), str(b), "--entity", "persons", "--reason", "same", "--db", str(db)])
    assert again.exit_code == 2 and "already one record" in again.output
    out = runner.invoke(main, ["split", str(a), "--entity", "persons", "--document", str(ids["docs"][2]),
                               "--reason", "namesake", "--db", str(db)])
    assert out.exit_code == 0 and "new record" in out.output, out.output
    listing = runner.invoke(main, ["undo", "--list", "--db", str(db)])
    assert "merge" in listing.output and "split" in listing.output and "reg" in listing.output
    assert runner.invoke(main, ["undo", "--db", str(db)]).exit_code == 0
    assert runner.invoke(main, ["undo", "--db", str(db), "--reason", "test"]).exit_code == 0
    assert dump(engine) == start
    nothing = runner.invoke(main, ["undo", "--db", str(db)])
    assert nothing.exit_code == 2 and "nothing to undo" in nothing.output
