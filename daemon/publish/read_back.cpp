// read_back(): an independent consumer (no group, nothing committed) that reads the topic from a
// point in time up to the end as it is at the call, collecting the keys it is asked about. The
// daemon uses it at start to close the window between "the broker acknowledged" and "the store
// recorded it": whatever a previous run got into the topic is found here and not produced again.
#include <algorithm>
#include <vector>

#include "publish/kafka_handle.h"

namespace publish {
namespace {

using Clock = std::chrono::steady_clock;

struct ConsumerCloser {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
};
using ConsumerPtr = std::unique_ptr<rd_kafka_t, ConsumerCloser>;
struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using ListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::max<std::int64_t>(left, 1));
}

// How many partitions the topic has; 0 and `error` when it cannot be told.
int partition_count(rd_kafka_t* rk, const Options& o, Clock::time_point deadline, std::string& error) {
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, ms_left(deadline))) {
    error = std::string("publish: reading back '") + o.topic + "': metadata: " + rd_kafka_err2str(err);
    return 0;
  }
  int n = 0;
  for (int i = 0; i < md->topic_cnt; ++i)
    if (o.topic == md->topics[i].topic && !md->topics[i].err) n = md->topics[i].partition_cnt;
  rd_kafka_metadata_destroy(md);
  if (n == 0) error = "publish: reading back '" + o.topic + "': topic not found";
  return n;
}

}  // namespace

std::string read_back(const Options& o, const std::unordered_set<std::string>& keys, std::int64_t since_unix_ms,
                      std::unordered_set<std::string>& found) {
  if (keys.empty()) return {};
  const auto deadline = Clock::now() + o.read_back_timeout;
  std::string error;
  ConfPtr conf = make_conf(o, Purpose::kCheck, error);
  if (!conf) return error;
  char errstr[512];
  rd_kafka_conf_set(conf.get(), "group.id", "newswatchd-read-back", errstr, sizeof errstr);  // never joined
  rd_kafka_conf_set(conf.get(), "enable.auto.commit", "false", errstr, sizeof errstr);
  rd_kafka_conf_set(conf.get(), "enable.auto.offset.store", "false", errstr, sizeof errstr);
  rd_kafka_conf_set(conf.get(), "isolation.level", "read_committed", errstr, sizeof errstr);
  rd_kafka_conf_set(conf.get(), "enable.partition.eof", "true", errstr, sizeof errstr);
  ConsumerPtr rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr));
  if (!rk) return std::string("publish: cannot create the read-back consumer: ") + errstr;
  conf.release();

  const int partitions = partition_count(rk.get(), o, deadline, error);
  if (partitions == 0) return error;
  // Where to start: the first offset at or after `since` (offsets_for_times), else the start of
  // the partition — reading too much is only slower, reading too little would duplicate.
  // Where to stop: the end offsets as they are now.
  ListPtr times(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(times.get(), o.topic.c_str(), p)->offset = since_unix_ms;
  const bool by_time = rd_kafka_offsets_for_times(rk.get(), times.get(), ms_left(deadline)) == RD_KAFKA_RESP_ERR_NO_ERROR;

  std::vector<std::int64_t> begin(static_cast<std::size_t>(partitions), 0), end(begin);
  std::vector<int> probe;  // partitions the time lookup called empty: check their last record
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0, high = 0;
    if (rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(rk.get(), o.topic.c_str(), p, &low, &high, ms_left(deadline)))
      return "publish: reading back '" + o.topic + "' [" + std::to_string(p) + "]: " + rd_kafka_err2str(err);
    const auto i = static_cast<std::size_t>(p);
    end[i] = high;
    begin[i] = low;
    const rd_kafka_topic_partition_t& t = times->elems[p];
    if (by_time && !t.err && t.offset >= low) begin[i] = std::min(t.offset, high);
    else if (by_time && !t.err && t.offset == RD_KAFKA_OFFSET_END && high > low) probe.push_back(p);
  }
  // "Nothing that recent" is trusted only if the last record says so: some brokers (librdkafka's
  // mock cluster among them) answer every time lookup with "end", which would make us miss keys.
  if (!probe.empty()) {
    ListPtr last(rd_kafka_topic_partition_list_new(static_cast<int>(probe.size())));
    for (int p : probe) rd_kafka_topic_partition_list_add(last.get(), o.topic.c_str(), p)->offset = end[static_cast<std::size_t>(p)] - 1;
    if (rd_kafka_resp_err_t err = rd_kafka_assign(rk.get(), last.get()))
      return std::string("publish: reading back: assign: ") + rd_kafka_err2str(err);
    std::vector<int> unknown = probe;
    while (!unknown.empty() && Clock::now() < deadline) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 100);
      if (!m) continue;
      auto it = std::find(unknown.begin(), unknown.end(), m->partition);
      if (!m->err && it != unknown.end()) {
        rd_kafka_timestamp_type_t type;
        const std::int64_t ts = rd_kafka_message_timestamp(m, &type);
        const auto i = static_cast<std::size_t>(m->partition);
        begin[i] = ts >= 0 && ts < since_unix_ms ? end[i] : begin[i];  // older: nothing to read
        unknown.erase(it);
      }
      rd_kafka_message_destroy(m);
    }
    if (!unknown.empty()) return "publish: reading back '" + o.topic + "': no answer within the deadline";
  }
  ListPtr assign(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    const auto i = static_cast<std::size_t>(p);
    if (begin[i] < end[i]) rd_kafka_topic_partition_list_add(assign.get(), o.topic.c_str(), p)->offset = begin[i];
  }
  if (assign->cnt == 0) return {};
  if (rd_kafka_resp_err_t err = rd_kafka_assign(rk.get(), assign.get()))
    return std::string("publish: reading back: assign: ") + rd_kafka_err2str(err);

  // A partition is done at its end offset as seen above, or at an end-of-partition event past it.
  std::size_t open = static_cast<std::size_t>(assign->cnt);
  std::vector<bool> done(static_cast<std::size_t>(partitions), false);
  auto reached = [&](int p, std::int64_t next) {
    auto i = static_cast<std::size_t>(p);
    if (!done[i] && next >= end[i]) done[i] = true, --open;
  };
  while (open > 0) {
    if (Clock::now() >= deadline)
      return "publish: reading back '" + o.topic + "' did not reach the end within " +
             std::to_string(o.read_back_timeout.count()) + " ms";
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 100);
    if (!m) continue;
    if (!m->err && m->partition >= 0 && m->partition < partitions) {
      if (m->key) {
        std::string key(static_cast<const char*>(m->key), m->key_len);
        if (keys.count(key)) found.insert(std::move(key));
      }
      reached(m->partition, m->offset + 1);
    } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF && m->partition >= 0 && m->partition < partitions) {
      reached(m->partition, m->offset);
    } else if (m->err) {
      error = std::string("publish: reading back '") + o.topic + "': " + rd_kafka_message_errstr(m);
    }
    rd_kafka_message_destroy(m);
  }
  return {};
}

}  // namespace publish
