// The browser path with the real @microsoft/signalr client: the emulator jar with --negotiate (signed
// visitor cookie sa_vid, keys from SIGNALR_ANON_VISITOR_KEYS), a visitor whose cookie was minted here
// in Node (as another stack would mint it) receives the send to its id; clients that claim the same
// id by query, header or plain cookie are given new random visitors and receive nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as signalR from "@microsoft/signalr";

const here = dirname(fileURLToPath(import.meta.url));
const jar = process.env.EMULATOR_JAR ?? resolve(here, "../../../target/signalr-emulator.jar");
const key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH"; // the emulator's well-known local key
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
  const env = { ...process.env, SIGNALR_ANON_VISITOR_KEYS: `${visitorKey.kid}:${visitorKey.secret.toString("base64")}` };
  delete env.SIGNALR_ANON_VISITOR_KEYS_FILE;
  emulator = spawn("java", ["-jar", jar, "--port", "0", "--negotiate", negotiate], { env, stdio: ["ignore", "pipe", "inherit"] });
  port = await new Promise((ok, fail) => {
    let out = "";
    emulator.stdout.on("data", chunk => {
      out += chunk;
      const match = /Port=(\d+);/.exec(out);
      if (match && out.includes("anonymous negotiate:")) ok(Number(match[1]));
    });
    emulator.on("exit", code => fail(new Error(`the emulator exited with ${code}: ${out}`)));
    setTimeout(() => fail(new Error(`the emulator did not start: ${out}`)), 30_000).unref();
  });
});

after(() => emulator?.kill());

/** A visitor cookie v1 as any stack mints it: v1.<id>.<exp>.<kid>.<HMAC-SHA256 over the first four fields>. */
function visitorCookie(id, expiresInSeconds = 3600) {
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  const payload = `v1.${Buffer.from(id, "utf8").toString("base64url")}.${exp}.${visitorKey.kid}`;
  return `${payload}.${createHmac("sha256", visitorKey.secret).update(payload, "ascii").digest("base64url")}`;
}

/** A REST token as signalr-client signs it: HS256 keyed by the UTF-8 bytes of the access key. */
function serverToken(audience) {
  const encode = value => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ aud: audience, iat: now, exp: now + 300 })}`;
  return `${unsigned}.${createHmac("sha256", Buffer.from(key, "utf8")).update(unsigned).digest("base64url")}`;
}

async function sendToUser(user, message) {
  const url = `http://localhost:${port}/api/v1/hubs/offers/users/${encodeURIComponent(user)}`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${serverToken(url)}` },
    body: JSON.stringify({ target: "offers", arguments: [message] }),
  });
  return response.status;
}

function connect(url, headers) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url, headers ? { headers } : {})
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = [];
  connection.on("offers", message => { received.push(message); });
  return { connection, received };
}

const sleep = ms => new Promise(ok => setTimeout(ok, ms));

test("only the visitor with the signed cookie receives its offer; claims by query, header or plain cookie receive nothing", async () => {
  const base = `http://localhost:${port}/api`;
  const owner = connect(base, { Cookie: `sa_vid=${visitorCookie(victim)}` });
  const byQuery = connect(`${base}?userid=${victim}`);
  const byHeader = connect(base, { "x-ms-signalr-userid": victim, "x-visitor-id": victim });
  const byPlainCookie = connect(base, { Cookie: `sa_vid=${victim}; visitor-id=${victim}` });
  const all = [owner, byQuery, byHeader, byPlainCookie];
  await Promise.all(all.map(c => c.connection.start()));
  try {
    all.forEach(c => assert.equal(c.connection.state, signalR.HubConnectionState.Connected));
    const offer = { messageId: "m-node-1", userId: victim, offers: [{ id: "cart-10", placement: "hero", content: { title: "10% off your cart", code: "CART10" } }] };

    assert.equal(await sendToUser(victim, offer), 202);
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
