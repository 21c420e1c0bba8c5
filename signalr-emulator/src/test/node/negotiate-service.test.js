// The production path with the real @microsoft/signalr client: a visitor with a signed cookie
// negotiates at signalr-negotiate.jar, connects to the emulator (standing in for Azure SignalR) with
// the token it got, and receives the offer that `dispatcher.jar run` sends to its id.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as signalR from "@microsoft/signalr";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../../..");
const emulatorJar = process.env.EMULATOR_JAR ?? join(root, "signalr-emulator/target/signalr-emulator.jar");
const negotiateJar = process.env.NEGOTIATE_JAR ?? join(root, "signalr-negotiate/target/signalr-negotiate.jar");
const dispatcherJar = process.env.DISPATCHER_JAR ?? join(root, "dispatcher/target/dispatcher.jar");
const visitorKey = randomBytes(32);
const visitor = "web-14575006"; // a user of sample-data/users.csv, with offers in sample-data/
const dir = mkdtempSync(join(tmpdir(), "signalr-negotiate-node-"));
const running = [];
let connectionString;
let negotiatePort;

/** Starts a jar and resolves with the first match of `pattern` in its output. */
function start(jar, args, env, pattern) {
  const child = spawn("java", ["-jar", jar, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  running.push(child);
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", chunk => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) ok(match);
    });
    child.on("exit", code => fail(new Error(`${jar} exited with ${code}: ${out}`)));
    setTimeout(() => fail(new Error(`${jar} did not start: ${out}`)), 60_000).unref();
  });
}

/** A visitor cookie v1 as the README documents it, minted here as another stack would. */
function visitorCookie(id, key) {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const payload = `v1.${Buffer.from(id, "utf8").toString("base64url")}.${exp}.k1`;
  return `${payload}.${createHmac("sha256", key).update(payload, "ascii").digest("base64url")}`;
}

before(async () => {
  const emulator = await start(emulatorJar, ["--port", "0"], {}, /(Endpoint=[^\s]*Port=\d+;[^\s]*)/);
  connectionString = emulator[1];
  const negotiate = join(dir, "negotiate.json");
  writeFileSync(negotiate, JSON.stringify({ hub: "offers", route: "negotiate", userId: { source: "signed-cookie", name: "sa_vid" } }));
  const service = await start(negotiateJar, [`--negotiate=${negotiate}`, "--port=0", "--host=127.0.0.1"], {
    SIGNALR_CONNECTION_STRING: connectionString,
    SIGNALR_ANON_VISITOR_KEYS: `k1:${visitorKey.toString("base64")}`,
  }, /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  negotiatePort = Number(service[1]);
});

after(() => running.forEach(child => child.kill()));

function dispatcherRun() {
  // a fixed as-of keeps the sample offers inside their validity windows whatever the date
  const child = spawn("java", ["-jar", dispatcherJar, "run", "--as-of=2026-12-01T12:00:00Z"], {
    cwd: root,
    env: {
      ...process.env,
      SIGNALR_CONNECTION_STRING: connectionString,
      SPRING_DATASOURCE_URL: `jdbc:h2:file:${join(dir, "dispatcher")};WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", chunk => (out += chunk));
  child.stderr.on("data", chunk => (out += chunk));
  return new Promise(ok => child.on("exit", code => ok({ code, out })));
}

test("a visitor with a signed cookie negotiates at signalr-negotiate.jar and receives what dispatcher.jar run sends to its id", async () => {
  const cookie = visitorCookie(visitor, visitorKey);
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`http://127.0.0.1:${negotiatePort}/api`, { headers: { Cookie: `sa_vid=${cookie}` } })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = new Promise(ok => connection.on("offers", ok));
  await connection.start();
  try {
    assert.equal(connection.state, signalR.HubConnectionState.Connected);

    const run = await dispatcherRun();
    assert.equal(run.code, 0, run.out);

    const message = await received;
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
