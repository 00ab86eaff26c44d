// Private to media: libvips is started once per process, on first use.
#pragma once

namespace tapchi::media {

// Starts libvips (one worker thread per operation) the first time; throws if it cannot start.
void ensure_vips();

}  // namespace tapchi::media
