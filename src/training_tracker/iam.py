"""The AWS permissions the service and its admin commands need: the one source of truth.

The CloudFormation template (deploy/template.yaml) and the policy in DYNAMODB_SETUP.md must
grant exactly these actions (tests compare them), and a test reads the store's code for
every DynamoDB client operation it calls and checks each maps to an action granted here.
"""

from __future__ import annotations

from typing import Any

# The running service (API server, Lambda, and the `seed-demo`/`token` commands, which use
# the same code): item reads and conditional writes, plus DescribeTable for /readyz.
SERVICE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
)

# Table management: `create-table` (create, wait, TTL), `migrate` (Scan, add indexes, bulk
# copy), `rebuild-aggregates` (bulk rewrite), `export` (Scan) and `restore` (bulk write).
# Given on top of the service statement.
ADMIN_ACTIONS = (
    "dynamodb:CreateTable",
    "dynamodb:DescribeTable",
    "dynamodb:UpdateTable",
    "dynamodb:UpdateTimeToLive",
    "dynamodb:DescribeTimeToLive",
    "dynamodb:Scan",
    "dynamodb:BatchWriteItem",
)

# Original activity files in the ORIGINALS_BUCKET bucket: objects written once, read back,
# deleted with their athlete; the bucket listed to find an athlete's objects (and so that a
# missing object answers NoSuchKey rather than AccessDenied).
ORIGINALS_OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
ORIGINALS_BUCKET_ACTIONS = ("s3:ListBucket",)

# Which IAM actions each boto3 S3 client operation the code calls needs.
S3_OPERATION_ACTIONS: dict[str, tuple[str, ...]] = {
    "put_object": ("s3:PutObject",),
    "get_object": ("s3:GetObject",),
    "delete_object": ("s3:DeleteObject",),
    "delete_objects": ("s3:DeleteObject",),
    "list_objects_v2": ("s3:ListBucket",),
}

# Which IAM actions each boto3 DynamoDB client operation needs. TransactWriteItems is not an
# IAM action of its own: each action inside a transaction is authorized as its item action.
OPERATION_ACTIONS: dict[str, tuple[str, ...]] = {
    "get_item": ("dynamodb:GetItem",),
    "query": ("dynamodb:Query",),
    "put_item": ("dynamodb:PutItem",),
    "update_item": ("dynamodb:UpdateItem",),
    "delete_item": ("dynamodb:DeleteItem",),
    "transact_write_items": (
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:ConditionCheckItem",
    ),
    "batch_write_item": ("dynamodb:BatchWriteItem",),
    "describe_table": ("dynamodb:DescribeTable",),
    "create_table": ("dynamodb:CreateTable",),
    "update_table": ("dynamodb:UpdateTable",),
    "update_time_to_live": ("dynamodb:UpdateTimeToLive",),
    "describe_time_to_live": ("dynamodb:DescribeTimeToLive",),
    "scan": ("dynamodb:Scan",),
}

# Operations the store's code can call that no deployed identity is granted, and why.
NOT_GRANTED = {
    "delete_table": "used by tests on throwaway tables; a deployed table is never deleted",
}


def dynamodb_policy(table_arn: str) -> dict[str, Any]:
    """The IAM policy document of DYNAMODB_SETUP.md for the table at `table_arn`."""
    resources = [table_arn, f"{table_arn}/index/*"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TrainingTrackerService",
                "Effect": "Allow",
                "Action": list(SERVICE_ACTIONS),
                "Resource": resources,
            },
            {
                "Sid": "TrainingTrackerAdmin",
                "Effect": "Allow",
                "Action": list(ADMIN_ACTIONS),
                "Resource": resources,
            },
        ],
    }
