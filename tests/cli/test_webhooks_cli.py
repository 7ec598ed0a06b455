"""`deeptrace webhooks ...` against a real deeptrace-api: add, list, test
(delivered to a loopback receiver, its signature checked independently),
deliveries, enable/disable, rotate-secret and rm; a failing receiver, a
refused URL and an unknown id, each with its documented exit code
(src/cli/exit_codes.hpp)."""
import json
import os
import subprocess
import time

import pytest

from support import paths
from support.processes import wait_for
from support.webhook_receiver import Receiver, verify

OK, JOB_FAILED, USAGE, REJECTED, NOT_FINISHED = 0, 1, 2, 3, 6
# One retry, 300 ms after the first attempt; loopback receivers are admitted.
LOOPBACK_FAST_RETRY = ("--webhook-allowed-hosts", "127.0.0.1/32", "--webhook-retry-delays", "300ms")


def deeptrace(api, key, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPTRACE_")}
    env.update(DEEPTRACE_URL=api.base_url, DEEPTRACE_API_KEY=key)
    return subprocess.run([str(paths.binary("deeptrace")), *map(str, args)], capture_output=True, text=True,
                          timeout=60, env=env, stdin=subprocess.DEVNULL)


def listed(api, key):
    res = deeptrace(api, key, "webhooks", "list", "--json")
    assert res.returncode == OK, res.stderr
    return json.loads(res.stdout)


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
def hook_api(start_api, users):
    return start_api(*LOOPBACK_FAST_RETRY)


@pytest.fixture
def key(users):
    return users["alice"]


def test_add_list_test_deliveries_rotate_and_rm(hook_api, key, receiver):
    rx = receiver()
    added = deeptrace(hook_api, key, "webhooks", "add", rx.url, "--event", "job.failed", "--event", "job.completed",
                      "--description", "CI alerts")
    assert added.returncode == OK, added.stderr
    secret = added.stdout.strip()
    assert secret.startswith("whsec_") and "\n" not in secret, "the secret alone on stdout"
    assert "shown only this once" in added.stderr
    [hook] = listed(hook_api, key)
    assert f"webhook {hook['id']} created" in added.stderr
    assert hook["url"] == rx.url and hook["events"] == ["job.failed", "job.completed"] and "secret" not in hook

    table = deeptrace(hook_api, key, "webhooks", "list").stdout.splitlines()
    assert table[0].split() == ["ID", "STATE", "EVENTS", "URL", "DESCRIPTION"]
    assert table[1].split() == [hook["id"], "enabled", "job.failed,job.completed", rx.url, "CI", "alerts"]

    tested = deeptrace(hook_api, key, "webhooks", "test", hook["id"])
    assert tested.returncode == OK, tested.stdout + tested.stderr
    assert tested.stdout.strip() == "delivered (HTTP 204) after 1 attempt"
    [delivery] = rx.received()
    verify(secret, delivery.headers, delivery.body)
    assert delivery.json()["type"] == "webhook.test" and delivery.json()["data"]["webhook_id"] == hook["id"]

    log = deeptrace(hook_api, key, "webhooks", "deliveries", hook["id"]).stdout.splitlines()
    assert log[0].split()[:6] == ["ID", "EVENT", "JOB", "STATE", "ATTEMPTS", "HTTP"]
    assert log[1].split()[:6] == [delivery.headers["webhook-id"], "webhook.test", "-", "succeeded", "1", "204"]

    # The old secret keeps signing beside the new one for a day...
    rotated = deeptrace(hook_api, key, "webhooks", "rotate-secret", hook["id"])
    assert rotated.returncode == OK, rotated.stderr
    new_secret = rotated.stdout.strip()
    assert new_secret.startswith("whsec_") and new_secret != secret and "shown only this once" in rotated.stderr
    assert "the old one keeps signing beside it until 20" in rotated.stderr
    assert deeptrace(hook_api, key, "webhooks", "test", hook["id"], "--json").returncode == OK
    second = rx.received()[1]
    verify(new_secret, second.headers, second.body)
    verify(secret, second.headers, second.body)
    # ...unless it leaked.
    stopped = deeptrace(hook_api, key, "webhooks", "rotate-secret", hook["id"], "--now")
    assert stopped.returncode == OK and "the old one no longer signs" in stopped.stderr
    newest = stopped.stdout.strip()
    assert deeptrace(hook_api, key, "webhooks", "test", hook["id"], "--json").returncode == OK
    third = rx.received()[2]
    verify(newest, third.headers, third.body)
    for old in (secret, new_secret):
        with pytest.raises(AssertionError):
            verify(old, third.headers, third.body)
    newest_first = json.loads(deeptrace(hook_api, key, "webhooks", "deliveries", hook["id"], "--json").stdout)
    assert [d["id"] for d in newest_first] == [third.headers["webhook-id"], second.headers["webhook-id"],
                                               delivery.headers["webhook-id"]]
    limited = json.loads(deeptrace(hook_api, key, "webhooks", "deliveries", hook["id"], "--limit", "1", "--json").stdout)
    assert [d["id"] for d in limited] == [third.headers["webhook-id"]]

    removed = deeptrace(hook_api, key, "webhooks", "rm", hook["id"])
    assert removed.returncode == OK and f"Deleted webhook {hook['id']}" in removed.stdout
    assert listed(hook_api, key) == []
    assert deeptrace(hook_api, key, "webhooks", "list").stdout.split() == ["ID", "STATE", "EVENTS", "URL",
                                                                           "DESCRIPTION"]


def test_a_failing_receiver_exits_non_zero_and_the_endpoint_can_be_enabled_again(hook_api, key, receiver):
    rx = receiver(lambda n: (500, {}))
    assert deeptrace(hook_api, key, "webhooks", "add", rx.url).returncode == OK
    [hook] = listed(hook_api, key)

    tested = deeptrace(hook_api, key, "webhooks", "test", hook["id"])
    assert tested.returncode == JOB_FAILED, tested.stdout + tested.stderr
    assert tested.stdout.startswith("failed: HTTP 500"), tested.stdout
    assert "(will retry at " in tested.stdout or "after 2 attempts; no more retries" in tested.stdout

    # Its one retry fails too: the endpoint is disabled, and says why.
    wait_for(lambda: listed(hook_api, key)[0]["enabled"] is False, 10, what="the endpoint to be disabled")
    assert len(rx.received()) == 2
    row = deeptrace(hook_api, key, "webhooks", "list").stdout.splitlines()[1]
    assert "disabled (HTTP 500)" in row
    refused = deeptrace(hook_api, key, "webhooks", "test", hook["id"])
    assert refused.returncode == REJECTED and "error INVALID_REQUEST" in refused.stderr
    assert "disabled" in refused.stderr

    enabled = deeptrace(hook_api, key, "webhooks", "enable", hook["id"])
    assert enabled.returncode == OK and f"Enabled webhook {hook['id']}" in enabled.stdout
    assert listed(hook_api, key)[0]["enabled"] is True
    rx.answer = lambda n: (204, {})
    assert deeptrace(hook_api, key, "webhooks", "test", hook["id"]).stdout.startswith("delivered (HTTP 204)")

    disabled = deeptrace(hook_api, key, "webhooks", "disable", hook["id"])
    assert disabled.returncode == OK and f"Disabled webhook {hook['id']}" in disabled.stdout
    assert "disabled (disabled by its owner)" in deeptrace(hook_api, key, "webhooks", "list").stdout


def test_wait_0_only_queues_and_an_unanswered_attempt_is_not_finished(hook_api, key, receiver):
    rx = receiver()
    assert deeptrace(hook_api, key, "webhooks", "add", rx.url).returncode == OK
    [hook] = listed(hook_api, key)
    queued = deeptrace(hook_api, key, "webhooks", "test", hook["id"], "--wait", "0")
    assert queued.returncode == OK and queued.stdout.startswith("queued test delivery "), queued.stdout
    assert f"deeptrace webhooks deliveries {hook['id']}" in queued.stdout
    wait_for(lambda: rx.received(), 10, what="the queued test event")

    # The receiver takes 3 s to answer: no attempt has an outcome within --wait.
    rx.answer = lambda n: (time.sleep(3), (204, {}))[1]
    slow = deeptrace(hook_api, key, "webhooks", "test", hook["id"], "--wait", "0.5")
    assert slow.returncode == NOT_FINISHED, slow.stdout + slow.stderr
    assert slow.stdout.startswith("pending: not attempted within 0.5 s"), slow.stdout


def test_refusals_print_the_api_error_and_exit_3(api, key):
    bad = deeptrace(api, key, "webhooks", "add", "https://127.0.0.1/")
    assert bad.returncode == REJECTED and bad.stdout == ""
    assert "error INVALID_REQUEST: 'url' must point at a public address, not 127.0.0.1" in bad.stderr
    event = deeptrace(api, key, "webhooks", "add", "https://hooks.example.com/x", "--event", "job.started")
    assert event.returncode == REJECTED and "'events' may hold job.completed" in event.stderr
    assert listed(api, key) == []

    for args in (("rm", "wh_nope"), ("test", "wh_nope"), ("deliveries", "wh_nope"), ("enable", "wh_nope"),
                 ("disable", "wh_nope"), ("rotate-secret", "wh_nope")):
        res = deeptrace(api, key, "webhooks", *args)
        assert res.returncode == REJECTED, (args, res.stderr)
        assert "error WEBHOOK_NOT_FOUND: no webhook endpoint with id wh_nope" in res.stderr, (args, res.stderr)

    # rm goes on past an unknown id, and exits with the worst outcome.
    made = deeptrace(api, key, "webhooks", "add", "https://hooks.example.com/x", "--json")
    hook_id = json.loads(made.stdout)["id"]
    both = deeptrace(api, key, "webhooks", "rm", "wh_nope", hook_id)
    assert both.returncode == REJECTED and f"Deleted webhook {hook_id}" in both.stdout
    assert "webhook wh_nope: error WEBHOOK_NOT_FOUND" in both.stderr
    assert listed(api, key) == []


def test_usage_errors_exit_2(api, key):
    assert deeptrace(api, key, "webhooks").returncode == USAGE
    assert deeptrace(api, key, "webhooks", "add").returncode == USAGE
    assert deeptrace(api, key, "webhooks", "test").returncode == USAGE
    assert deeptrace(api, key, "webhooks", "test", "wh_x", "--wait", "-1").returncode == USAGE
    assert deeptrace(api, key, "webhooks", "deliveries", "wh_x", "--limit", "0").returncode == USAGE
