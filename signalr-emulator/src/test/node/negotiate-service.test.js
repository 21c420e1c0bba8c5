// The production path with the real @microsoft/signalr client: a visitor with a signed cookie
// negotiates at signalr-negotiate.jar, connects to the emulator (standing in for Azure SignalR) with
// the token it got, and receives the offer that `dispatcher.jar run` sends to its id.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as signalR from "@microsoft/signalr";
import { connect, dispatcherRun, emulatorJar, negotiateJar, startJar, visitorCookie, visitorKeys } from "./support.js";

const visitorKey = { kid: "k1", secret: randomBytes(32) };
const visitor = "web-14575006"; // a user of sample-data/users.csv, with offers in sample-data/
const dir = mkdtempSync(join(tmpdir(), "signalr-negotiate-node-"));
const running = [];
let connectionString;
let negotiatePort;

before(async () => {
  const emulator = startJar(emulatorJar, ["--port", "0"], { ready: /(Endpoint=[^\s]*Port=\d+;[^\s]*)/, stderr: "inherit" });
  running.push(emulator);
  connectionString = (await emulator.started)[1];
  const negotiate = join(dir, "negotiate.json");
  writeFileSync(negotiate, JSON.stringify({ hub: "offers", route: "negotiate", userId: { source: "signed-cookie", name: "sa_vid" } }));
  const service = startJar(negotiateJar, [`--negotiate=${negotiate}`, "--port=0", "--host=127.0.0.1"], {
    env: { SIGNALR_CONNECTION_STRING: connectionString, SIGNALR_ANON_VISITOR_KEYS: visitorKeys(visitorKey) },
    ready: /listening on http:\/\/127\.0\.0\.1:(\d+)\//,
    stderr: "inherit",
  });
  running.push(service);
  negotiatePort = Number((await service.started)[1]);
});

after(() => running.forEach(jar => jar.child.kill()));

test("a visitor with a signed cookie negotiates at signalr-negotiate.jar and receives what dispatcher.jar run sends to its id", async () => {
  const cookie = visitorCookie(visitor, visitorKey);
  const { connection, first } = connect(`http://127.0.0.1:${negotiatePort}/api`, { Cookie: `sa_vid=${cookie}` });
  await connection.start();
  try {
    assert.equal(connection.state, signalR.HubConnectionState.Connected);

    const run = await dispatcherRun(dir, { SIGNALR_CONNECTION_STRING: connectionString });
    assert.equal(run.code, 0, run.out);

    const message = await first;
    assert.equal(message.userId, visitor);
    assert.ok(message.messageId, "the message has its id");
    assert.ok(Array.isArray(message.offers) && message.offers.length > 0, JSON.stringify(message));
  } finally {
    await connection.stop();
  }
});

test("the same id named in the query or a plain cookie gets a new visitor, not that id", async () => {
  const response = await fetch(`http://127.0.0.1:${negotiatePort}/api/negotiate?userid=${visitor}`, {
    method: "POST",
    headers: { Cookie: `sa_vid=${visitor}` },
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.notEqual(body.visitorId, visitor);
  assert.match(body.visitorId, /^v-[A-Za-z0-9_-]{22}$/);
  assert.match(response.headers.get("set-cookie"), /^sa_vid=v1\..*; HttpOnly; SameSite=Lax$/);
});
