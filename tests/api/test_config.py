"""deeptrace-api's start-up configuration, as a deployment sees it."""


def test_old_threads_variable_logs_one_deprecation_warning(start_api, monkeypatch):
    # The test harness passes --io-threads, which wins over the old variable.
    monkeypatch.setenv("DEEPTRACE_THREADS", "3")
    server = start_api()
    warnings = [line for line in server.log_lines() if line.get("msg") == "deprecated environment variable"]
    assert len(warnings) == 1, warnings
    assert warnings[0]["level"] == "warn"
    assert warnings[0]["variable"] == "DEEPTRACE_THREADS"
    assert warnings[0]["use_instead"] == "DEEPTRACE_IO_THREADS"
    assert warnings[0]["applied"] is False


def test_no_deprecation_warning_without_the_old_variable(start_api, monkeypatch):
    monkeypatch.delenv("DEEPTRACE_THREADS", raising=False)
    server = start_api()
    assert not [line for line in server.log_lines() if line.get("msg") == "deprecated environment variable"]
