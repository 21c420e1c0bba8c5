// Without access keys, the production path with the real azure-identity classes and the real @microsoft/signalr
// client: the emulator jar with --entra plays a service with local authentication disabled and an App Service managed
// identity endpoint. signalr-negotiate.jar, given AuthType=azure.msi with IDENTITY_ENDPOINT and IDENTITY_HEADER
// (azure-identity's ManagedIdentityCredential), signs the visitor's client token with a temporary access key (its
// kid); `dispatcher.jar run` with the same connection string sends the visitor its offer with an Entra ID token.
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
const dir = mkdtempSync(join(tmpdir(), "signalr-entra-node-"));
const running = [];
const outputs = [];
let entra; // the emulator's connection string and managed identity endpoint
let negotiatePort;

/** Starts a jar and resolves with the first match of `pattern` in its output (stdout and stderr, kept for the end). */
function start(jar, args, env, pattern) {
  const child = spawn("java", ["-jar", jar, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  const output = { text: "" };
  outputs.push(output);
  return new Promise((ok, fail) => {
    const read = chunk => {
      output.text += chunk;
      const match = pattern.exec(output.text);
      if (match) ok(match);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", chunk => { output.text += chunk; });
    child.on("exit", code => fail(new Error(`${jar} exited with ${code}: ${output.text}`)));
    setTimeout(() => fail(new Error(`${jar} did not start: ${output.text}`)), 60_000).unref();
  });
}

function visitorCookie(id, key) {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const payload = `v1.${Buffer.from(id, "utf8").toString("base64url")}.${exp}.k1`;
  return `${payload}.${createHmac("sha256", key).update(payload, "ascii").digest("base64url")}`;
}

before(async () => {
  const emulator = await start(emulatorJar, ["--port", "0", "--entra"], {},
    /(Endpoint=\S*AuthType=azure\.msi\S*)[\s\S]*IDENTITY_ENDPOINT=(\S+)[\s\S]*IDENTITY_HEADER=(\S+)/);
  entra = {
    SIGNALR_CONNECTION_STRING: emulator[1],
    IDENTITY_ENDPOINT: emulator[2],
    IDENTITY_HEADER: emulator[3],
  };
  const negotiate = join(dir, "negotiate.json");
  writeFileSync(negotiate, JSON.stringify({ hub: "offers", route: "negotiate", userId: { source: "signed-cookie", name: "sa_vid" } }));
  const service = await start(negotiateJar, [`--negotiate=${negotiate}`, "--port=0", "--host=127.0.0.1"], {
    ...entra,
    SIGNALR_ANON_VISITOR_KEYS: `k1:${visitorKey.toString("base64")}`,
  }, /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  negotiatePort = Number(service[1]);
});

after(() => running.forEach(child => child.kill()));

function dispatcherRun() {
  const child = spawn("java", ["-jar", dispatcherJar, "run", "--as-of=2026-12-01T12:00:00Z"], {
    cwd: root,
    env: {
      ...process.env,
      ...entra,
      SPRING_DATASOURCE_URL: `jdbc:h2:file:${join(dir, "dispatcher")};WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE`,
      DISPATCHER_REPORT_DIRECTORY: join(dir, "reports"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", chunk => (out += chunk));
  child.stderr.on("data", chunk => (out += chunk));
  return new Promise(ok => child.on("exit", code => ok({ code, out })));
}

test("with AuthType=azure.msi, a visitor negotiates a temporary-key token at signalr-negotiate.jar and receives what dispatcher.jar run sends", async () => {
  const cookie = `sa_vid=${visitorCookie(visitor, visitorKey)}`;
  const negotiated = await fetch(`http://127.0.0.1:${negotiatePort}/api/negotiate`, { method: "POST", headers: { Cookie: cookie } });
  assert.equal(negotiated.status, 200, await negotiated.clone().text());
  const { accessToken } = await negotiated.json();
  const header = JSON.parse(Buffer.from(accessToken.split(".")[0], "base64url").toString());
  assert.equal(header.alg, "HS256");
  assert.match(header.kid, /^[0-9a-f-]{36}$/, "the client token names its temporary key");

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`http://127.0.0.1:${negotiatePort}/api`, { headers: { Cookie: cookie } })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = new Promise(ok => connection.on("offers", ok));
  await connection.start();
  let run;
  try {
    run = await dispatcherRun();
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Entra ID: the system-assigned managed identity/);

    const message = await received;
    assert.equal(message.userId, visitor);
    assert.ok(Array.isArray(message.offers) && message.offers.length > 0, JSON.stringify(message));
  } finally {
    await connection.stop();
  }
  for (const text of [run.out, ...outputs.slice(1).map(output => output.text)]) {
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./, "no token in the outputs");
    assert.ok(!text.includes(entra.IDENTITY_HEADER), "no identity header in the outputs");
  }
});
