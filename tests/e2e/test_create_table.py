"""`training-tracker create-table` and the seed's `scripts/create_dynamodb_table.py`, run as
processes against moto_server. Independent runs go side by side to keep start-up costs down."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.conftest import REPO, Moto, clean_env, executable, one_line, run_concurrently

KEY_SCHEMA = [
    {"AttributeName": "PK", "KeyType": "HASH"},
    {"AttributeName": "SK", "KeyType": "RANGE"},
]
FOREIGN_KEY_SCHEMA = [{"AttributeName": "id", "KeyType": "HASH"}]

Results = dict[str, subprocess.CompletedProcess[str]]


def _env(moto: Moto, table: str) -> dict[str, str]:
    return clean_env(DYNAMODB_TABLE_NAME=table, DYNAMODB_ENDPOINT=moto.endpoint)


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return one_line(result.stdout + result.stderr)


@pytest.fixture(scope="module")
def runs(moto: Moto, tmp_path_factory: pytest.TempPathFactory) -> Results:
    """Every run of this module, in two rounds: first creations, then the same again."""
    cwd = tmp_path_factory.mktemp("create-table")
    cli = [executable("training-tracker"), "create-table"]
    script = [sys.executable, str(REPO / "scripts" / "create_dynamodb_table.py")]
    moto.client().create_table(
        TableName="e2e-foreign",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=FOREIGN_KEY_SCHEMA,
        BillingMode="PAY_PER_REQUEST",
    )
    # Two rounds of independent runs side by side: creations, then the same table again.
    # (The script is three lines around the same command, so one run of it is enough.)
    first_round = {
        "cli": (cli, _env(moto, "e2e-cli")),
        "script": (script, _env(moto, "e2e-script")),
        "foreign": (cli, _env(moto, "e2e-foreign")),
    }
    second_round = {
        "cli again": (cli, _env(moto, "e2e-cli")),
        "provisioned": (
            [*cli, "--billing-mode", "PROVISIONED", "--capacity", "3"],
            _env(moto, "e2e-provisioned"),
        ),
    }
    results: Results = {}
    for round_ in (first_round, second_round):
        done = run_concurrently(list(round_.values()), cwd)
        results.update(zip(round_, done, strict=True))
    return results


def test_create_table_creates_the_designed_table(runs: Results, moto: Moto) -> None:
    result = runs["cli"]
    assert result.returncode == 0, _output(result)
    assert "DynamoDB table 'e2e-cli' at " + moto.endpoint in _output(result)
    assert "created and ACTIVE" in _output(result)

    description = moto.client().describe_table(TableName="e2e-cli")["Table"]
    assert description["TableStatus"] == "ACTIVE"
    assert description["KeySchema"] == KEY_SCHEMA
    indexes = {i["IndexName"]: i for i in description["GlobalSecondaryIndexes"]}
    assert sorted(indexes) == ["GSI1", "GSI2"]
    assert indexes["GSI1"]["KeySchema"][0] == {"AttributeName": "GSI1PK", "KeyType": "HASH"}
    assert indexes["GSI2"]["KeySchema"][1] == {"AttributeName": "GSI2SK", "KeyType": "RANGE"}
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_create_table_again_says_it_already_exists(runs: Results, moto: Moto) -> None:
    result = runs["cli again"]
    assert result.returncode == 0, _output(result)
    assert "already exists with the expected schema" in _output(result)
    assert "created" not in _output(result)
    # Creating the table wrote no items (no example data unless asked).
    assert moto.client().scan(TableName="e2e-cli")["Count"] == 0


def test_create_table_refuses_a_table_with_another_schema(runs: Results, moto: Moto) -> None:
    result = runs["foreign"]
    assert result.returncode != 0
    output = _output(result)
    assert "table 'e2e-foreign' exists with a different schema" in output
    assert "index GSI1 is missing" in output
    assert "Traceback" not in output
    # The foreign table is left as it was.
    description = moto.client().describe_table(TableName="e2e-foreign")["Table"]
    assert description["KeySchema"] == FOREIGN_KEY_SCHEMA
    assert not description.get("GlobalSecondaryIndexes")


def test_seed_script_behaves_like_the_cli(runs: Results, moto: Moto) -> None:
    result = runs["script"]
    assert result.returncode == 0, _output(result)
    assert "DynamoDB table 'e2e-script' at " + moto.endpoint in _output(result)
    assert "created and ACTIVE" in _output(result)
    description = moto.client().describe_table(TableName="e2e-script")["Table"]
    assert description["KeySchema"] == KEY_SCHEMA
    assert sorted(i["IndexName"] for i in description["GlobalSecondaryIndexes"]) == ["GSI1", "GSI2"]


def test_provisioned_billing_mode(runs: Results, moto: Moto) -> None:
    result = runs["provisioned"]
    assert result.returncode == 0, _output(result)
    description = moto.client().describe_table(TableName="e2e-provisioned")["Table"]
    assert description["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert description["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    for index in description["GlobalSecondaryIndexes"]:
        assert index["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
