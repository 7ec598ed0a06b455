"""Where the binaries and test inputs live."""
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MEGAMIND_AVI = Path("/usr/share/doc/opencv-doc/examples/data/Megamind.avi")
ASTRONAUT_PNG = Path("/usr/lib/python3/dist-packages/skimage/data/astronaut.png")


def build_dir() -> Path:
    """The CMake build directory under test (env DEEPTRACE_BUILD_DIR)."""
    return Path(os.environ.get("DEEPTRACE_BUILD_DIR", REPO_ROOT / "build")).resolve()


def binary(name: str) -> Path:
    """Path of an executable in <build>/bin (may not exist yet)."""
    return build_dir() / "bin" / name


def models_dir() -> Path:
    """Converted models (TorchScript + models.json), a build output."""
    return build_dir() / "models"
