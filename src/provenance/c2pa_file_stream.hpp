#pragma once
// Internal: a stdio FILE as a C2PA SDK stream (read, seek, write, flush
// callbacks). Includes c2pa.h, whose seek-mode enumerators (Start, Current,
// End) are unprefixed: only the reader and the test signer include this.
#include <c2pa.h>

#include <cstdio>
#include <memory>

namespace deeptrace::provenance {

namespace file_stream_detail {
inline std::FILE* file_of(StreamContext* context) { return reinterpret_cast<std::FILE*>(context); }

inline intptr_t read(StreamContext* context, uint8_t* data, intptr_t len) {
  if (len < 0) return -1;
  std::size_t n = std::fread(data, 1, static_cast<std::size_t>(len), file_of(context));
  return n == 0 && std::ferror(file_of(context)) ? -1 : static_cast<intptr_t>(n);
}

inline intptr_t seek(StreamContext* context, intptr_t offset, C2paSeekMode mode) {
  int whence = mode == Start ? SEEK_SET : mode == Current ? SEEK_CUR : SEEK_END;
  if (fseeko(file_of(context), static_cast<off_t>(offset), whence) != 0) return -1;
  return static_cast<intptr_t>(ftello(file_of(context)));
}

inline intptr_t write(StreamContext* context, const uint8_t* data, intptr_t len) {
  if (len < 0) return -1;
  return std::fwrite(data, 1, static_cast<std::size_t>(len), file_of(context)) == static_cast<std::size_t>(len) ? len : -1;
}

inline intptr_t refuse_write(StreamContext*, const uint8_t*, intptr_t) { return -1; }
inline intptr_t flush(StreamContext* context) { return std::fflush(file_of(context)) == 0 ? 0 : -1; }
}  // namespace file_stream_detail

struct StreamRelease {
  void operator()(C2paStream* stream) const {
    if (stream) c2pa_release_stream(stream);
  }
};
using StreamPtr = std::unique_ptr<C2paStream, StreamRelease>;

// The stream over `file` (which must outlive it); read-only unless `writable`.
inline StreamPtr file_stream(std::FILE* file, bool writable) {
  namespace d = file_stream_detail;
  return StreamPtr(c2pa_create_stream(reinterpret_cast<StreamContext*>(file), d::read, d::seek,
                                      writable ? d::write : d::refuse_write, d::flush));
}

}  // namespace deeptrace::provenance
