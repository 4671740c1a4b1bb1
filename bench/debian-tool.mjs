// Finds a Debian-packaged tool a bench needs (wrk, nginx) and installs the package with apt-get when it is
// missing and we are root, without letting a package's install script start a service of its own.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

/** The first existing path among the candidates (an explicit env override first), or null. */
export function findTool(candidates) {
  return candidates.filter(Boolean).find((candidate) => fs.existsSync(candidate)) ?? null;
}

/** Finds the tool, or installs `debianPackage` and finds it then; throws with what to do when it cannot. */
export function ensureTool({ candidates, debianPackage }) {
  const found = findTool(candidates);
  if (found) return found;
  if (process.getuid?.() !== 0 || spawnSync("sh", ["-c", "command -v apt-get"]).status !== 0) {
    throw new Error(
      `${debianPackage} is not installed and this user cannot install it: apt-get install ${debianPackage}`,
    );
  }
  console.log(`${debianPackage} is missing: installing Debian's package with apt-get.`);
  const policy = "/usr/sbin/policy-rc.d";
  const addedPolicy = !fs.existsSync(policy);
  if (addedPolicy) fs.writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = () =>
      spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", debianPackage], {
        stdio: "inherit",
        env,
      }).status === 0;
    if (!install()) {
      spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
      if (!install()) throw new Error(`apt-get install ${debianPackage} failed`);
    }
  } finally {
    if (addedPolicy) fs.rmSync(policy, { force: true });
  }
  const installed = findTool(candidates);
  if (!installed)
    throw new Error(`${debianPackage} was installed but none of ${candidates.filter(Boolean).join(", ")} exists`);
  return installed;
}
