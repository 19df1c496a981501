"""deploy/template.yaml: cfn-lint clean, and in step with keys.py and iam.py."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from botocore import xform_name

from training_tracker import iam
from training_tracker.config import Settings
from training_tracker.store.keys import EXPIRES_AT, SCHEMA

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "deploy" / "template.yaml"
SETUP_DOC = REPO / "DYNAMODB_SETUP.md"
STORE_CODE = REPO / "src" / "training_tracker"


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TEMPLATE.read_text())
    return loaded


def resource(template: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = template["Resources"][name]
    return found


def cfn_lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).with_name("cfn-lint")
    command = str(binary) if binary.exists() else shutil.which("cfn-lint")
    assert command, "cfn-lint is a development dependency"
    return subprocess.run(
        [command, "--format", "parseable", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cfn_lint_passes_and_would_catch_a_broken_template(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        TEMPLATE.read_text().replace("BillingMode: PAY_PER_REQUEST", "BillingMode: FREE")
    )
    result = cfn_lint(TEMPLATE, broken)  # one run: cfn-lint takes a while to start
    findings = result.stdout.splitlines()
    assert [line for line in findings if str(TEMPLATE) in line] == [], result.stderr
    assert any(str(broken) in line and "'FREE'" in line for line in findings), result.stdout


def test_the_table_has_the_keys_and_indexes_keys_py_declares(template: dict[str, Any]) -> None:
    table = resource(template, "Table")["Properties"]
    key_attributes = [SCHEMA.pk, SCHEMA.sk] + [a for i in SCHEMA.indexes for a in (i.pk, i.sk)]
    assert table["AttributeDefinitions"] == [
        {"AttributeName": name, "AttributeType": "S"} for name in key_attributes
    ]
    assert table["KeySchema"] == [
        {"AttributeName": SCHEMA.pk, "KeyType": "HASH"},
        {"AttributeName": SCHEMA.sk, "KeyType": "RANGE"},
    ]
    assert table["GlobalSecondaryIndexes"] == [
        {
            "IndexName": index.name,
            "KeySchema": [
                {"AttributeName": index.pk, "KeyType": "HASH"},
                {"AttributeName": index.sk, "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
        for index in SCHEMA.indexes
    ]


def test_the_table_is_what_create_table_makes_and_safe_to_keep(template: dict[str, Any]) -> None:
    table = resource(template, "Table")
    properties = table["Properties"]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["TimeToLiveSpecification"] == {"AttributeName": EXPIRES_AT, "Enabled": True}
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["DeletionProtectionEnabled"] is True
    assert properties["SSESpecification"] == {"SSEEnabled": True}
    assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    assert properties["TableName"] == {"Ref": "TableName"}


def statement_actions(policy: dict[str, Any]) -> dict[str, list[str]]:
    return {s["Sid"]: s["Action"] for s in policy["PolicyDocument"]["Statement"]}


def test_the_policies_grant_exactly_what_iam_py_lists(template: dict[str, Any]) -> None:
    service = statement_actions(resource(template, "ServicePolicy")["Properties"])
    admin = statement_actions(resource(template, "AdminPolicy")["Properties"])
    assert service == {
        "TrainingTrackerService": list(iam.SERVICE_ACTIONS),
        "TrainingTrackerOriginals": list(iam.ORIGINALS_OBJECT_ACTIONS),
        "TrainingTrackerOriginalsList": list(iam.ORIGINALS_BUCKET_ACTIONS),
    }
    assert admin == {"TrainingTrackerAdmin": list(iam.ADMIN_ACTIONS)}
    function = resource(template, "ApiFunction")["Properties"]
    assert function["Policies"] == [{"Ref": "ServicePolicy"}]  # nothing else, no SAM templates


def test_the_documented_policy_is_iam_py_s() -> None:
    text = SETUP_DOC.read_text()
    section = text[text.index("### 3.4") :]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block is not None
    table_arn = "arn:aws:dynamodb:REGION:ACCOUNT_ID:table/TABLE"
    assert json.loads(block.group(1)) == iam.dynamodb_policy(table_arn)


def dynamodb_operations_in(code: Path, service: str = "dynamodb") -> dict[str, set[str]]:
    """Every client operation of `service` named in the package's code, and where."""
    client = boto3.client(service, region_name="us-east-1")
    operations = {xform_name(name) for name in client.meta.service_model.operation_names}
    found: dict[str, set[str]] = {}
    for path in code.rglob("*.py"):
        if path.relative_to(code).parts[0] == "api":  # HTTP only: operation ids, never AWS calls
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = None
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                name = node.value
            elif isinstance(node, ast.Attribute):
                name = node.attr
            if name in operations:
                found.setdefault(name, set()).add(path.name)
    return found


def test_the_code_calls_no_dynamodb_operation_that_iam_py_does_not_cover() -> None:
    found = dynamodb_operations_in(STORE_CODE)
    assert {"get_item", "query", "transact_write_items"} <= found.keys()  # the scan works
    unknown = found.keys() - iam.OPERATION_ACTIONS.keys() - iam.NOT_GRANTED.keys()
    assert not unknown, {op: found[op] for op in unknown}
    granted = set(iam.SERVICE_ACTIONS) | set(iam.ADMIN_ACTIONS)
    needed = {a for op in found if op in iam.OPERATION_ACTIONS for a in iam.OPERATION_ACTIONS[op]}
    assert needed <= granted, needed - granted
    assert granted <= needed, f"granted but never called: {granted - needed}"


def test_the_scan_would_catch_a_new_operation(tmp_path: Path) -> None:
    (tmp_path / "extra.py").write_text("client.batch_get_item(RequestItems={})\n")
    assert "batch_get_item" in dynamodb_operations_in(tmp_path)
    assert "batch_get_item" not in iam.OPERATION_ACTIONS


def test_parameters_outputs_and_settings(template: dict[str, Any]) -> None:
    parameters = template["Parameters"]
    assert parameters["AuthMode"]["Default"] == "required"
    assert set(parameters["AuthMode"]["AllowedValues"]) == {"required", "open"}
    assert {"TableName", "LogLevel"} <= parameters.keys()
    assert "ApiUrl" in template["Outputs"]
    variables = resource(template, "ApiFunction")["Properties"]["Environment"]["Variables"]
    assert variables["AUTH_MODE"] == {"Ref": "AuthMode"}
    assert variables["LOG_LEVEL"] == {"Ref": "LogLevel"}
    assert variables["DYNAMODB_TABLE_NAME"] == {"Ref": "Table"}
    # Instances share the cursor secret through the table: nothing to configure or leak.
    assert "CURSOR_SECRET" not in variables
    # Every variable the function gets is one the service reads.
    known = {name.upper() for name in Settings.model_fields}
    assert set(variables) <= known
    assert variables["ORIGINALS_BUCKET"] == {"Ref": "OriginalsBucket"}


def test_the_code_calls_no_s3_operation_the_service_policy_does_not_grant() -> None:
    found = dynamodb_operations_in(STORE_CODE, "s3")
    assert {"put_object", "get_object"} <= found.keys()  # the scan sees the originals store
    unknown = found.keys() - iam.S3_OPERATION_ACTIONS.keys()
    assert not unknown, {op: found[op] for op in unknown}
    needed = {a for op in found for a in iam.S3_OPERATION_ACTIONS[op]}
    granted = set(iam.ORIGINALS_OBJECT_ACTIONS) | set(iam.ORIGINALS_BUCKET_ACTIONS)
    assert needed == granted
