#!/usr/bin/env python3
"""Create the DynamoDB table (kept from the original layout; same as `training-tracker create-table`)."""

from training_tracker.cli import app

if __name__ == "__main__":
    app(["create-table"])
