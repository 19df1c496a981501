"""DynamoDB's typed attribute-value format, shared by both engines so numbers stay exact."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from training_tracker.store.port import Item

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_wire(item: Item) -> dict[str, Any]:
    return {name: _serializer.serialize(value) for name, value in item.items()}


def from_wire(wire: dict[str, Any]) -> Item:
    return {name: _deserializer.deserialize(value) for name, value in wire.items()}
