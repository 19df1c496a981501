"""The Table port's contract: the same tests on every engine, so neither can drift."""

from __future__ import annotations

from decimal import Decimal

import pytest

from training_tracker.store.port import (
    MUST_EXIST,
    MUST_NOT_EXIST,
    Check,
    Condition,
    ConditionFailedError,
    Delete,
    Put,
    SortKeyCondition,
    Table,
    TransactionCancelledError,
    Update,
    query_all,
)


def item(pk: str, sk: str, **attrs: object) -> dict[str, object]:
    return {"PK": pk, "SK": sk, **attrs}


def test_get_returns_what_was_put_with_exact_numbers(table: Table) -> None:
    stored = item(
        "A", "1", n=Decimal("45.5"), tiny=Decimal("0.0000001"), s="é", flag=True, nothing=None
    )
    table.write(Put(stored))
    assert table.get({"PK": "A", "SK": "1"}) == stored
    assert table.get({"PK": "A", "SK": "2"}) is None


def test_conditional_writes(table: Table) -> None:
    table.write(Put(item("A", "1", v=Decimal(1)), MUST_NOT_EXIST))
    with pytest.raises(ConditionFailedError):
        table.write(Put(item("A", "1", v=Decimal(2)), MUST_NOT_EXIST))
    with pytest.raises(ConditionFailedError):
        table.write(Delete({"PK": "A", "SK": "missing"}, MUST_EXIST))
    with pytest.raises(ConditionFailedError):
        table.write(Update({"PK": "A", "SK": "missing"}, set={"v": 1}, condition=MUST_EXIST))
    assert table.get({"PK": "A", "SK": "missing"}) is None
    with pytest.raises(ConditionFailedError):
        table.write(Put(item("A", "1", v=Decimal(3)), Condition(equals={"v": Decimal(2)})))
    table.write(Put(item("A", "1", v=Decimal(3)), Condition(exists=True, equals={"v": Decimal(1)})))
    assert table.get({"PK": "A", "SK": "1"}) == item("A", "1", v=Decimal(3))


def test_update_adds_and_creates(table: Table) -> None:
    key = {"PK": "T", "SK": "DAY"}
    table.write(Update(key, set={"type": "t"}, add={"count": Decimal(1), "sum": Decimal("0.1")}))
    table.write(Update(key, add={"count": Decimal(1), "sum": Decimal("0.2")}))
    table.write(Update(key, add={"count": Decimal(-2), "sum": Decimal("-0.3")}))
    assert table.get(key) == {**key, "type": "t", "count": Decimal(0), "sum": Decimal(0)}


def test_transaction_is_all_or_nothing_and_says_which_action_failed(table: Table) -> None:
    table.write(Put(item("A", "1")))
    actions = [
        Put(item("A", "2"), MUST_NOT_EXIST),
        Update({"PK": "T", "SK": "1"}, add={"n": Decimal(1)}),
        Check({"PK": "A", "SK": "gone"}, MUST_EXIST),
    ]
    with pytest.raises(TransactionCancelledError) as cancelled:
        table.transact(actions)
    assert cancelled.value.failed(2)
    assert not cancelled.value.failed(0)
    assert table.get({"PK": "A", "SK": "2"}) is None
    assert table.get({"PK": "T", "SK": "1"}) is None
    table.transact([*actions[:2], Check({"PK": "A", "SK": "1"}, MUST_EXIST)])
    assert table.get({"PK": "A", "SK": "2"}) == item("A", "2")
    assert table.get({"PK": "T", "SK": "1"}) == {"PK": "T", "SK": "1", "n": Decimal(1)}


