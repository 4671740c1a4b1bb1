import { SlidingWindowLimiter } from "./rate-limit.server";

/**
 * Wrong staff passwords per client key. Generous (many officers can share one office address) and only a
 * slow-down: the real protection is the per-account lockout in app/models/staff-user.server.ts.
 */
export const staffLoginLimiter = new SlidingWindowLimiter({ allowed: 50, windowMs: 15 * 60 * 1000 });
