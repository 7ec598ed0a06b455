"""Webhooks (docs/webhooks.md): endpoints per user, Standard Webhooks
signatures checked by an independent implementation, retries with the same
webhook-id, the durable outbox across a restart, disabling after repeated
failures, and SSRF refusals. Traffic goes only to loopback receivers the
tests start themselves, admitted by the operator allowlist."""
import json
import time
from datetime import datetime, timezone

import pytest

from support.processes import wait_for
from support.webhook_receiver import Receiver, verify

FAST_RETRIES = ("--webhook-allowed-hosts", "127.0.0.1/32", "--webhook-retry-delays", "300ms,300ms,300ms")


def create(client, body):
    return client.post("/api/v1/webhooks", json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def patch(client, hook_id, body):
    return client.request("PATCH", f"/api/v1/webhooks/{hook_id}", json.dumps(body).encode(),
                          headers={"Content-Type": "application/json"})


def deliveries(client, hook_id):
    return client.get(f"/api/v1/webhooks/{hook_id}/deliveries").json()["deliveries"]


@pytest.fixture
def receiver():
    made = []

    def start(answer=lambda n: (204, {})):
        made.append(Receiver(answer))
        return made[-1]

    yield start
    for r in made:
        r.close()


@pytest.fixture
def fast_api(start_api, users):
    return start_api(*FAST_RETRIES)


def test_endpoints_are_managed_per_user_and_the_secret_is_shown_twice_only(alice, bob):
    made = create(alice, {"url": "https://hooks.example.com/deeptrace", "description": "CI"})
    assert made.status == 201, made.body
    assert made.header("cache-control") == "no-store"
    hook = made.json()
    assert made.header("location") == f"/api/v1/webhooks/{hook['id']}"
    assert hook["secret"].startswith("whsec_") and hook["enabled"] is True and hook["disabled_reason"] is None
    assert hook["events"] == ["job.completed", "job.failed", "job.cancelled"], "all events by default"

    listed = alice.get("/api/v1/webhooks").json()["webhooks"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]
    assert "secret" not in alice.get(f"/api/v1/webhooks/{hook['id']}").json()
    assert bob.get("/api/v1/webhooks").json()["webhooks"] == []
    for call in (lambda c: c.get(f"/api/v1/webhooks/{hook['id']}"),
                 lambda c: c.request("DELETE", f"/api/v1/webhooks/{hook['id']}"),
                 lambda c: patch(c, hook["id"], {"description": "mine"}),
                 lambda c: c.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret"),
                 lambda c: c.get(f"/api/v1/webhooks/{hook['id']}/deliveries")):
        assert call(bob).error_code == "WEBHOOK_NOT_FOUND"

    changed = patch(alice, hook["id"], {"events": ["job.failed"], "description": "only failures"}).json()
    assert changed["events"] == ["job.failed"] and changed["description"] == "only failures"
    rotated = alice.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != hook["secret"]

    assert alice.request("DELETE", f"/api/v1/webhooks/{hook['id']}").status == 204
    assert alice.get(f"/api/v1/webhooks/{hook['id']}").error_code == "WEBHOOK_NOT_FOUND"


@pytest.mark.parametrize("url", [
    "http://hooks.example.com/x",              # plain http to a host not on the allowlist
    "https://127.0.0.1/x", "https://[::1]/x", "https://localhost/x", "https://localhost./x",
    "https://169.254.169.254/latest/meta-data",  # cloud metadata
    "https://10.0.0.8/", "https://192.168.1.1/", "https://[::ffff:127.0.0.1]/", "https://0x7f000001/",
    "https://2130706433/", "ftp://hooks.example.com/", "https://user:pw@hooks.example.com/", "not a url",
])
def test_private_and_malformed_targets_are_refused(alice, url):
    res = create(alice, {"url": url})
    assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), (url, res.body)


def test_bad_webhook_requests_are_refused(alice):
    for body in ({}, {"url": 5}, {"url": "https://a.example/", "events": []},
                 {"url": "https://a.example/", "events": ["job.started"]},
                 {"url": "https://a.example/", "description": "x" * 257},
                 {"url": "https://a.example/", "secret": "mine"}):
        res = create(alice, body)
        assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), body
    hook = create(alice, {"url": "https://a.example/"}).json()
    assert patch(alice, hook["id"], {"enabled": "yes"}).error_code == "INVALID_REQUEST"
    assert patch(alice, hook["id"], {"url": "https://127.0.0.1/"}).error_code == "INVALID_REQUEST"
    assert alice.with_key(None).get("/api/v1/webhooks").error_code == "UNAUTHORIZED"


