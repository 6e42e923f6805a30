"""Prometheus metrics, served on /metrics by the webhook endpoint (bot/webhook.py).

Process-wide, in prometheus-client's default registry, which also carries the process's memory and CPU.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPDATES = Counter("pufa_updates", "Updates processed, by type (message, callback_query, …)", ["type"])
UPDATE_SECONDS = Histogram(
    "pufa_update_seconds",
    "From an update's arrival at the webhook to its effect committed",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
UPDATE_ERRORS = Counter("pufa_update_errors", "Updates whose handler raised")
DUPLICATES = Counter("pufa_update_duplicates", "Redelivered updates answered without a second effect")
WEBHOOK_REFUSED = Counter("pufa_webhook_refused", "Webhook requests refused, by reason", ["reason"])
FLOOD_LIMITED = Counter("pufa_telegram_429", "429 Too Many Requests answers from Telegram")
DIGESTS = Counter("pufa_digest_deliveries", "Digest weeks handled, by outcome", ["state"])
JOBS_LEADER = Gauge("pufa_jobs_leader", "1 while this replica runs the scheduled jobs, else 0")
