// The librdkafka producer lifecycle (after librdkafka's examples/idempotent_producer.c):
// callbacks set before rd_kafka_new, produce with a bounded poll-and-retry on QUEUE_FULL,
// poll regularly, stop taking messages after a fatal error, flush with a deadline at the end.
// Each message carries a sequence number as its opaque; the item id stays in our map, so nothing
// leaks if the handle is destroyed with messages outstanding.
//
// The topic handle is made with the producer, and its metadata asked for at once: librdkafka
// otherwise learns a topic only at the first message to it, and looks its partitions up on its
// next one-second timer, so the first match after a start waited 0.4–1 s for its acknowledgement
// (measured in bench/scale; the rest took ~8 ms).
#include <algorithm>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "publish/delivery_error.h"
#include "publish/kafka_handle.h"

namespace publish {
namespace {

using Clock = std::chrono::steady_clock;

class KafkaPublisher final : public Publisher {
 public:
  KafkaPublisher(const Options& o, DeliveryCallback cb)
      : options_(o), on_delivery_(std::move(cb)) {}
  ~KafkaPublisher() override;

  bool init(std::string& error);
  bool produce(Message m) override;
  void poll(std::chrono::milliseconds timeout) override;
  std::size_t queue_depth() const override;
  std::size_t flush(std::chrono::milliseconds timeout) override;
  std::string fatal_error() const override;
  std::string recreate() override;
  std::string find_published(const std::unordered_set<std::string>& keys, std::int64_t since_unix_ms,
                             std::unordered_set<std::string>& found) override {
    return read_back(options_, keys, since_unix_ms, found);
  }
  Stats stats() const override;

 private:
  static int on_stats(rd_kafka_t*, char* json, size_t len, void* self);
  static void on_report(rd_kafka_t*, const rd_kafka_message_t* msg, void* self);
  static void on_error(rd_kafka_t* rk, int err, const char* reason, void* self);

  void learn_topic();
  rd_kafka_resp_err_t try_produce(const Message& m, std::uint64_t seq);
  rd_kafka_resp_err_t produce_with_retry(const Message& m, std::uint64_t seq);
  std::uint64_t track(const std::string& item_id);
  void report(std::uint64_t seq, rd_kafka_resp_err_t err);
  void report_refused();

  const Options options_;
  DeliveryCallback on_delivery_;
  HandlePtr rk_;
  TopicPtr topic_;  // of rk_: destroyed before it
  mutable std::mutex mu_;                                               // guards the members below
  std::unordered_map<std::uint64_t, std::string> outstanding_;          // seq → item id
  std::vector<std::pair<std::uint64_t, rd_kafka_resp_err_t>> refused_;  // reported at next poll
  std::uint64_t next_seq_ = 0;
  std::string fatal_;
  Stats stats_;
};

KafkaPublisher::~KafkaPublisher() {
  on_delivery_ = nullptr;  // rd_kafka_destroy() must not call back into the owner
  topic_.reset();
  rk_.reset();
}

bool KafkaPublisher::init(std::string& error) {
  ConfPtr conf = make_conf(options_, Purpose::kProduce, error);
  if (!conf) return false;
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaPublisher::on_report);
  rd_kafka_conf_set_error_cb(conf.get(), &KafkaPublisher::on_error);
  rd_kafka_conf_set_stats_cb(conf.get(), &KafkaPublisher::on_stats);
  rk_ = make_producer(std::move(conf), error);
  if (!rk_) return false;
  topic_.reset(rd_kafka_topic_new(rk_.get(), options_.topic.c_str(), nullptr));
  if (!topic_) {
    error = "publish: cannot create topic handle '" + options_.topic + "': " + rd_kafka_err2str(rd_kafka_last_error());
    rk_.reset();
    return false;
  }
  learn_topic();
  return true;
}

// Asks for the topic's partitions and leaders now (by name, as librdkafka itself would at the first
// message; check_broker() has seen that the topic exists, so no broker creates it). Bounded: if the
// broker does not answer, librdkafka keeps asking by itself and the messages wait in its queue.
void KafkaPublisher::learn_topic() {
  constexpr int kTimeoutMs = 2000;
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk_.get(), 0, topic_.get(), &md, kTimeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR)
    rd_kafka_metadata_destroy(md);
}

// The broken handle's outstanding messages are forgotten first, so that no report for them can
// reach the owner (report() ignores unknown sequence numbers); the owner replays them instead.
std::string KafkaPublisher::recreate() {
  {
    std::lock_guard lock(mu_);
    outstanding_.clear();
    refused_.clear();
    fatal_.clear();
  }
  if (rk_) {
    rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT | RD_KAFKA_PURGE_F_NON_BLOCKING);
    topic_.reset();
    rk_.reset();
  }
  std::string error;
  if (!init(error)) {
    std::lock_guard lock(mu_);
    fatal_ = "cannot recreate the producer: " + error;
    return error;
  }
  return {};
}

// The object member `key` of `j`, or nullptr when `j` is null or not an object or has no such object.
const nlohmann::json* member(const nlohmann::json* j, const std::string& key) {
  if (j == nullptr || !j->is_object()) return nullptr;
  const auto it = j->find(key);
  return it != j->end() && it->is_object() ? &*it : nullptr;
}

