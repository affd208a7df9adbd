#include "app/cli_extract.h"

#include <curl/curl.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/article.h"
#include "core/version.h"
#include "extract/extractor.h"

namespace app {
namespace {

constexpr int kUsageError = 2;
constexpr std::size_t kMaxPageBytes = 8u << 20;

int usage(const std::string& problem) {
  std::cerr << "newswatchd: " << problem << "\nTry 'newswatchd --help'.\n";
  return kUsageError;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > kMaxPageBytes) return 0;  // over the cap: abort the transfer
  body->append(data, size * n);
  return size * n;
}

struct Page {
  std::string body, content_type, effective_url, error;
  long status = 0;
};

// One GET with redirects, a timeout and a size cap (discover is a one-shot command).
Page fetch_page(const std::string& url) {
  Page p;
  CURL* h = curl_easy_init();
  if (!h) return p.error = "curl_easy_init failed", p;
  const std::string agent = std::string(core::kDaemonName) + "/" + core::kVersion;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &p.body);
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) p.error = curl_easy_strerror(rc);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &p.status);
  char* ct = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) p.content_type = ct;
  char* eff = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) p.effective_url = eff;
  curl_easy_cleanup(h);
  return p;
}

}  // namespace

int cmd_extract(const std::vector<std::string>& args) {
  std::string file, url, content_type;
  bool json = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") json = true;
    else if ((a == "--url" || a == "--content-type") && i + 1 < args.size()) (a == "--url" ? url : content_type) = args[++i];
    else if (a.size() > 1 && a[0] == '-') return usage("unknown or incomplete option '" + a + "'");
    else if (file.empty()) file = a;
    else return usage("unexpected argument '" + a + "'");
  }
  if (file.empty()) return usage("extract needs a FILE ('-' for stdin)");
  std::ostringstream bytes;
  if (file == "-") {
    bytes << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::cerr << "newswatchd: cannot read " << file << "\n", 1;
    bytes << in.rdbuf();
  }
  extract::Article a = extract::extract_article(bytes.str(), url, content_type);
  if (!json) {
    std::cout << a.text << (a.text.empty() ? "" : "\n");
    return 0;
  }
  nlohmann::json j{{"title", a.title}, {"author", a.author}, {"language", a.language},
                   {"canonical_url", a.canonical_url}, {"text", a.text}};
  j["published"] = a.published ? nlohmann::json(core::format_utc(*a.published)) : nlohmann::json(nullptr);
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

int cmd_discover(const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0].empty() || args[0][0] == '-') return usage("discover needs exactly one URL");
  Page p = fetch_page(args[0]);
  if (!p.error.empty()) return std::cerr << "newswatchd: " << args[0] << ": " << p.error << "\n", 1;
  if (p.status < 200 || p.status >= 300)
    return std::cerr << "newswatchd: " << args[0] << ": HTTP " << p.status << "\n", 1;
  auto feeds = extract::find_feeds(extract::to_utf8(p.body, p.content_type), p.effective_url.empty() ? args[0] : p.effective_url);
  for (const auto& f : feeds) std::cout << f << "\n";
  if (feeds.empty()) std::cerr << "newswatchd: no feeds advertised by " << args[0] << "\n";
  return feeds.empty() ? 1 : 0;
}

}  // namespace app
