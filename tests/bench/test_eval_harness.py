"""bench/eval/eval.py end to end: a tiny labelled set (two clips and a file
the API refuses) through the real API and worker of $DEEPTRACE_BUILD_DIR,
then the JSON and text it prints."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "bench" / "eval" / "eval.py"
OUTCOMES = {"likely_real", "inconclusive", "likely_fake", "not_applicable", "failed"}
JOB_ENDED = {"COMPLETED", "FAILED", "CANCELLED", "REFUSED"}


@pytest.fixture
def tiny_set(tmp_path, media):
    """Labels need not be true here: the harness is under test, not a detector."""
    d = tmp_path / "set"
    d.mkdir()
    shutil.copy(media.face_mp4(2.0), d / "astronaut.mp4")
    shutil.copy(media.h264_mp4(seconds=2.0), d / "megamind.mp4")
    shutil.copy(media.text_file(), d / "notes.txt")
    (d / "labels.csv").write_text("file,label,source\n"
                                  "astronaut.mp4,real,skimage astronaut still\n"
                                  "megamind.mp4,fake,opencv-doc Megamind cut\n"
                                  "notes.txt,real,plain text the API refuses\n")
    return d


def run_harness(set_dir: Path, api, key: str, out_json: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(EVAL), str(set_dir), "--labels", str(set_dir / "labels.csv"),
                           "--url", api.base_url, "--key", key, "--frames", "4", "--json", str(out_json),
                           "--set-name", "tiny", "--timeout-s", "240"],
                          capture_output=True, text=True, timeout=600)


def in_unit_interval(value) -> bool:
    return isinstance(value, float) and 0.0 <= value <= 1.0


def test_harness_measures_every_clip_of_a_tiny_set(tiny_set, api, users, start_worker, tmp_path):
    start_worker()
    out_json = tmp_path / "eval.json"

    proc = run_harness(tiny_set, api, users["alice"], out_json)

    assert proc.returncode == 0, proc.stderr
    result = json.loads(out_json.read_text())
    clips = {c["file"]: c for c in result["clips"]}
    assert [c["file"] for c in result["clips"]] == ["astronaut.mp4", "megamind.mp4", "notes.txt"]
    for clip in clips.values():
        assert clip["status"] in JOB_ENDED, clip
        assert clip["outcome"] in OUTCOMES, clip
        assert clip["time_s"] is not None and clip["time_s"] >= 0

    for name in ("astronaut.mp4", "megamind.mp4"):
        clip = clips[name]
        assert clip["status"] == "COMPLETED", clip
        assert clip["verdict"] == clip["outcome"]
        assert clip["frames_used"] is not None and clip["frames_used"] <= 4
        assert clip["detectors"], "a completed video job lists its detectors"
        assert all(s is None or 0.0 <= s <= 1.0 for s in clip["detectors"].values())

    refused = clips["notes.txt"]
    assert refused["outcome"] == "failed" and refused["status"] == "REFUSED"
    assert refused["error_code"], "a refused upload keeps the API's error code"
    assert refused["fake_score"] is None

    summary = result["summary"]
    assert summary["clips_per_label"] == {"real": 2, "fake": 1}
    assert summary["anecdotal"] is True
    fused = summary["fused"]
    assert in_unit_interval(fused["auc"])
    assert fused["missing_score_counts_as"] == 0.5
    assert fused["missing_scores"] >= 1
    assert sum(sum(row.values()) for row in fused["confusion"].values()) == 3
    assert fused["confusion"]["real"]["failed"] == 1 and fused["failed"] == 1
    assert fused["confident_wrong"] == (fused["confusion"]["fake"]["likely_real"]
                                        + fused["confusion"]["real"]["likely_fake"])
    assert in_unit_interval(fused["inconclusive_rate"])
    assert summary["detectors"], "per-detector figures are present"
    for name, figures in summary["detectors"].items():
        assert in_unit_interval(figures["auc"]), (name, figures)
        assert figures["ece"] is None or in_unit_interval(figures["ece"]), (name, figures)
        assert figures["ece_bins"] == 10
        assert figures["scored"] + figures["missing_scores"] == 3

    text = proc.stdout
    assert "anecdotal" in text
    assert "10 equal-width bins" in text
    assert "Verdict confusion matrix" in text
    for name in clips:
        assert name in text