def test_a_cancelled_job_is_delivered_signed_and_retried_with_the_same_id(fast_api, users, receiver, media):
    alice = fast_api.client(users["alice"])
    hook_rx = receiver(lambda n: (500, {}) if n == 1 else (204, {}))
    hook = create(alice, {"url": hook_rx.url, "events": ["job.cancelled"]}).json()

    job = alice.upload(media.h264_mp4().read_bytes()).json()  # no worker: it stays queued
    assert alice.post(f"/api/v1/jobs/{job['job_id']}/cancel").status in (200, 202)
    wait_for(lambda: len(hook_rx.received()) >= 2, 20, what="a failed attempt and its retry")

    first, second = hook_rx.received()[:2]
    assert first.headers["webhook-id"] == second.headers["webhook-id"], "retries keep the message id"
    assert first.body == second.body
    for d in (first, second):
        verify(hook["secret"], d.headers, d.body)
        assert d.headers["content-type"] == "application/json"
    event = second.json()
    assert event["type"] == "job.cancelled"
    assert event["data"]["job_id"] == job["job_id"] and event["data"]["status"] == "CANCELLED"
    assert event["data"]["links"]["self"] == f"/api/v1/jobs/{job['job_id']}"

    log = wait_for(lambda: [d for d in deliveries(alice, hook["id"]) if d["state"] == "succeeded"], 10,
                   what="the delivery log to show the success")
    assert log[0]["id"] == first.headers["webhook-id"]
    assert (log[0]["attempts"], log[0]["response_status"], log[0]["last_error"]) == (2, 204, None)
    assert log[0]["job_id"] == job["job_id"] and log[0]["event"] == "job.cancelled"
    assert alice.get(f"/api/v1/webhooks/{hook['id']}").json()["consecutive_failures"] == 0
    assert len(hook_rx.received()) == 2, "one event, delivered once"


def test_a_completed_job_reaches_its_subscribers_only(fast_api, users, receiver, media, start_worker):
    alice, bob = fast_api.client(users["alice"]), fast_api.client(users["bob"])
    done_rx, failed_rx, bobs_rx = receiver(), receiver(), receiver()
    done = create(alice, {"url": done_rx.url, "events": ["job.completed"]}).json()
    create(alice, {"url": failed_rx.url, "events": ["job.failed"]})
    create(bob, {"url": bobs_rx.url})

    job = alice.upload(media.jpeg().read_bytes(), filename="still.jpg", content_type="image/jpeg").json()
    start_worker()
    wait_for(lambda: done_rx.received(), 120, what="job.completed")
    event = done_rx.received()[0]
    verify(done["secret"], event.headers, event.body)
    body = event.json()
    assert body["type"] == "job.completed" and body["data"]["job_id"] == job["job_id"]
    assert body["data"]["status"] == "COMPLETED" and body["data"]["result"]["verdict"]
    assert failed_rx.received() == [] and bobs_rx.received() == []


def test_deliveries_survive_a_restart(start_api, users, receiver, media, state_dir):
    flags = ("--webhook-allowed-hosts", "127.0.0.1/32", "--webhook-retry-delays", "3s")
    api = start_api(*flags)
    alice = api.client(users["alice"])
    rx = receiver(lambda n: (503, {}) if n == 1 else (204, {}))
    hook = create(alice, {"url": rx.url}).json()
    alice.post(f"/api/v1/webhooks/{hook['id']}/test")
    wait_for(lambda: rx.received(), 10, what="the first attempt")
    api.stop()  # the retry is due in about 3 s, after this API is gone

    again = start_api(*flags).client(users["alice"])
    wait_for(lambda: len(rx.received()) >= 2, 20, what="the retry from the restarted API")
    first, second = rx.received()[:2]
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    verify(hook["secret"], second.headers, second.body)
    assert second.json()["type"] == "webhook.test"
    log = wait_for(lambda: [d for d in deliveries(again, hook["id"]) if d["state"] == "succeeded"], 10,
                   what="the success in the log")
    assert log[0]["attempts"] == 2


def attempt_counts(api) -> dict:
    """deeptrace_webhook_attempts_total by outcome, from /metrics."""
    counts = {}
    for line in api.client(None).get("/metrics").body.decode().splitlines():
        if line.startswith("deeptrace_webhook_attempts_total{"):
            outcome = line.split('outcome="', 1)[1].split('"', 1)[0]
            counts[outcome] = int(float(line.rsplit(" ", 1)[1]))
    return counts


