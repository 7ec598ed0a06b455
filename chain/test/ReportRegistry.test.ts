import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import { deployRegistry } from "./helpers/fixtures";
import { leafOf, sampleDigests } from "./helpers/merkle";

const ROOT = keccak256(toUtf8Bytes("batch root"));

describe("ReportRegistry: deployment and roles", function () {
  it("names the anchorer role keccak256(\"ANCHORER_ROLE\")", async function () {
    const { ANCHORER_ROLE } = await loadFixture(deployRegistry);
    expect(ANCHORER_ROLE).to.equal(keccak256(toUtf8Bytes("ANCHORER_ROLE")));
  });

  it("gives the constructor's admin both roles and nobody else any", async function () {
    const { registry, admin, stranger, ANCHORER_ROLE, DEFAULT_ADMIN_ROLE } = await loadFixture(deployRegistry);
    expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(true);
    expect(await registry.hasRole(ANCHORER_ROLE, admin.address)).to.equal(true);
    expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, stranger.address)).to.equal(false);
    expect(await registry.hasRole(ANCHORER_ROLE, stranger.address)).to.equal(false);
  });

  it("lets the admin grant the anchorer role, and the grantee anchor", async function () {
    const { registry, registryAs, anchorer, ANCHORER_ROLE } = await loadFixture(deployRegistry);
    await expect(registry.grantRole(ANCHORER_ROLE, anchorer.address)).to.emit(registry, "RoleGranted");
    await registryAs(anchorer).anchorBatch(ROOT, 3);
    expect((await registry.getAnchor(ROOT)).submitter).to.equal(anchorer.address);
  });

  it("lets the admin revoke the anchorer role, after which anchoring reverts", async function () {
    const { registry, registryAs, anchorer, ANCHORER_ROLE } = await loadFixture(deployRegistry);
    await registry.grantRole(ANCHORER_ROLE, anchorer.address);
    await expect(registry.revokeRole(ANCHORER_ROLE, anchorer.address)).to.emit(registry, "RoleRevoked");
    await expect(registryAs(anchorer).anchorBatch(ROOT, 3))
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(anchorer.address, ANCHORER_ROLE);
  });

  it("refuses role grants from an account that is not admin", async function () {
    const { registry, registryAs, stranger, ANCHORER_ROLE, DEFAULT_ADMIN_ROLE } = await loadFixture(deployRegistry);
    await expect(registryAs(stranger).grantRole(ANCHORER_ROLE, stranger.address))
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
  });
});

describe("ReportRegistry: anchorBatch", function () {
  it("records block time, block number, submitter and count, and emits BatchAnchored", async function () {
    const { registry, admin } = await loadFixture(deployRegistry);
    const tx = await registry.anchorBatch(ROOT, 5);
    const receipt = await tx.wait();
    const block = await ethers.provider.getBlock(receipt!.blockNumber);

    await expect(tx).to.emit(registry, "BatchAnchored").withArgs(ROOT, 5, admin.address, block!.timestamp);
    const anchor = await registry.getAnchor(ROOT);
    expect(anchor.timestamp).to.equal(BigInt(block!.timestamp));
    expect(anchor.blockNumber).to.equal(BigInt(receipt!.blockNumber));
    expect(anchor.submitter).to.equal(admin.address);
    expect(anchor.count).to.equal(5n);
    expect(await registry.isAnchored(ROOT)).to.equal(true);
  });

  it("reverts with ZeroRoot for a zero root", async function () {
    const { registry } = await loadFixture(deployRegistry);
    await expect(registry.anchorBatch(ZeroHash, 1)).to.be.revertedWithCustomError(registry, "ZeroRoot");
  });

  it("reverts with EmptyBatch for a count of zero", async function () {
    const { registry } = await loadFixture(deployRegistry);
    await expect(registry.anchorBatch(ROOT, 0)).to.be.revertedWithCustomError(registry, "EmptyBatch");
    expect(await registry.isAnchored(ROOT)).to.equal(false);
  });

  it("reverts with AlreadyAnchored for a second anchoring and keeps the first record", async function () {
    const { registry, registryAs, admin, anchorer, ANCHORER_ROLE } = await loadFixture(deployRegistry);
    await registry.anchorBatch(ROOT, 2);
    const first = await registry.getAnchor(ROOT);
    await registry.grantRole(ANCHORER_ROLE, anchorer.address);

    await expect(registryAs(anchorer).anchorBatch(ROOT, 7))
      .to.be.revertedWithCustomError(registry, "AlreadyAnchored")
      .withArgs(ROOT);
    const after = await registry.getAnchor(ROOT);
    expect(after.toObject()).to.deep.equal(first.toObject());
    expect(after.submitter).to.equal(admin.address);
  });

  it("reverts with AccessControlUnauthorizedAccount for an account without the anchorer role", async function () {
    const { registry, registryAs, stranger, ANCHORER_ROLE } = await loadFixture(deployRegistry);
    await expect(registryAs(stranger).anchorBatch(ROOT, 1))
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, ANCHORER_ROLE);
  });
});

describe("ReportRegistry: reads", function () {
  it("returns an all-zero anchor and false for an unknown root", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const anchor = await registry.getAnchor(ROOT);
    expect([anchor.timestamp, anchor.blockNumber, anchor.count]).to.deep.equal([0n, 0n, 0n]);
    expect(anchor.submitter).to.equal(ethers.ZeroAddress);
    expect(await registry.isAnchored(ROOT)).to.equal(false);
  });

  it("computes leafOf(digest) as keccak256 of the digest's 32 bytes", async function () {
    const { registry } = await loadFixture(deployRegistry);
    for (const digest of sampleDigests(3)) {
      const leaf = await registry.leafOf(digest);
      expect(leaf).to.equal(leafOf(digest));
      expect(leaf).to.not.equal(digest);
    }
  });
});
