// deeptrace-anchor: anchors completed DeepTrace reports on ReportRegistry.
// Usage: npm start [-- --once]; configuration from the environment (see config.ts).
import { AdminApi } from "./api.js";
import { ConfigError, describeConfig, loadConfig } from "./config.js";
import { jsonLogger } from "./log.js";
import { Registry } from "./registry.js";
import { StopSignal } from "./retry.js";
import { runLoop } from "./runner.js";
import { AnchorService } from "./service.js";

const USAGE = "usage: deeptrace-anchor [--once]   (configuration: DEEPTRACE_* environment variables, see docs/anchoring.md §5)";

function parseArgs(argv: string[]): { once: boolean } {
  const unknown = argv.filter((a) => a !== "--once");
  if (unknown.length > 0) {
    process.stderr.write(`deeptrace-anchor: unknown argument(s) ${unknown.join(" ")}\n${USAGE}\n`);
    process.exit(2);
  }
  return { once: argv.includes("--once") };
}

// First signal: finish the current step, then exit. Second: exit now.
function handleSignals(stop: StopSignal, log: ReturnType<typeof jsonLogger>): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stop.requested) process.exit(130);
      log("info", "stop requested; finishing the current step", { signal });
      stop.request();
    });
  }
}

async function main(): Promise<number> {
  const { once } = parseArgs(process.argv.slice(2));
  const log = jsonLogger();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`deeptrace-anchor: ${error.message}\n`);
    return 2;
  }
  const stop = new StopSignal();
  handleSignals(stop, log);
  const registry = new Registry(config.rpcUrl, config.chainId, config.registryAddress, config.privateKey);
  log("info", "starting", { ...describeConfig(config), account: registry.wallet.address, once });
  const service = new AnchorService(new AdminApi(config.apiUrl, config.apiKey), registry, config, log, stop);
  const code = await runLoop(service, { intervalS: config.intervalS, once, checkSetup: () => registry.checkSetup() }, log, stop);
  registry.provider.destroy();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`deeptrace-anchor: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