def test_an_endpoint_that_keeps_failing_is_disabled_and_says_why(fast_api, users, receiver):
    alice = fast_api.client(users["alice"])
    rx = receiver(lambda n: (500, {}))
    hook = create(alice, {"url": rx.url}).json()
    queued = alice.post(f"/api/v1/webhooks/{hook['id']}/test")
    assert queued.status == 202 and queued.json()["state"] == "pending"

    disabled = wait_for(lambda: (h := alice.get(f"/api/v1/webhooks/{hook['id']}").json())["enabled"] is False and h,
                        20, what="the endpoint to be disabled")
    assert disabled["disabled_reason"] == "HTTP 500"
    assert disabled["consecutive_failures"] == 4, "the first attempt and three retries"
    assert len(rx.received()) == 4
    log = deliveries(alice, hook["id"])
    assert (log[0]["state"], log[0]["attempts"], log[0]["next_attempt_at"]) == ("failed", 4, None)
    refused = alice.post(f"/api/v1/webhooks/{hook['id']}/test")
    assert refused.error_code == "INVALID_REQUEST" and "disabled" in refused.json()["error"]["message"]

    rx.answer = lambda n: (204, {})
    enabled = patch(alice, hook["id"], {"enabled": True}).json()
    assert enabled["enabled"] is True and enabled["disabled_reason"] is None
    alice.post(f"/api/v1/webhooks/{hook['id']}/test")
    wait_for(lambda: len(rx.received()) == 5, 10, what="a delivery after re-enabling")
    wait_for(lambda: attempt_counts(fast_api).get("delivered") == 1, 10, what="the delivered attempt counted")
    assert attempt_counts(fast_api) == {"retrying": 3, "gave_up": 1, "delivered": 1}


def test_redirects_are_not_followed(fast_api, users, receiver):
    alice = fast_api.client(users["alice"])
    elsewhere = receiver()
    rx = receiver(lambda n: (302, {"Location": elsewhere.url}))
    hook = create(alice, {"url": rx.url}).json()
    alice.post(f"/api/v1/webhooks/{hook['id']}/test")
    wait_for(lambda: deliveries(alice, hook["id"])[0]["attempts"] >= 1, 10, what="an attempt")
    first = deliveries(alice, hook["id"])[0]
    assert first["response_status"] == 302 and "redirects are not followed" in first["last_error"]
    assert elsewhere.received() == []


def test_a_rotated_secret_signs_beside_the_new_one_until_it_expires_or_is_stopped(fast_api, users, receiver):
    alice = fast_api.client(users["alice"])
    rx = receiver()
    hook = create(alice, {"url": rx.url}).json()
    assert hook["previous_secret_expires_at"] is None

    def rotate(body=None):
        data = None if body is None else json.dumps(body).encode()
        return alice.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret", data,
                          headers={} if body is None else {"Content-Type": "application/json"})

    def test_delivery():
        seen = len(rx.received())
        assert alice.post(f"/api/v1/webhooks/{hook['id']}/test").status == 202
        wait_for(lambda: len(rx.received()) > seen, 10, what="the test delivery")
        return rx.received()[-1]

    def refused_by(secret, delivery):
        with pytest.raises(AssertionError):
            verify(secret, delivery.headers, delivery.body)

    # No body: the old secret signs beside the new one for a day.
    first = rotate()
    assert first.status == 200 and first.header("cache-control") == "no-store"
    rotated = first.json()
    expires = datetime.fromisoformat(rotated["previous_secret_expires_at"].replace("Z", "+00:00"))
    assert 23.9 * 3600 < (expires - datetime.now(timezone.utc)).total_seconds() <= 24 * 3600
    shown = alice.get(f"/api/v1/webhooks/{hook['id']}").json()
    assert shown["previous_secret_expires_at"] == rotated["previous_secret_expires_at"] and "secret" not in shown
    both = test_delivery()
    assert len(both.headers["webhook-signature"].split(" ")) == 2
    verify(rotated["secret"], both.headers, both.body)
    verify(hook["secret"], both.headers, both.body)

    # A short overlap ends by itself; afterwards only the newest secret signs.
    brief = rotate({"keep_previous_secret_s": 1}).json()
    assert brief["previous_secret_expires_at"] is not None
    time.sleep(1.1)
    assert alice.get(f"/api/v1/webhooks/{hook['id']}").json()["previous_secret_expires_at"] is None
    alone = test_delivery()
    verify(brief["secret"], alone.headers, alone.body)
    refused_by(rotated["secret"], alone)

    # 0: a leaked secret stops at once.
    stopped = rotate({"keep_previous_secret_s": 0}).json()
    assert stopped["previous_secret_expires_at"] is None
    after = test_delivery()
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    verify(stopped["secret"], after.headers, after.body)
    for old in (hook["secret"], rotated["secret"], brief["secret"]):
        refused_by(old, after)

    for body in ({"keep_previous_secret_s": -1}, {"keep_previous_secret_s": 604801}, {"keep_previous_secret_s": "60"},
                 {"keep_previous_secret_s": 1.5}, {"secret": "whsec_bWluZQ=="}):
        assert rotate(body).error_code == "INVALID_REQUEST", body
    assert alice.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret", b"[1]",
                      headers={"Content-Type": "application/json"}).error_code == "INVALID_REQUEST"
