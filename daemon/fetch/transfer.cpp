#include "fetch/transfer.h"

#include <cstdlib>

#include "fetch/http_cache.h"

namespace fetch {
namespace {

constexpr const char* kAccept =
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, */*;q=0.5";
constexpr const char* kAcceptPage =
    "text/html, application/xhtml+xml;q=0.9, application/xml;q=0.8, text/plain;q=0.7, */*;q=0.5";

curl_slist* request_headers(const Request& request) {
  const char* accept = request.page ? kAcceptPage : kAccept;
  curl_slist* list = curl_slist_append(nullptr, (std::string("Accept: ") + accept).c_str());
  if (!request.etag.empty()) {
    list = curl_slist_append(list, ("If-None-Match: " + request.etag).c_str());
  }
  if (!request.last_modified.empty()) {
    list = curl_slist_append(list, ("If-Modified-Since: " + request.last_modified).c_str());
  }
  return list;
}

std::string info_string(CURL* easy, CURLINFO what) {
  char* value = nullptr;
  curl_easy_getinfo(easy, what, &value);
  return value ? value : "";
}

}  // namespace

Transfer::Transfer(Request request, const Options& opts, const std::string& user_agent, CURL* easy)
    : request_(std::move(request)),
      easy_(easy ? easy : curl_easy_init()),
      max_body_bytes_(opts.max_body_bytes) {
  if (!easy_) std::abort();  // out of memory: nothing sensible left to do
  headers_ = request_headers(request_);
  set_options(opts, user_agent);
}

Transfer::~Transfer() {
  if (easy_) curl_easy_cleanup(easy_);
  curl_slist_free_all(headers_);
}

CURL* Transfer::release() {
  CURL* easy = easy_;
  easy_ = nullptr;
  curl_easy_reset(easy);  // drops every option (our header list too) but keeps its caches
  return easy;
}

void Transfer::set_options(const Options& opts, const std::string& user_agent) {
  curl_easy_setopt(easy_, CURLOPT_URL, request_.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, opts.max_redirects);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opts.connect_timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(opts.total_timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(easy_, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(opts.max_body_bytes));
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_buffer_);
  // HTTP/2 over TLS when the server offers it (multiplexed on one connection per host), HTTP/1.1
  // with keep-alive otherwise; the connection pool and DNS cache live in the shared multi handle.
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(easy_, CURLOPT_DNS_CACHE_TIMEOUT, 300L);
  curl_easy_setopt(easy_, CURLOPT_TCP_KEEPALIVE, 1L);
}

// Bodies arrive decoded; stop as soon as one grows past the cap (a gzip bomb too).
std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto& transfer = *static_cast<Transfer*>(self);
  const std::size_t n = size * count;
  if (transfer.body_.size() + n > transfer.max_body_bytes_) {
    transfer.too_large_ = true;
    return CURL_WRITEFUNC_ERROR;
  }
  transfer.body_.append(data, n);
  return n;
}

std::string Transfer::response_header(const char* name) const {
  curl_header* header = nullptr;
  // request -1: the last response, i.e. after redirects.
  if (curl_easy_header(easy_, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK) return {};
  return header->value;
}

Outcome Transfer::outcome_of(CURLcode code, long status, bool has_retry_after) const {
  switch (code) {
    case CURLE_OK: return classify_status(status, has_retry_after);
    case CURLE_OPERATION_TIMEDOUT: return Outcome::timeout;
    case CURLE_FILESIZE_EXCEEDED: return Outcome::too_large;
    case CURLE_WRITE_ERROR: return too_large_ ? Outcome::too_large : Outcome::network_error;
    default: return Outcome::network_error;
  }
}

std::string Transfer::error_text(CURLcode code, long status) const {
  if (code == CURLE_OK) return "HTTP " + std::to_string(status);
  if (too_large_) return "body larger than " + std::to_string(max_body_bytes_) + " bytes";
  return error_buffer_[0] ? error_buffer_ : curl_easy_strerror(code);
}

Completed Transfer::finish(CURLcode code, double now_wall) {
  Completed done;
  Result& r = done.result;
  r.source = request_.source;
  r.url = request_.url;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &r.http_status);
  r.effective_url = info_string(easy_, CURLINFO_EFFECTIVE_URL);
  r.content_type = info_string(easy_, CURLINFO_CONTENT_TYPE);
  r.content_language = response_header("Content-Language");
  r.content_location = response_header("Content-Location");
  r.etag = response_header("ETag");
  r.last_modified = response_header("Last-Modified");
  curl_off_t bytes = 0;
  curl_easy_getinfo(easy_, CURLINFO_SIZE_DOWNLOAD_T, &bytes);
  r.bytes = static_cast<std::size_t>(bytes);
  curl_easy_getinfo(easy_, CURLINFO_TOTAL_TIME, &r.seconds);
  const std::string retry_after = response_header("Retry-After");
  if (!retry_after.empty()) done.retry_after = parse_retry_after(retry_after, now_wall);
  r.outcome = outcome_of(code, r.http_status, done.retry_after.has_value());
  done.permanent = code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT ||
                   code == CURLE_TOO_MANY_REDIRECTS;
  if (is_success(r.outcome)) {
    done.fresh_for = freshness_lifetime(response_header("Cache-Control"), response_header("Expires"),
                                        response_header("Date"), now_wall);
  }
  if (r.outcome == Outcome::ok) {
    r.body = std::move(body_);
  } else if (r.outcome != Outcome::not_modified) {
    r.error = error_text(code, r.http_status);
  }
  return done;
}

}  // namespace fetch
