// Finds nginx for the two-instance test (tests/e2e/two-instances.e2e.ts runs deploy/nginx.conf), and installs
// Debian's nginx-light when it is missing and we can (root with apt-get). Without it the test balances the two
// instances with a small Node proxy instead, and says so.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";

export const nginxCandidates = [process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/bin/nginx"].filter(Boolean);

export function findNginx() {
  return nginxCandidates.find((candidate) => fs.existsSync(candidate));
}

function canInstall() {
  return process.getuid?.() === 0 && spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
}

function install() {
  // The package's install script starts a default nginx on port 80 unless a policy says not to; the tests start
  // their own, so forbid it for the install's length (as container images do).
  const policy = "/usr/sbin/policy-rc.d";
  const addedPolicy = !fs.existsSync(policy);
  if (addedPolicy) fs.writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const attempt = () =>
      spawnSync("apt-get", ["install", "-y", "-qq", "nginx-light"], { stdio: "inherit", env }).status === 0;
    if (!attempt()) {
      execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
      attempt();
    }
  } finally {
    if (addedPolicy) fs.rmSync(policy, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let nginx = findNginx();
  if (!nginx && canInstall()) {
    console.log("nginx not found: installing Debian's nginx-light package.");
    try {
      install();
    } catch (error) {
      console.warn(`Could not install nginx (${error instanceof Error ? error.message : error}).`);
    }
    nginx = findNginx();
  }
  console.log(
    nginx
      ? `nginx: ${nginx}`
      : "nginx not found: the two-instance test will balance with its Node proxy (set NGINX_PATH to use yours).",
  );
}
