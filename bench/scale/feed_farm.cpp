// A feed farm for the scale benchmark: one epoll thread serving N synthetic feeds on 127.0.0.1
// over HTTP/1.1 keep-alive, fast enough never to be the bottleneck.
//
//   feed_farm --feeds N --ports K --port-file FILE [--cycle SECONDS] [--new-share PERCENT]
//
// Feeds are /f/<i>.xml (i in [0, N)), spread over K listening ports (feed i on port i % K) so a
// client's per-host limits see K hosts. Feed i is RSS 2.0, Atom or RSS 1.0 (RDF) by i % 3, holds
// 20–50 items of realistic size with HTML in descriptions, and answers If-None-Match with 304.
// Every --cycle seconds, --new-share percent of the feeds (chosen by hash, different each cycle)
// gain one new item, dated when it appeared; one new item in ten is about an Iran–Russia treaty.
// Feeds with i % 100 == 7 answer after 2 s (slow); i % 100 == 13 answer 500, i % 100 == 29 answer
// 503 (failing). GET /__full/1 makes the farm ignore validators (every answer a full 200, same
// items), /__full/0 restores 304s. Stops on SIGTERM/SIGINT.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

volatile sig_atomic_t g_stop = 0;

struct Args {
  int feeds = 1000;
  int ports = 1;
  double cycle = 10;
  int new_share = 10;
  std::string port_file;
};

struct Conn {
  std::string in, out;
  std::size_t sent = 0;
  double reply_at = 0;  // a slow answer waits until then
  std::string pending;  // the slow answer
};

double now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string http_date(double t) {
  char buf[64];
  time_t tt = static_cast<time_t>(t);
  tm g{};
  gmtime_r(&tt, &g);
  strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &g);
  return buf;
}

std::string iso_date(double t) {
  char buf[64];
  time_t tt = static_cast<time_t>(t);
  tm g{};
  gmtime_r(&tt, &g);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &g);
  return buf;
}

std::uint32_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return static_cast<std::uint32_t>(x);
}

class Farm {
 public:
  explicit Farm(const Args& a) : a_(a), start_(now_s()), count_(a.feeds), last_cycle_(a.feeds, 0),
                                 born_(a.feeds) {
    for (int i = 0; i < a.feeds; ++i) {
      count_[i] = 20 + static_cast<int>(mix(i) % 31);
      born_[i].assign(count_[i], start_ - 3600 - 60.0 * count_[i]);
      for (int k = 0; k < count_[i]; ++k) born_[i][k] = start_ - 3600 - 60.0 * (count_[i] - k);
    }
  }

  bool full_mode = false;

  // Brings feed i up to date: one new item for each elapsed cycle that picked it.
  void advance(int i, double t) {
    const long cycle = static_cast<long>((t - start_) / a_.cycle);
    for (long c = last_cycle_[i] + 1; c <= cycle; ++c) {
      if (static_cast<int>(mix((static_cast<std::uint64_t>(c) << 32) ^ i) % 100) < a_.new_share) {
        ++count_[i];
        born_[i].push_back(start_ + c * a_.cycle);
        if (born_[i].size() > 50) born_[i].erase(born_[i].begin());
      }
    }
    last_cycle_[i] = cycle;
  }

  std::string etag(int i) const { return "\"f" + std::to_string(i) + "-" + std::to_string(count_[i]) + "\""; }

  std::string item_text(int i, int k, bool treaty, std::string& title) const {
    if (treaty) {
      title = "Iran and Russia move to ratify the comprehensive strategic partnership treaty (" + std::to_string(i) +
              "/" + std::to_string(k) + ")";
      return "<p>Tehran and Moscow <b>signed</b> the 20-year treaty on comprehensive strategic partnership; "
             "the Iranian parliament is expected to ratify the agreement with Russia this week, officials "
             "said on <a href=\"https://example.org/x\">Tuesday</a>.</p><p>The treaty covers energy, transport "
             "and security cooperation between the two countries.</p>";
    }
    static const char* topics[] = {"Harbour authority approves dredging plan", "Regional rail timetable changes",
                                   "Local council debates library budget", "Weather service warns of frost",
                                   "University opens new research wing", "Football club signs young striker"};
    title = std::string(topics[mix(i * 131 + k) % 6]) + " (" + std::to_string(i) + "/" + std::to_string(k) + ")";
    return "<p>The <em>decision</em> follows months of consultation with residents and businesses, "
           "according to a statement published on the city's website. <a href=\"https://example.org/more\">"
           "Read more</a> about the plan, which officials say will be reviewed next spring.</p><p>Critics "
           "argued that the costs had not been explained; supporters pointed to similar projects "
           "elsewhere that finished on time and within budget.</p>";
  }

