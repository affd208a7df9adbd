// Runs publish::EmbeddedBroker in its own process for the scale benchmark, so the broker's CPU is
// not counted as the daemon's. Writes its bootstrap address to FILE and runs until SIGTERM/SIGINT.
//   broker_host FILE [TOPIC]
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "publish/embedded_broker.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: broker_host ADDR_FILE [TOPIC]\n");
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::string error;
  auto broker = publish::EmbeddedBroker::start(1, argc > 2 ? argv[2] : "newswatch.matches", 1, error);
  if (!broker) {
    std::fprintf(stderr, "broker_host: %s\n", error.c_str());
    return 1;
  }
  const std::string path = argv[1];
  std::ofstream(path + ".tmp") << broker->bootstrap() << "\n";
  std::rename((path + ".tmp").c_str(), path.c_str());
  int sig = 0;
  sigwait(&set, &sig);
  return 0;
}
