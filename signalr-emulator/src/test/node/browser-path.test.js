// The browser path with the real @microsoft/signalr client: the emulator jar with --negotiate,
// a visitor connecting through /api/negotiate?userid=…, a user-targeted REST send arriving live.
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
let emulator;
let port;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "signalr-emulator-node-"));
  const negotiate = join(dir, "negotiate.json");
  // the file as `mvn signalr-anon:token -Dsignalr-anon.userIdSource=query:userid` writes it
  writeFileSync(negotiate, JSON.stringify({
    hub: "offers", url: "http://localhost:8888/client/?hub=offers",
    userId: { source: "query", name: "userid" }, userIdClaims: ["nameid", "asrs.s.uid"],
    tokenLifetime: "PT1H", tokenLifetimeSeconds: 3600, route: "negotiate",
    connectionStringSetting: "AzureSignalRConnectionString",
  }, null, 2));
  emulator = spawn("java", ["-jar", jar, "--port", "0", "--negotiate", negotiate], { stdio: ["ignore", "pipe", "inherit"] });
  port = await new Promise((ok, fail) => {
    let out = "";
    emulator.stdout.on("data", chunk => {
      out += chunk;
      const match = /Port=(\d+);/.exec(out);
      if (match) ok(Number(match[1]));
    });
    emulator.on("exit", code => fail(new Error(`the emulator exited with ${code}: ${out}`)));
    setTimeout(() => fail(new Error(`the emulator did not start: ${out}`)), 30_000).unref();
  });
});

after(() => emulator?.kill());

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

test("a visitor connected through the anonymous negotiate receives the send to its id", async () => {
  const visitor = "node-visitor-1";
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`http://localhost:${port}/api?userid=${encodeURIComponent(visitor)}`)
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = new Promise(ok => connection.on("offers", ok));
  await connection.start();
  try {
    assert.equal(connection.state, signalR.HubConnectionState.Connected);
    assert.ok(connection.connectionId, "negotiate gave a connection id");
    const message = { messageId: "m-node-1", userId: visitor, offers: [{ id: "cart-10", placement: "hero", content: { title: "10% off" } }] };

    assert.equal(await sendToUser(visitor, message), 202);
    assert.equal(await sendToUser("someone else", { messageId: "m-other" }), 202);

    assert.deepEqual(await received, message);
  } finally {
    await connection.stop();
  }
});

test("a visitor without an id is refused at the anonymous negotiate", async () => {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`http://localhost:${port}/api`)
    .configureLogging(signalR.LogLevel.None)
    .build();
  await assert.rejects(connection.start(), /400/);
});