  std::string body(int i) const {
    const int kind = i % 3;
    std::string out;
    out.reserve(24 * 1024);
    const std::string base = "http://farm.example/f/" + std::to_string(i);
    if (kind == 0) {
      out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Farm feed " +
             std::to_string(i) + "</title><link>" + base + "</link><description>Synthetic news</description>\n";
    } else if (kind == 1) {
      out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Farm feed " +
             std::to_string(i) + "</title><id>" + base + "</id><updated>" + iso_date(born_[i].back()) +
             "</updated>\n";
    } else {
      out += "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
             "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel rdf:about=\"" +
             base + "\"><title>Farm feed " + std::to_string(i) + "</title><link>" + base +
             "</link><description>Synthetic</description></channel>\n";
    }
    const int n = static_cast<int>(born_[i].size());
    for (int j = n - 1; j >= 0; --j) {
      const int k = count_[i] - (n - j);  // item number
      const bool treaty = k >= 20 + static_cast<int>(mix(i) % 31) && mix(i * 7 + k) % 10 == 0;
      std::string title;
      std::string text = item_text(i, k, treaty, title);
      const std::string link = base + "/item/" + std::to_string(k);
      std::string escaped;
      for (char c : text) {
        if (c == '<') escaped += "&lt;";
        else if (c == '>') escaped += "&gt;";
        else if (c == '&') escaped += "&amp;";
        else escaped += c;
      }
      if (kind == 0) {
        out += "<item><title>" + title + "</title><link>" + link + "</link><guid>" + link + "</guid><pubDate>" +
               http_date(born_[i][j]) + "</pubDate><description>" + escaped + "</description></item>\n";
      } else if (kind == 1) {
        out += "<entry><title>" + title + "</title><link href=\"" + link + "\"/><id>" + link + "</id><updated>" +
               iso_date(born_[i][j]) + "</updated><summary type=\"html\">" + escaped + "</summary></entry>\n";
      } else {
        out += "<item rdf:about=\"" + link + "\"><title>" + title + "</title><link>" + link + "</link><dc:date>" +
               iso_date(born_[i][j]) + "</dc:date><description>" + escaped + "</description></item>\n";
      }
    }
    out += kind == 0 ? "</channel></rss>\n" : kind == 1 ? "</feed>\n" : "</rdf:RDF>\n";
    return out;
  }

  // Answers one request; `slow` set when it must wait.
  std::string respond(const std::string& path, const std::string& inm, bool& slow) {
    slow = false;
    if (path.rfind("/__full/", 0) == 0) {
      full_mode = path == "/__full/1";
      return reply(200, "text/plain", "ok\n", "");
    }
    int i = -1;
    if (path.rfind("/f/", 0) == 0) i = std::atoi(path.c_str() + 3);
    if (i < 0 || i >= a_.feeds) return reply(404, "text/plain", "no such feed\n", "");
    if (i % 100 == 13) return reply(500, "text/plain", "boom\n", "");
    if (i % 100 == 29) return reply(503, "text/plain", "overloaded\n", "");
    slow = i % 100 == 7;
    const double t = now_s();
    advance(i, t);
    const std::string tag = etag(i);
    const std::string validators = "ETag: " + tag + "\r\nLast-Modified: " + http_date(born_[i].back()) + "\r\n";
    if (!full_mode && inm == tag) return reply(304, "", "", validators);
    const char* type = i % 3 == 1 ? "application/atom+xml" : i % 3 == 0 ? "application/rss+xml" : "application/rdf+xml";
    return reply(200, type, body(i), validators);
  }

  static std::string reply(int status, const char* type, const std::string& body, const std::string& extra) {
    const char* reason = status == 200 ? "OK" : status == 304 ? "Not Modified" : status == 404 ? "Not Found"
                         : status == 503 ? "Service Unavailable" : "Internal Server Error";
    std::string r = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n" + extra;
    if (*type) r += std::string("Content-Type: ") + type + "\r\n";
    if (status != 304) r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    r += "\r\n";
    r += body;
    return r;
  }

 private:
  Args a_;
  double start_;
  std::vector<int> count_;
  std::vector<long> last_cycle_;
  std::vector<std::vector<double>> born_;
};

