// The Kafka message for a matched item: key = item id, value = JSON described by
// docs/message.schema.json (schema_version 1), headers naming profile, source and schema version,
// plus CloudEvents binary-mode attributes (ce_*) so event-driven consumers can use it as is.
#pragma once

#include <string>

#include "classify/topic_filter.h"
#include "core/article.h"
#include "publish/publisher.h"

namespace app {

inline constexpr int kSchemaVersion = 1;
inline constexpr const char* kEventType = "org.newswatch.match.v1";

/// Builds the message for `article` (summary already plain text) matched by `verdict`.
/// `fetched` is the wall-clock time (Unix seconds) of the fetch that brought the item.
publish::Message build_message(const core::Article& article, const std::string& item_id,
                               const classify::Verdict& verdict, double fetched);

}  // namespace app
