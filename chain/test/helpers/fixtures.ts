import { ethers } from "hardhat";
import type { Contract, Signer } from "ethers";

/** A fresh ReportRegistry whose admin (and first anchorer) is signer 0. */
export async function deployRegistry() {
  const [admin, anchorer, stranger] = await ethers.getSigners();
  const registry = (await ethers.deployContract("ReportRegistry", [admin.address])) as unknown as Contract;
  await registry.waitForDeployment();
  const ANCHORER_ROLE: string = await registry.ANCHORER_ROLE();
  const DEFAULT_ADMIN_ROLE: string = await registry.DEFAULT_ADMIN_ROLE();
  // ethers types connect() as a BaseContract without the ABI's methods.
  const registryAs = (signer: Signer) => registry.connect(signer) as Contract;
  return { registry, registryAs, admin, anchorer, stranger, ANCHORER_ROLE, DEFAULT_ADMIN_ROLE };
}
