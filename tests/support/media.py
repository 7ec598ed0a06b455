"""Test media generated with ffmpeg from the Debian sample files, cached per
test session. Never commit media binaries."""
import shutil
import struct
import subprocess
from pathlib import Path

from . import paths


class MediaFactory:
    """Creates (once) and returns paths of test media files in `cache_dir`."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)

    def _make(self, name: str, args) -> Path:
        out = self.cache_dir / name
        if not out.exists():
            if shutil.which("ffmpeg") is None:
                raise RuntimeError("ffmpeg CLI not installed")
            tmp = out.with_name("tmp-" + name)
            subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", *args, str(tmp)], check=True, timeout=120)
            tmp.rename(out)
        return out

    def h264_mp4(self, seconds: float = 2.0, width: int = 320) -> Path:
        """A real H.264/MP4 clip cut from Megamind.avi."""
        return self._make(f"megamind-{seconds}s-{width}.mp4", [
            "-i", str(paths.MEGAMIND_AVI), "-t", str(seconds), "-vf", f"scale={width}:-2",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-an"])

    def face_mp4(self, seconds: float = 2.0) -> Path:
        """A still real human face (astronaut.png) as an H.264 video."""
        return self._make(f"astronaut-{seconds}s.mp4", [
            "-loop", "1", "-i", str(paths.ASTRONAUT_PNG), "-t", str(seconds), "-r", "10",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"])

    def padded_face_mp4(self) -> Path:
        """The astronaut on a 640 x 512 landscape frame, upright, 2 s."""
        return self._make("astronaut-640x512.mp4", [
            "-loop", "1", "-i", str(paths.ASTRONAUT_PNG), "-t", "2", "-r", "10", "-vf", "pad=640:512:0:0",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"])

    def rotated_face_mp4(self) -> Path:
        """padded_face_mp4 as a phone stores it: coded turned a quarter
        clockwise (512 x 640) with display rotation metadata, so a player
        (ffmpeg, a browser) shows the same upright 640 x 512 picture."""
        sideways = self._make("astronaut-640x512-coded-sideways.mp4", [
            "-loop", "1", "-i", str(paths.ASTRONAUT_PNG), "-t", "2", "-r", "10", "-vf", "pad=640:512:0:0,transpose=1",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"])
        return self._make("astronaut-640x512-rotated.mp4", ["-i", str(sideways), "-c", "copy",
                                                             "-metadata:s:v:0", "rotate=90"])

    def padded_face_jpeg(self) -> Path:
        """The astronaut on a 640 x 512 landscape picture, upright."""
        return self._make("astronaut-640x512.jpg", [
            "-i", str(paths.ASTRONAUT_PNG), "-vf", "pad=640:512:0:0", "-frames:v", "1", "-q:v", "2"])

    def exif_rotated_face_jpeg(self) -> Path:
        """padded_face_jpeg as a camera stores it: pixels turned a quarter
        anticlockwise (512 x 640) and EXIF Orientation 6 ("turn 90 degrees
        clockwise to display"), so a viewer shows the upright picture."""
        sideways = self._make("astronaut-640x512-sideways.jpg", [
            "-i", str(paths.ASTRONAUT_PNG), "-vf", "pad=640:512:0:0,transpose=2", "-frames:v", "1", "-q:v", "2"])
        out = self.cache_dir / "astronaut-640x512-exif6.jpg"
        if not out.exists():
            out.write_bytes(with_exif_orientation(sideways.read_bytes(), 6))
        return out

    def webm(self, seconds: float = 1.0) -> Path:
        return self._make(f"megamind-{seconds}s.webm", [
            "-i", str(paths.MEGAMIND_AVI), "-t", str(seconds), "-vf", "scale=160:-2", "-c:v", "libvpx",
            "-b:v", "200k", "-an"])

    def audio_only_mp4(self) -> Path:
        """An MP4 container with AAC audio and no video stream."""
        return self._make("tone.m4a.mp4", ["-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac"])

    def audio_only(self, extension: str) -> Path:
        """One second of a tone with no video, in the container `extension`
        names (m4a, mp4, wav...)."""
        codec = [] if extension == "wav" else ["-c:a", "aac"]
        return self._make(f"tone.{extension}", ["-f", "lavfi", "-i", "sine=frequency=440:duration=1", *codec])

    def portrait_mp4(self, width: int = 1080, height: int = 1920, seconds: int = 10) -> Path:
        """The astronaut padded to a phone's portrait frame, 30 fps H.264."""
        return self._make(f"portrait-{width}x{height}-{seconds}s.mp4", [
            "-loop", "1", "-i", str(paths.ASTRONAUT_PNG), "-t", str(seconds),
            "-vf", f"scale={width}:{width},pad={width}:{height}:0:{(height - width) // 2},format=yuv420p",
            "-r", "30", "-c:v", "libx264", "-preset", "ultrafast"])

    def one_frame_mp4(self) -> Path:
        return self._make("one-frame.mp4", [
            "-i", str(paths.ASTRONAUT_PNG), "-frames:v", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p"])

    def jpeg(self) -> Path:
        return self._make("astronaut.jpg", ["-i", str(paths.ASTRONAUT_PNG)])

    def truncated_mp4(self, keep_fraction: float = 0.3) -> Path:
        """The first part of a valid MP4 (its index, at the end, is lost)."""
        out = self.cache_dir / f"truncated-{keep_fraction}.mp4"
        if not out.exists():
            data = self.h264_mp4().read_bytes()
            out.write_bytes(data[: int(len(data) * keep_fraction)])
        return out

    def text_file(self) -> Path:
        out = self.cache_dir / "notes.txt"
        if not out.exists():
            out.write_text("This is plain text, not a video.\n" * 20)
        return out


def with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """The JPEG with an APP1 Exif segment holding only the Orientation tag
    (0x0112, one SHORT), right after its SOI marker."""
    assert jpeg[:2] == b"\xff\xd8", "not a JPEG"
    ifd = struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd
    payload = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]
