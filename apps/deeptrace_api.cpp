// deeptrace-api: the HTTP front door. Parses its configuration once, opens
// the stores and serves until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>

#include <iostream>

#include "api/config.hpp"
#include "api/server.hpp"
#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/shared_flags.hpp"
#include "store/backend.hpp"

int main(int argc, char** argv) {
  using namespace deeptrace;
  CLI::App app{"DeepTrace HTTP API"};
  api::ConfigDraft draft;
  api::add_config_flags(app, draft);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ValidationError& e) {
    // A bad value exits 2 like finish_config's checks: bad configuration,
    // told apart from a crash by scripts and supervisors.
    std::cerr << "deeptrace-api: " << e.what() << "\n";
    return 2;
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  api::Config config;
  try {
    config = api::finish_config(draft);
  } catch (const std::exception& e) {
    std::cerr << "deeptrace-api: " << e.what() << "\n";
    return 2;
  }
  log::set_component("api");
  log::set_min_level(config.log_level);
  flags::log_deprecations(config.deprecated_env);
  try {
    Backend backend = open_backend(config.store_url, config.state_dir);
    api::Server server(config, backend);
    server.run();
  } catch (const std::exception& e) {
    log::error("fatal", {{"error", e.what()}});
    return 1;
  }
  return 0;
}
