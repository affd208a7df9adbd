// newswatchd: argv → app::main() → exit code. Everything else lives in daemon/app/.
#include "app/cli.h"

int main(int argc, char** argv) { return app::main(argc, argv); }