def test_a_number_above_a_value(table: Table) -> None:
    """`above`: the attribute is a number greater than the value; missing or equal is not."""
    key = {"PK": "T", "SK": "DAY"}
    table.write(Put({**key, "count": Decimal(2)}))
    take_one = Update(key, add={"count": Decimal(-1)}, condition=Condition(above={"count": 1}))
    table.write(take_one)
    assert table.get(key) == {**key, "count": Decimal(1)}
    with pytest.raises(ConditionFailedError):
        table.write(take_one)  # 1 is not above 1
    with pytest.raises(ConditionFailedError):
        table.write(
            Update(
                {"PK": "T", "SK": "missing"},
                add={"count": Decimal(-1)},
                condition=Condition(above={"count": 0}),
            )
        )
    assert table.get({"PK": "T", "SK": "missing"}) is None
    with pytest.raises(TransactionCancelledError) as cancelled:
        table.transact([Put(item("A", "x")), take_one])
    assert cancelled.value.failed(1)
    assert not cancelled.value.failed(0)
    table.transact([Put(item("A", "x")), Delete(key, Condition(equals={"count": Decimal(1)}))])
    assert table.get(key) is None
    assert table.get({"PK": "A", "SK": "x"}) == item("A", "x")


def test_query_pages_in_order_both_ways(table: Table) -> None:
    for n in range(7):
        table.write(Put(item("P", f"S#{n}", n=Decimal(n))))
    table.write(Put(item("P", "X#0")))
    table.write(Put(item("Other", "S#9")))
    forward = list(
        query_all(table, page_size=2, partition="P", sort=SortKeyCondition(begins_with="S#"))
    )
    assert [i["n"] for i in forward] == list(range(7))
    backward = list(
        query_all(
            table,
            page_size=3,
            partition="P",
            sort=SortKeyCondition(begins_with="S#"),
            descending=True,
        )
    )
    assert [i["n"] for i in backward] == list(reversed(range(7)))
    between = list(
        query_all(
            table,
            page_size=1,
            partition="P",
            sort=SortKeyCondition(low="S#2", high="S#4"),
            descending=True,
        )
    )
    assert [i["n"] for i in between] == [4, 3, 2]
    page = table.query(partition="P", sort=SortKeyCondition(begins_with="S#"), limit=7)
    assert len(page.items) == 7
    keys = table.query(partition="P", limit=1, keys_only=True).items[0]
    assert set(keys) == {"PK", "SK"}


def test_index_queries_are_sparse_and_paged(table: Table) -> None:
    for n in range(5):
        table.write(Put(item(f"A{n}", "P", GSI1PK="ALL", GSI1SK=f"name{n % 2}", n=Decimal(n))))
    table.write(Put(item("B", "P", other="not indexed")))
    found = list(query_all(table, page_size=2, partition="ALL", index="GSI1"))
    assert sorted(i["n"] for i in found) == list(range(5))
    assert [i["GSI1SK"] for i in found] == sorted(i["GSI1SK"] for i in found)
    newest = list(query_all(table, page_size=2, partition="ALL", index="GSI1", descending=True))
    assert [i["n"] for i in newest] == [i["n"] for i in reversed(found)]


def test_batches_apply_every_item(table: Table) -> None:
    items = [item("B", f"{n:03}", n=Decimal(n)) for n in range(60)]
    table.batch_put(items)
    assert len(list(query_all(table, page_size=25, partition="B"))) == 60
    table.batch_delete([{"PK": "B", "SK": f"{n:03}"} for n in range(0, 60, 2)])
    assert [i["n"] for i in query_all(table, page_size=7, partition="B")] == list(range(1, 60, 2))


def test_scan_reaches_every_item(table: Table) -> None:
    table.batch_put([item(f"P{n % 3}", f"{n}") for n in range(11)])
    seen, start = [], None
    while True:
        page = table.scan(start=start, limit=4)
        seen += page.items
        if page.last_key is None:
            break
        start = page.last_key
    assert len(seen) == 11


@pytest.mark.parametrize(
    "number", ["0", "45.5", "0.0000001", "1E+20", "-3.25", "123456789012345678901234567890.5"]
)
def test_numbers_are_stored_exactly(table: Table, number: str) -> None:
    table.write(Put(item("N", number, n=Decimal(number), flag=False, text="45.5")))
    stored = table.get({"PK": "N", "SK": number})
    assert stored is not None
    assert stored["n"] == Decimal(number)
    assert isinstance(stored["n"], Decimal)
    assert stored["flag"] is False
    assert stored["text"] == "45.5"
