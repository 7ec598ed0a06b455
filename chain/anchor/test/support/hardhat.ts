// A real Hardhat JSON-RPC node from the sibling chain/ project, and the
// compiled ReportRegistry deployed on it. Tests skip (saying why) when
// chain/ has not been installed and compiled.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { ContractFactory, JsonRpcProvider, Wallet, parseEther } from "ethers";

const CHAIN_DIR = fileURLToPath(new URL("../../../", import.meta.url));
const HARDHAT_BIN = `${CHAIN_DIR}node_modules/.bin/hardhat`;
const ARTIFACT = `${CHAIN_DIR}artifacts/contracts/ReportRegistry.sol/ReportRegistry.json`;
export const HARDHAT_CHAIN_ID = 31337;
const START_TIMEOUT_MS = 60_000;

/** Why the chain tests cannot run here, or undefined when they can. */
export function chainSkipReason(): string | undefined {
  if (!existsSync(HARDHAT_BIN)) return `no Hardhat in ${CHAIN_DIR}node_modules: run "npm ci" in chain/`;
  if (!existsSync(ARTIFACT)) return `no compiled ReportRegistry in ${CHAIN_DIR}artifacts: run "npx hardhat compile" in chain/`;
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

interface Artifact {
  abi: unknown[];
  bytecode: string;
}
let artifact: Artifact | undefined;

// Read once: chain/ may be recompiled (artifacts briefly gone) while tests run.
function registryArtifact(): Artifact {
  artifact ??= JSON.parse(readFileSync(ARTIFACT, "utf8")) as Artifact;
  return artifact;
}

export class HardhatNode {
  private output = "";
  private constructor(private readonly child: ChildProcess, readonly rpcUrl: string) {
    child.stdout?.on("data", (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000)));
    child.stderr?.on("data", (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000)));
  }

  static async start(): Promise<HardhatNode> {
    registryArtifact();
    const port = await freePort();
    const child = spawn(HARDHAT_BIN, ["node", "--hostname", "127.0.0.1", "--port", String(port)], { cwd: CHAIN_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const node = new HardhatNode(child, `http://127.0.0.1:${port}`);
    await node.waitReady();
    return node;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`hardhat node exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(this.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`hardhat node not answering after ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  provider(): JsonRpcProvider {
    return new JsonRpcProvider(this.rpcUrl, HARDHAT_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
  }

  /** A fresh funded account, so each test's nonces are its own. */
  async fundedWallet(provider: JsonRpcProvider): Promise<Wallet> {
    const wallet = Wallet.createRandom().connect(provider);
    const funder = await provider.getSigner(0);
    await (await funder.sendTransaction({ to: wallet.address, value: parseEther("10") })).wait();
    return new Wallet(wallet.privateKey, provider);
  }

  /** Deploys ReportRegistry with `admin` (who also gets ANCHORER_ROLE); returns its address. */
  async deployRegistry(provider: JsonRpcProvider, admin: string): Promise<string> {
    const { abi, bytecode } = registryArtifact();
    const factory = new ContractFactory(abi as never, bytecode, await provider.getSigner(0));
    const contract = await factory.deploy(admin);
    await contract.waitForDeployment();
    return contract.getAddress();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await exited;
  }
}
