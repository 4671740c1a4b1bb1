// @ts-check
import crypto from "node:crypto";
import net from "node:net";

/**
 * What one client is, for rate limiting: an IPv4 address, or an IPv6 address's /64. One household or phone
 * gets a whole /64 (2^64 addresses) from its provider, so keying the full IPv6 address would give a single
 * sender unlimited fresh keys. An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, how a dual-stack socket reports
 * an IPv4 client) stays that one IPv4 address. Anything else is kept as it is.
 * @param {string | undefined} address
 * @returns {string}
 */
export function networkOf(address) {
  if (!address) return "unknown";
  const bare = address.replace(/%.*$/, "");
  if (net.isIPv4(bare)) return bare;
  if (!net.isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/**
 * The eight 16-bit groups of a valid IPv6 address, whatever its notation (`::`, leading zeros, a dotted IPv4 tail).
 * @param {string} address
 * @returns {number[]}
 */
function ipv6Groups(address) {
  let text = address.toLowerCase();
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.slice(2).map(Number);
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array(missing).fill("0"), ...tailGroups].map((group) => parseInt(group, 16));
}

/**
 * Turns the client's network address into an opaque rate-limit key: an HMAC with a secret drawn at start-up,
 * kept only in memory and replaced every few hours, so keys cannot be linked to addresses or across
 * rotations. The address itself is never passed on, stored or logged. IPv6 clients are keyed on their /64.
 */
export function createClientKeyer({ rotateEveryMs = 6 * 60 * 60 * 1000, now = () => Date.now() } = {}) {
  let secret = crypto.randomBytes(32);
  let rotatedAt = now();
  return {
    /** @param {string | undefined} address */
    keyFor(address) {
      if (now() - rotatedAt >= rotateEveryMs) {
        secret = crypto.randomBytes(32);
        rotatedAt = now();
      }
      return crypto.createHmac("sha256", secret).update(networkOf(address)).digest("base64url").slice(0, 22);
    },
  };
}
