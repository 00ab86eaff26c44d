// Private to importers: what the Markdown and WordPress importers share.
#pragma once
#include <string_view>

#include "core/core.h"
#include "importers/importers.h"
#include "media/media.h"
#include "store/store.h"

namespace tapchi::importers {

// The edition with this code, or an error listing the journal's editions (field "edition").
core::Result<core::Edition> find_edition(store::Store& store, std::string_view code);

// The library entry for a stored image.
core::Media library_entry(const media::StoredImage& file, const ImageInput& image);

}  // namespace tapchi::importers
