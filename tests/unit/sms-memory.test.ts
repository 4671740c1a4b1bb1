import { describe, expect, test } from "vitest";
import { receiveSms, smsLimits } from "~/domain/sms-conversation";
import {
  ConversationStore,
  RecentMessages,
  SenderMessageLimit,
  SenderQueue,
  createSenderKeyer,
} from "../../app/server/sms-memory.server";

const minute = 60_000;

describe("sender keys", () => {
  test("one number in its forms is one key; another number, or another channel, is another", () => {
    const keyer = createSenderKeyer({ now: () => 0 });
    const key = keyer.keysFor("+923009876543").current;
    expect(keyer.keysFor("03009876543").current).toBe(key);
    expect(keyer.keysFor("923009876543").current).toBe(key);
    expect(keyer.keysFor("+923009876544").current).not.toBe(key);
    expect(keyer.keysFor("+923009876543", "whatsapp").current).not.toBe(key);
    expect(key).not.toContain("9876543");
  });

  test("the secret rotates every 30 minutes, the previous key stays for one window, then both are gone", () => {
    let now = 0;
    const keyer = createSenderKeyer({ now: () => now });
    const first = keyer.keysFor("+923009876543");
    expect(first.previous).toBeNull();
    now = 30 * minute;
    const second = keyer.keysFor("+923009876543");
    expect(second.current).not.toBe(first.current);
    expect(second.previous).toBe(first.current);
    now = 60 * minute;
    const third = keyer.keysFor("+923009876543");
    expect(third.previous).toBe(second.current);
    expect([third.current, third.previous]).not.toContain(first.current);
    // Two windows without a message: nothing from before is kept.
    now = 130 * minute;
    const fourth = keyer.keysFor("+923009876543");
    expect(fourth.previous).toBeNull();
  });

  test("two keyers (two starts of the server) never share a key", () => {
    expect(createSenderKeyer().keysFor("+923009876543").current).not.toBe(
      createSenderKeyer().keysFor("+923009876543").current,
    );
  });
});

describe("the conversation store", () => {
  test("a conversation survives one rotation and moves to the new key", () => {
    let now = 0;
    const keyer = createSenderKeyer({ now: () => now });
    const store = new ConversationStore();
    const started = receiveSms(null, "report", now).state!;
    store.set(keyer.keysFor("03009876543"), started);
    now = 29 * minute;
    const keysBefore = keyer.keysFor("03009876543");
    store.set(keysBefore, { ...started, lastMessageAt: now });
    now = 31 * minute;
    const keys = keyer.keysFor("03009876543");
    expect(keys.previous).toBe(keysBefore.current);
    expect(store.get(keys, now)).toMatchObject({ step: "language" });
    store.set(keys, { ...started, lastMessageAt: now });
    expect(store.size).toBe(1);
  });

  test("conversations silent for 30 minutes are dropped", () => {
    const store = new ConversationStore();
    const keys = { current: "a", previous: null };
    store.set(keys, receiveSms(null, "report", 0).state!);
    store.set({ current: "b", previous: null }, receiveSms(null, "report", 20 * minute).state!);
    expect(store.get(keys, smsLimits.idleMs)).toBeNull();
    expect(store.size).toBe(1);
  });

  test("the store is bounded: the oldest conversation goes first", () => {
    const store = new ConversationStore(2);
    for (const key of ["a", "b", "c"])
      store.set({ current: key, previous: null }, receiveSms(null, "report", 0).state!);
    expect(store.size).toBe(2);
    expect(store.get({ current: "a", previous: null }, 1)).toBeNull();
  });
});

describe("recent gateway ids", () => {
  test("an id gets the first answer for an hour, then is worked again", async () => {
    const recent = new RecentMessages<string>(60 * minute);
    let made = 0;
    const make = async () => `answer ${++made}`;
    expect(await recent.answer("id-1", 0, make)).toBe("answer 1");
    expect(await recent.answer("id-1", 59 * minute, make)).toBe("answer 1");
    expect(recent.has("id-1", 59 * minute)).toBe(true);
    expect(await recent.answer("id-1", 61 * minute, make)).toBe("answer 2");
  });

  test("a failure is not remembered", async () => {
    const recent = new RecentMessages<string>();
    await expect(recent.answer("id-2", 0, async () => Promise.reject(new Error("database down")))).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await recent.answer("id-2", 1, async () => "worked")).toBe("worked");
  });

  test("bounded in count", async () => {
    const recent = new RecentMessages<string>(60 * minute, 3);
    for (const id of ["a", "b", "c", "d"]) await recent.answer(id, 0, async () => id);
    expect(recent.has("a", 0)).toBe(false);
    expect(recent.has("d", 0)).toBe(true);
  });
});

test("one sender's messages are worked one after another, others at the same time", async () => {
  const queue = new SenderQueue();
  const order: string[] = [];
  const slow = (name: string, ms: number) => async () => {
    order.push(`${name} start`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    order.push(`${name} end`);
  };
  await Promise.all([queue.run("x", slow("x1", 20)), queue.run("x", slow("x2", 1)), queue.run("y", slow("y1", 1))]);
  expect(order.indexOf("x2 start")).toBeGreaterThan(order.indexOf("x1 end"));
  expect(order.indexOf("y1 end")).toBeLessThan(order.indexOf("x1 end"));
});

test("the per-number limit counts across a rotation", () => {
  const limit = new SenderMessageLimit(3);
  expect([limit.take({ current: "k1", previous: null }, 0), limit.take({ current: "k1", previous: null }, 1)]).toEqual([
    true,
    true,
  ]);
  // After a rotation the sender's earlier messages still count, under the previous key.
  expect(limit.take({ current: "k2", previous: "k1" }, 2)).toBe(true);
  expect(limit.take({ current: "k2", previous: "k1" }, 3)).toBe(false);
  expect(limit.take({ current: "other", previous: null }, 3)).toBe(true);
});
