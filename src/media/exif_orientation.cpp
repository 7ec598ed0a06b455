#include "media/exif_orientation.hpp"

#include <memory>

#include <libexif/exif-data.h>

namespace deeptrace::media {
namespace {

struct ExifDataUnref {
  void operator()(ExifData* data) const { exif_data_unref(data); }
};

// EXIF Orientation values (TIFF 6.0): 1 as stored, 3 upside down, 6 and 8
// a quarter turn; the others mirror.
int rotation_of(int orientation) {
  switch (orientation) {
    case 3: return 180;
    case 6: return 90;
    case 8: return 270;
    default: return 0;
  }
}

}  // namespace

int exif_clockwise_rotation(const std::filesystem::path& file) {
  std::unique_ptr<ExifData, ExifDataUnref> data(exif_data_new_from_file(file.c_str()));
  if (!data) return 0;
  ExifEntry* entry = exif_data_get_entry(data.get(), EXIF_TAG_ORIENTATION);
  if (!entry || entry->format != EXIF_FORMAT_SHORT || entry->components < 1 || entry->size < 2) return 0;
  return rotation_of(exif_get_short(entry->data, exif_data_get_byte_order(data.get())));
}

}  // namespace deeptrace::media
