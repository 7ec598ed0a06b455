"""Audio-only uploads (a voice message, a podcast): m4a, mp3, wav and
ogg/opus files become jobs whose media is audio (no width, height or fps);
a file with neither pictures nor sound is still refused NO_VIDEO_STREAM."""
import random
import subprocess
from pathlib import Path

import pytest


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", *map(str, args)], check=True, timeout=120)


@pytest.fixture(scope="module")
def audio_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("audio")


def tone(audio_dir: Path, name: str, *codec) -> Path:
    """Two seconds of a 440 Hz tone, no video, encoded as `codec` says."""
    out = audio_dir / name
    if not out.exists():
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=2", *codec, out)
    return out


# file name, encoder options, what sniffing calls it, the codec probing finds
AUDIO_FILES = [
    ("voice.m4a", ["-c:a", "aac"], "audio/mp4", "aac"),
    ("voice.mp3", ["-c:a", "libmp3lame"], "audio/mpeg", "mp3"),
    ("voice.wav", [], "audio/wav", "pcm_s16le"),
    ("voice.ogg", ["-c:a", "libopus"], "audio/ogg", "opus"),
]


@pytest.mark.parametrize("name,codec,sniffed,codec_name", AUDIO_FILES)
def test_audio_only_files_are_accepted_as_audio_jobs(alice, audio_dir, state_dir, name, codec, sniffed, codec_name):
    data = tone(audio_dir, name, *codec).read_bytes()
    res = alice.upload(data, filename=name, content_type=sniffed)
    assert res.status == 202, res.body
    job = res.json()
    assert job["status"] == "PENDING"
    m = job["media"]
    assert (m["content_type"], m["codec"]) == (sniffed, codec_name)
    assert (m["width"], m["height"], m["fps"]) == (0, 0, 0)
    assert 1.9 < m["duration_s"] < 2.2
    assert (state_dir / "media" / m["sha256"][:2] / m["sha256"]).read_bytes() == data
    assert list((state_dir / "tmp").iterdir()) == []
    assert alice.get(f"/api/v1/jobs/{job['job_id']}").json()["media"] == m


def test_a_raw_audio_body_is_accepted(alice, audio_dir):
    data = tone(audio_dir, "voice.mp3", "-c:a", "libmp3lame").read_bytes()
    res = alice.upload_raw(data, content_type="audio/mpeg", headers={"X-Filename": "voice.mp3"})
    assert res.status == 202, res.body
    assert res.json()["media"]["codec"] == "mp3"


def test_a_file_with_neither_video_nor_audio_has_no_video_stream(alice, audio_dir, state_dir):
    srt = audio_dir / "subtitles.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nHello\n")
    mkv = audio_dir / "subtitles-only.mkv"
    ffmpeg("-i", srt, mkv)
    res = alice.upload(mkv.read_bytes(), filename="subtitles.mkv")
    assert (res.status, res.error_code) == (422, "NO_VIDEO_STREAM"), res.body
    assert "audio" in res.json()["error"]["message"]
    assert list((state_dir / "tmp").iterdir()) == []
    assert alice.get("/api/v1/jobs").json()["jobs"] == []


def test_audio_that_does_not_decode_is_corrupt(alice, audio_dir, state_dir):
    good = tone(audio_dir, "faststart.m4a", "-c:a", "aac", "-movflags", "+faststart").read_bytes()
    mdat = good.index(b"mdat") + 4
    noise = random.Random(14).randbytes(len(good) - mdat)
    res = alice.upload(good[:mdat] + noise, filename="garbled.m4a", content_type="audio/mp4")
    assert (res.status, res.error_code) == (422, "CORRUPT_MEDIA"), res.body
    assert list((state_dir / "tmp").iterdir()) == []


def test_audio_longer_than_the_limit_is_refused(start_api, users, audio_dir):
    server = start_api("--max-duration-s", "1")
    res = server.client(users["alice"]).upload(tone(audio_dir, "voice.wav").read_bytes(), filename="voice.wav")
    assert (res.status, res.error_code) == (422, "MEDIA_TOO_LONG"), res.body
    assert "audio" in res.json()["error"]["message"]
