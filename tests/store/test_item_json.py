"""The embedded store's item text gives back exactly the item written: every number a
`Decimal` with its digits and exponent, at any depth, as DynamoDB returns numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from training_tracker.store.item_json import dumps, loads

# DynamoDB numbers: up to 38 significant digits, no NaN or infinity. Whole ones are drawn
# apart: decimals() seldom makes them, and JSON writes them without a fraction.
wholes = st.integers(-(10**38) + 1, 10**38 - 1).map(Decimal)
fractions = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: len(d.as_tuple().digits) <= 38 and -130 < int(d.as_tuple().exponent) < 126
)
numbers = st.one_of(wholes, fractions)
scalars = st.one_of(st.none(), st.booleans(), st.text(), numbers)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=12,
)
items = st.dictionaries(st.text(), values, max_size=8)


def same(read: Any, written: Any) -> bool:
    """Equal, with the same types throughout, and numbers to the last digit written (a
    zero's sign aside, which DynamoDB does not keep)."""
    if isinstance(written, Decimal):
        if type(read) is not Decimal:
            return False
        kept, wrote = format(read, "f"), format(written, "f")  # the text the store holds
        if written.is_zero():
            kept, wrote = kept.lstrip("-"), wrote.lstrip("-")
        return read == written and kept == wrote
    if isinstance(written, dict):
        return (
            type(read) is dict
            and list(read) == list(written)
            and all(same(read[k], v) for k, v in written.items())
        )
    if isinstance(written, list):
        return (
            type(read) is list
            and len(read) == len(written)
            and all(same(r, w) for r, w in zip(read, written, strict=True))
        )
    return type(read) is type(written) and read == written


@given(items)
def test_an_item_reads_back_as_written(item: dict[str, Any]) -> None:
    assert same(loads(dumps(item)), item)


def test_whole_numbers_read_back_as_decimals_at_any_depth() -> None:
    item = {"n": Decimal(7), "nested": {"list": [Decimal(1), {"deep": Decimal("-12")}]}}
    read = loads(dumps(item))
    assert read == item
    assert type(read["n"]) is Decimal
    assert type(read["nested"]["list"][0]) is Decimal
    assert type(read["nested"]["list"][1]["deep"]) is Decimal
    assert loads(dumps({"flag": True}))["flag"] is True  # a boolean is not a number


def test_large_and_fine_numbers_keep_every_digit() -> None:
    big = Decimal("-12345678901234567890123456789012345678")
    fine = Decimal("0.00000000000000000000000000000000000001")
    assert loads(dumps({"big": big, "fine": fine, "scaled": Decimal("2.50")})) == {
        "big": big,
        "fine": fine,
        "scaled": Decimal("2.50"),
    }
    assert str(loads(dumps({"scaled": Decimal("2.50")}))["scaled"]) == "2.50"
