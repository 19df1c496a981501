"""Running the service: health and readiness, request logs, metrics, store-call accounting."""
