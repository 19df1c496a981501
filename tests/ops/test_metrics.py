"""/metrics: off unless enabled, guarded by METRICS_TOKEN, counting what was served."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import DynamoCounter
from tests.ops.conftest import AppFactory
from training_tracker.store.dynamodb import DynamoDBTable
from training_tracker.store.port import Table

PREFIX = "training_tracker_"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_off_by_default(make_client: AppFactory) -> None:
    client = make_client(auth_mode="open")
    assert client.get("/metrics").status_code == 404
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_counts_requests_by_route_template_and_status_and_store_calls(
    make_client: AppFactory, store: Table, counter: DynamoCounter
) -> None:
    client = make_client(auth_mode="open", metrics_enabled=True)
    athlete = client.post("/v1/athletes", json={"name": "Ada"}).json()["id"]
    counter.reset()
    for _ in range(2):
        assert client.get(f"/v1/athletes/{athlete}").status_code == 200
    assert client.get("/v1/athletes/someone-else").status_code == 404
    store_calls = counter.requests
    answer = client.get("/metrics")
    assert answer.headers["content-type"].startswith("text/plain")
    found = samples(answer.text)
    route = (("method", "GET"), ("route", "/v1/athletes/{athlete_id}"))
    assert found[(PREFIX + "http_requests_total", (*route, ("status", "200")))] == 2
    assert found[(PREFIX + "http_requests_total", (*route, ("status", "404")))] == 1
    assert found[(PREFIX + "http_request_duration_seconds_count", (*route, ("status", "200")))] == 2
    assert (
        found[
            (
                PREFIX + "http_request_duration_seconds_bucket",
                (("le", "+Inf"), *route, ("status", "200")),
            )
        ]
        == 2
    )
    created = (("method", "POST"), ("route", "/v1/athletes"), ("status", "201"))
    assert found[(PREFIX + "http_requests_total", created)] == 1
    # No label carries an id: one series per route template, however many athletes exist.
    assert not [key for key in found if athlete in str(key)]
    get_items = found.get(
        (PREFIX + "store_calls_total", (("operation", "GetItem"), ("outcome", "ok"))), 0
    )
    if isinstance(store, DynamoDBTable):
        assert get_items == store_calls == 3  # the create before made a PutItem only
        capacity = found[
            (PREFIX + "store_consumed_capacity_units_total", (("operation", "GetItem"),))
        ]
        assert capacity > 0
    else:
        assert get_items == 0


def test_a_metrics_token_guards_the_endpoint(make_client: AppFactory) -> None:
    client = make_client(auth_mode="open", metrics_enabled=True, metrics_token="s3cret-metrics")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    allowed = client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics"})
    assert allowed.status_code == 200
    assert PREFIX + "http_requests_total" in allowed.text