// A few numbers from librdkafka's statistics JSON (see its STATISTICS.md).
int KafkaPublisher::on_stats(rd_kafka_t*, char* json, size_t len, void* self) {
  auto j = nlohmann::json::parse(json, json + len, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return 0;
  Stats st;
  st.queue_messages = j.value("msg_cnt", 0.0);
  if (const auto* brokers = member(&j, "brokers")) {
    for (const auto& [name, b] : brokers->items()) {
      if (!b.is_object() || b.value("nodeid", -1) < 0) continue;  // bootstrap placeholders
      st.tx_errors += b.value("txerrs", 0.0);
      st.tx_retries += b.value("txretries", 0.0);
      if (const auto* rtt = member(&b, "rtt")) st.broker_rtt_seconds[name] = rtt->value("avg", 0.0) / 1e6;
    }
  }
  auto* p = static_cast<KafkaPublisher*>(self);
  if (const auto* partitions = member(member(member(&j, "topics"), p->options_.topic), "partitions")) {
    for (const auto& [id, part] : partitions->items()) {  // "-1" is librdkafka's unassigned queue
      if (id != "-1" && part.is_object() && part.value("leader", -1) >= 0) ++st.topic_partitions;
    }
  }
  std::lock_guard lock(p->mu_);
  p->stats_ = std::move(st);
  return 0;  // librdkafka frees the JSON
}

Stats KafkaPublisher::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

bool KafkaPublisher::produce(Message m) {
  if (!fatal_error().empty()) return false;
  const std::uint64_t seq = track(m.item_id);
  const rd_kafka_resp_err_t err = produce_with_retry(m, seq);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return true;
  std::lock_guard lock(mu_);
  if (is_permanent(err)) {
    refused_.emplace_back(seq, err);  // taken: retrying cannot help, so report it as failed
    return true;
  }
  outstanding_.erase(seq);  // not taken: the caller keeps the message
  return false;
}

// librdkafka's queue is bounded (queue.buffering.max.messages); serving delivery reports frees it.
rd_kafka_resp_err_t KafkaPublisher::produce_with_retry(const Message& m, std::uint64_t seq) {
  const auto deadline = Clock::now() + options_.queue_full_timeout;
  for (;;) {
    rd_kafka_resp_err_t err = try_produce(m, seq);
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || left.count() <= 0) return err;
    rd_kafka_poll(rk_.get(), static_cast<int>(std::min<std::int64_t>(left.count(), 100)));
  }
}

rd_kafka_resp_err_t KafkaPublisher::try_produce(const Message& m, std::uint64_t seq) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
  for (const auto& [name, value] : m.headers)
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  const char* key = m.key.empty() ? nullptr : m.key.data();
  rd_kafka_resp_err_t err = rd_kafka_producev(
      rk_.get(), RD_KAFKA_V_RKT(topic_.get()), RD_KAFKA_V_KEY(key, m.key.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(m.value.data()), m.value.size()),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers),
      RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(seq))), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) rd_kafka_headers_destroy(headers);  // still ours
  return err;
}

std::uint64_t KafkaPublisher::track(const std::string& item_id) {
  std::lock_guard lock(mu_);
  outstanding_.emplace(next_seq_, item_id);
  return next_seq_++;
}

void KafkaPublisher::report(std::uint64_t seq, rd_kafka_resp_err_t err) {
  Delivery d;
  {
    std::lock_guard lock(mu_);
    auto it = outstanding_.find(seq);
    if (it == outstanding_.end()) return;  // cannot happen: one report per message
    d.item_id = std::move(it->second);
    outstanding_.erase(it);
  }
  d.ok = err == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (!d.ok) d.error = rd_kafka_err2str(err);
  d.permanent = !d.ok && is_permanent(err);
  if (on_delivery_) on_delivery_(d);
}

void KafkaPublisher::report_refused() {
  decltype(refused_) refused;
  {
    std::lock_guard lock(mu_);
    refused.swap(refused_);
  }
  for (const auto& [seq, err] : refused) report(seq, err);
}

void KafkaPublisher::on_report(rd_kafka_t*, const rd_kafka_message_t* msg, void* self) {
  const auto seq = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(msg->_private));
  static_cast<KafkaPublisher*>(self)->report(seq, msg->err);
}

// Most errors are informational (librdkafka reconnects and retries by itself, and logs them);
// a fatal one (idempotence guarantees broken) means this producer must not be used again.
void KafkaPublisher::on_error(rd_kafka_t* rk, int err, const char* reason, void* self) {
  if (err != RD_KAFKA_RESP_ERR__FATAL) return;
  char why[512];
  rd_kafka_resp_err_t cause = rd_kafka_fatal_error(rk, why, sizeof why);
  auto* p = static_cast<KafkaPublisher*>(self);
  std::lock_guard lock(p->mu_);
  p->fatal_ = std::string(rd_kafka_err2name(cause)) + ": " + (cause ? why : reason);
}

void KafkaPublisher::poll(std::chrono::milliseconds timeout) {
  report_refused();
  rd_kafka_poll(rk_.get(), static_cast<int>(timeout.count()));
}

std::size_t KafkaPublisher::queue_depth() const {
  std::lock_guard lock(mu_);
  return outstanding_.size();
}

std::size_t KafkaPublisher::flush(std::chrono::milliseconds timeout) {
  report_refused();
  rd_kafka_flush(rk_.get(), static_cast<int>(timeout.count()));  // serves delivery reports
  return queue_depth();
}

std::string KafkaPublisher::fatal_error() const {
  std::lock_guard lock(mu_);
  return fatal_;
}

}  // namespace

std::unique_ptr<Publisher> make_kafka_publisher(const Options& o, DeliveryCallback on_delivery,
                                                std::string& error) {
  auto p = std::make_unique<KafkaPublisher>(o, std::move(on_delivery));
  if (!p->init(error)) return nullptr;
  return p;
}

}  // namespace publish
