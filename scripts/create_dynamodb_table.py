#!/usr/bin/env python3
"""Create the DynamoDB table: the same as `training-tracker create-table`."""

from training_tracker.cli import app

if __name__ == "__main__":
    app(["create-table"])