std::string header_value(const std::string& req, const char* name) {
  const std::size_t n = std::strlen(name);
  std::size_t pos = 0;
  while ((pos = req.find("\r\n", pos)) != std::string::npos) {
    pos += 2;
    if (req.size() >= pos + n + 1 && strncasecmp(req.c_str() + pos, name, n) == 0 && req[pos + n] == ':') {
      std::size_t v = pos + n + 1, end = req.find("\r\n", v);
      while (v < end && req[v] == ' ') ++v;
      return req.substr(v, end - v);
    }
  }
  return {};
}

int listen_on(int& port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 1024) != 0) {
    perror("bind/listen");
    std::exit(1);
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--feeds") a.feeds = std::atoi(v.c_str());
    else if (k == "--ports") a.ports = std::max(1, std::atoi(v.c_str()));
    else if (k == "--cycle") a.cycle = std::atof(v.c_str());
    else if (k == "--new-share") a.new_share = std::atoi(v.c_str());
    else if (k == "--port-file") a.port_file = v;
  }
  signal(SIGTERM, [](int) { g_stop = 1; });
  signal(SIGINT, [](int) { g_stop = 1; });
  signal(SIGPIPE, SIG_IGN);
  Farm farm(a);
  int ep = epoll_create1(0);
  std::unordered_map<int, bool> listeners;
  std::string ports;
  for (int p = 0; p < a.ports; ++p) {
    int port = 0;
    int fd = listen_on(port);
    listeners[fd] = true;
    epoll_event ev{EPOLLIN, {.fd = fd}};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    ports += std::to_string(port) + "\n";
  }
  {
    std::ofstream tmp(a.port_file + ".tmp");
    tmp << ports;
  }
  std::rename((a.port_file + ".tmp").c_str(), a.port_file.c_str());
  std::unordered_map<int, Conn> conns;
  std::vector<epoll_event> events(256);
  auto close_conn = [&](int fd) {
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    conns.erase(fd);
  };
  auto flush = [&](int fd, Conn& c) {
    while (c.sent < c.out.size()) {
      ssize_t n = send(fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n <= 0) {
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
          epoll_event ev{EPOLLIN | EPOLLOUT, {.fd = fd}};
          epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
          return true;
        }
        return false;
      }
      c.sent += static_cast<std::size_t>(n);
    }
    c.out.clear();
    c.sent = 0;
    epoll_event ev{EPOLLIN, {.fd = fd}};
    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    return true;
  };
  // Handles every complete request buffered on c; stops at a slow one.
  auto serve = [&](int fd, Conn& c) {
    while (c.reply_at == 0) {
      const auto end = c.in.find("\r\n\r\n");
      if (end == std::string::npos) break;
      const std::string req = c.in.substr(0, end + 2);
      c.in.erase(0, end + 4);
      const auto sp1 = req.find(' '), sp2 = req.find(' ', sp1 + 1);
      std::string path = sp1 == std::string::npos ? "/" : req.substr(sp1 + 1, sp2 - sp1 - 1);
      bool slow = false;
      std::string r = farm.respond(path, header_value(req, "If-None-Match"), slow);
      if (slow) {
        c.pending = std::move(r);
        c.reply_at = now_s() + 2.0;
        break;
      }
      c.out += r;
    }
    return flush(fd, c);
  };
  while (!g_stop) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    for (int e = 0; e < n; ++e) {
      int fd = events[e].data.fd;
      if (listeners.count(fd)) {
        while (true) {
          int c = accept4(fd, nullptr, nullptr, SOCK_NONBLOCK);
          if (c < 0) break;
          int one = 1;
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          conns[c];
          epoll_event ev{EPOLLIN, {.fd = c}};
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
        }
        continue;
      }
      auto it = conns.find(fd);
      if (it == conns.end()) continue;
      Conn& c = it->second;
      bool ok = true;
      if (events[e].events & EPOLLIN) {
        char buf[16384];
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r <= 0) ok = false;
        else c.in.append(buf, static_cast<std::size_t>(r));
      }
      if (ok) ok = serve(fd, c);
      if (!ok) close_conn(fd);
    }
    // Slow answers whose time has come.
    const double t = now_s();
    std::vector<int> done;
    for (auto& [fd, c] : conns) {
      if (c.reply_at != 0 && c.reply_at <= t) {
        c.out += c.pending;
        c.pending.clear();
        c.reply_at = 0;
        if (!serve(fd, c)) done.push_back(fd);
      }
    }
    for (int fd : done) close_conn(fd);
  }
  return 0;
}
