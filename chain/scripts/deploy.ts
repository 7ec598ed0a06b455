// Deploys ReportRegistry to the selected network (--network NAME), optionally
// grants ANCHORER_ROLE to $DEEPTRACE_ANCHORER_ADDRESS, and prints one JSON line
// {"address","chain_id","deployer","tx_hash","block_number"} on stdout.
// Progress goes to stderr so stdout stays machine-readable.
import { ethers, network } from "hardhat";
import type { Contract, Signer } from "ethers";

function anchorerFromEnv(): string | undefined {
  const address = process.env.DEEPTRACE_ANCHORER_ADDRESS;
  if (!address) return undefined;
  if (!ethers.isAddress(address)) throw new Error(`DEEPTRACE_ANCHORER_ADDRESS is not an address: ${address}`);
  return ethers.getAddress(address);
}

async function deployerSigner(): Promise<Signer> {
  const accounts = network.config.accounts;
  const noKey = Array.isArray(accounts) && accounts.length === 0;
  const [deployer] = noKey ? [] : await ethers.getSigners();
  if (!deployer) {
    throw new Error(`network ${network.name} has no account: set DEEPTRACE_DEPLOYER_PRIVATE_KEY`);
  }
  return deployer;
}

async function grantAnchorer(registry: Contract, anchorer: string): Promise<void> {
  const role: string = await registry.ANCHORER_ROLE();
  const receipt = await (await registry.grantRole(role, anchorer)).wait();
  console.error(`deploy: granted ANCHORER_ROLE to ${anchorer} in tx ${receipt.hash}`);
}

async function main(): Promise<void> {
  const anchorer = anchorerFromEnv();
  const deployer = await deployerSigner();
  const deployerAddress = await deployer.getAddress();
  console.error(`deploy: deploying ReportRegistry to ${network.name} from ${deployerAddress}`);

  const factory = await ethers.getContractFactory("ReportRegistry", deployer);
  const registry = (await factory.deploy(deployerAddress)) as unknown as Contract;
  const receipt = await registry.deploymentTransaction()!.wait();
  if (!receipt || receipt.status !== 1) throw new Error("deployment transaction failed");
  if (anchorer) await grantAnchorer(registry, anchorer);

  const { chainId } = await ethers.provider.getNetwork();
  console.log(
    JSON.stringify({
      address: await registry.getAddress(),
      chain_id: Number(chainId),
      deployer: deployerAddress,
      tx_hash: receipt.hash,
      block_number: receipt.blockNumber,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(`deploy: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
