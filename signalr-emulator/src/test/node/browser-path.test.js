// The browser path with the real @microsoft/signalr client: the emulator jar with --negotiate (signed
// visitor cookie sa_vid, keys from SIGNALR_ANON_VISITOR_KEYS), a visitor whose cookie was minted here
// in Node (as another stack would mint it) receives the send to its id; clients that claim the same
// id by query, header or plain cookie are given new random visitors and receive nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as signalR from "@microsoft/signalr";
import { connect, emulatorJar, sendToUser, sleep, startJar, visitorCookie, visitorKeys } from "./support.js";

const visitorKey = { kid: "node1", secret: Buffer.from("node-test-visitor-key-0123456789abcdef") }; // 38 bytes
const victim = "web-14575006";
let emulator;
let port;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "signalr-emulator-node-"));
  const negotiate = join(dir, "negotiate.json");
  // the file as `mvn signalr-anon:token -Dsignalr-anon.allowedOrigins=https://shop.example` writes it
  writeFileSync(negotiate, JSON.stringify({
    hub: "offers", url: "http://localhost:8888/client/?hub=offers",
    userId: { source: "signed-cookie", name: "sa_vid" }, userIdClaims: ["nameid", "asrs.s.uid"],
    allowedOrigins: ["https://shop.example"], rateLimit: { perSecond: 10, burst: 20 },
    tokenLifetime: "PT1H", tokenLifetimeSeconds: 3600, route: "negotiate",
    connectionStringSetting: "AzureSignalRConnectionString",
  }, null, 2));
  emulator = startJar(emulatorJar, ["--port", "0", "--negotiate", negotiate], {
    env: { SIGNALR_ANON_VISITOR_KEYS: visitorKeys(visitorKey), SIGNALR_ANON_VISITOR_KEYS_FILE: undefined },
    ready: out => {
      const match = /Port=(\d+);/.exec(out);
      return match && out.includes("anonymous negotiate:") ? Number(match[1]) : undefined;
    },
    timeoutMs: 30_000,
    stderr: "inherit",
  });
  port = await emulator.started;
});

after(() => emulator?.child.kill());

test("only the visitor with the signed cookie receives its offer; claims by query, header or plain cookie receive nothing", async () => {
  const base = `http://localhost:${port}/api`;
  const owner = connect(base, { Cookie: `sa_vid=${visitorCookie(victim, visitorKey)}` });
  const byQuery = connect(`${base}?userid=${victim}`);
  const byHeader = connect(base, { "x-ms-signalr-userid": victim, "x-visitor-id": victim });
  const byPlainCookie = connect(base, { Cookie: `sa_vid=${victim}; visitor-id=${victim}` });
  const all = [owner, byQuery, byHeader, byPlainCookie];
  await Promise.all(all.map(c => c.connection.start()));
  try {
    all.forEach(c => assert.equal(c.connection.state, signalR.HubConnectionState.Connected));
    const offer = { messageId: "m-node-1", userId: victim, offers: [{ id: "cart-10", placement: "hero", content: { title: "10% off your cart", code: "CART10" } }] };

    assert.equal(await sendToUser(port, victim, offer), 202);
    for (let i = 0; i < 50 && owner.received.length === 0; i++) await sleep(100);
    await sleep(300);

    assert.deepEqual(owner.received, [offer]);
    assert.deepEqual(byQuery.received, [], "a query id is never used");
    assert.deepEqual(byHeader.received, [], "a header id is never used");
    assert.deepEqual(byPlainCookie.received, [], "an unsigned cookie is never used");
  } finally {
    await Promise.all(all.map(c => c.connection.stop()));
  }
});

test("a first visit gets a new random visitor and its signed, HttpOnly cookie", async () => {
  const response = await fetch(`http://localhost:${port}/api/negotiate?userid=${victim}`, { method: "POST", headers: { "x-ms-signalr-userid": victim } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("cache-control"), "no-store");
  const body = await response.json();
  assert.match(body.visitorId, /^v-[A-Za-z0-9_-]{22}$/);
  assert.match(response.headers.get("set-cookie"), /^sa_vid=v1\.[^;]+; Max-Age=31536000; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
});

test("a page of an origin not on the allowlist gets no token", async () => {
  const response = await fetch(`http://localhost:${port}/api/negotiate`, { method: "POST", headers: { Origin: "https://evil.example" } });
  assert.equal(response.status, 403);
  assert.equal(response.headers.get("access-control-allow-origin"), null);
  assert.doesNotMatch(await response.text(), /accessToken/);
});
