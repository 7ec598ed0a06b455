import path from "node:path";
import { HardhatUserConfig, subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-ethers";
import "@nomicfoundation/hardhat-chai-matchers";
import "solidity-coverage";

// The compiler is the `solc` npm package (solcjs), pinned in package.json to
// exactly this version, so builds never download a compiler.
const SOLC_VERSION = "0.8.28";

// Neo X testnet (T4), as listed by chainlist.org and viem's `neoxT4` chain.
const NEOX_TESTNET_RPC_URL = "https://testnet.rpc.banelabs.org";
const NEOX_TESTNET_CHAIN_ID = 12227332;

// Hardhat's default resolver fetches the compiler list and binary from
// binaries.soliditylang.org; machines here only reach the npm registry.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }: { solcVersion: string }) => {
  if (solcVersion !== SOLC_VERSION) {
    throw new Error(`only solc ${SOLC_VERSION} (npm package "solc") is available offline; asked for ${solcVersion}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const longVersion = solc.version().replace(/\.Emscripten.*$/, "");
  if (!longVersion.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`node_modules/solc is ${longVersion}, expected ${SOLC_VERSION}: run npm ci`);
  }
  const compilerPath = path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js");
  return { compilerPath, isSolcJs: true, version: solcVersion, longVersion };
});

function envChainId(): number | undefined {
  const raw = process.env.DEEPTRACE_CHAIN_ID;
  if (raw === undefined || raw === "") return undefined;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`DEEPTRACE_CHAIN_ID is not a chain id: ${raw}`);
  return id;
}

// The deployer key comes only from the environment, never from a file.
function deployerAccounts(): string[] {
  const key = process.env.DEEPTRACE_DEPLOYER_PRIVATE_KEY;
  return key ? [key] : [];
}

const rpcUrl = process.env.DEEPTRACE_CHAIN_RPC_URL || undefined;

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // Neo X follows go-ethereum up to the Shanghai fork (no Cancun opcodes).
      evmVersion: "shanghai",
    },
  },
  networks: {
    hardhat: {},
    localhost: {
      url: rpcUrl ?? "http://127.0.0.1:8545",
      chainId: envChainId(),
      // Without a key, the node's own unlocked accounts sign.
      ...(deployerAccounts().length > 0 ? { accounts: deployerAccounts() } : {}),
    },
    neoxTestnet: {
      url: rpcUrl ?? NEOX_TESTNET_RPC_URL,
      chainId: envChainId() ?? NEOX_TESTNET_CHAIN_ID,
      accounts: deployerAccounts(),
    },
  },
};

export default config;
