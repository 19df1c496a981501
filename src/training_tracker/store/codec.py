"""DynamoDB's typed attribute-value format, shared by both engines so numbers stay exact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from training_tracker.store.port import Item


class _PlainNumberSerializer(TypeSerializer):
    """Writes numbers without exponents (1E-7 as 0.0000001): every engine parses those alike."""

    def _serialize_n(self, value: Any) -> str:
        number: str = super()._serialize_n(value)  # type: ignore[misc]
        return format(Decimal(number), "f")


_serializer = _PlainNumberSerializer()
_deserializer = TypeDeserializer()


def to_wire(item: Item) -> dict[str, Any]:
    return {name: _serializer.serialize(value) for name, value in item.items()}


def from_wire(wire: dict[str, Any]) -> Item:
    return {name: _deserializer.deserialize(value) for name, value in wire.items()}
