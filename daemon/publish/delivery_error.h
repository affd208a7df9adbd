// Internal: which librdkafka errors mean a message can never be delivered.
#pragma once

#include <librdkafka/rdkafka.h>

namespace publish {

/// True when retrying the same message cannot succeed (too large, invalid, not authorised…).
/// Timeouts, transport errors and leader changes are not permanent. Pure.
bool is_permanent(rd_kafka_resp_err_t err);

}  // namespace publish
