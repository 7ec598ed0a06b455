#pragma once
// Cameras and phones often store a JPEG's pixels as the sensor saw them and
// say in the EXIF Orientation tag how to turn them for display; viewers and
// browsers do. The analysis must see (and box faces in) the picture as shown.
#include <filesystem>

namespace deeptrace::media {

// The clockwise turn (0, 90, 180 or 270 degrees) that the file's EXIF
// Orientation asks for; 0 without EXIF, without the tag, or for a mirrored
// orientation (2, 4, 5, 7: rare, and read as not turned). Read with libexif.
int exif_clockwise_rotation(const std::filesystem::path& file);

}  // namespace deeptrace::media
