// Without access keys, the production path with the real azure-identity classes and the real @microsoft/signalr
// client: the emulator jar with --entra plays a service with local authentication disabled and an App Service managed
// identity endpoint. signalr-negotiate.jar, given AuthType=azure.msi with IDENTITY_ENDPOINT and IDENTITY_HEADER
// (azure-identity's ManagedIdentityCredential), signs the visitor's client token with a temporary access key (its
// kid); `dispatcher.jar run` with the same connection string sends the visitor its offer with an Entra ID token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, dispatcherRun, emulatorJar, negotiateJar, startJar, visitorCookie, visitorKeys } from "./support.js";

const visitorKey = { kid: "k1", secret: randomBytes(32) };
const visitor = "web-14575006"; // a user of sample-data/users.csv, with offers in sample-data/
const dir = mkdtempSync(join(tmpdir(), "signalr-entra-node-"));
const running = [];
let entra; // the emulator's connection string and managed identity endpoint
let negotiatePort;

before(async () => {
  const emulator = startJar(emulatorJar, ["--port", "0", "--entra"], {
    ready: /(Endpoint=\S*AuthType=azure\.msi\S*)[\s\S]*IDENTITY_ENDPOINT=(\S+)[\s\S]*IDENTITY_HEADER=(\S+)/,
  });
  running.push(emulator);
  const started = await emulator.started;
  entra = {
    SIGNALR_CONNECTION_STRING: started[1],
    IDENTITY_ENDPOINT: started[2],
    IDENTITY_HEADER: started[3],
  };
  const negotiate = join(dir, "negotiate.json");
  writeFileSync(negotiate, JSON.stringify({ hub: "offers", route: "negotiate", userId: { source: "signed-cookie", name: "sa_vid" } }));
  const service = startJar(negotiateJar, [`--negotiate=${negotiate}`, "--port=0", "--host=127.0.0.1"], {
    env: { ...entra, SIGNALR_ANON_VISITOR_KEYS: visitorKeys(visitorKey) },
    ready: /listening on http:\/\/127\.0\.0\.1:(\d+)\//,
  });
  running.push(service);
  negotiatePort = Number((await service.started)[1]);
});

after(() => running.forEach(jar => jar.child.kill()));

test("with AuthType=azure.msi, a visitor negotiates a temporary-key token at signalr-negotiate.jar and receives what dispatcher.jar run sends", async () => {
  const cookie = `sa_vid=${visitorCookie(visitor, visitorKey)}`;
  const negotiated = await fetch(`http://127.0.0.1:${negotiatePort}/api/negotiate`, { method: "POST", headers: { Cookie: cookie } });
  assert.equal(negotiated.status, 200, await negotiated.clone().text());
  const { accessToken } = await negotiated.json();
  const header = JSON.parse(Buffer.from(accessToken.split(".")[0], "base64url").toString());
  assert.equal(header.alg, "HS256");
  assert.match(header.kid, /^[0-9a-f-]{36}$/, "the client token names its temporary key");

  const { connection, first } = connect(`http://127.0.0.1:${negotiatePort}/api`, { Cookie: cookie });
  await connection.start();
  let run;
  try {
    run = await dispatcherRun(dir, { ...entra, DISPATCHER_REPORT_DIRECTORY: join(dir, "reports") });
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Entra ID: the system-assigned managed identity/);

    const message = await first;
    assert.equal(message.userId, visitor);
    assert.ok(Array.isArray(message.offers) && message.offers.length > 0, JSON.stringify(message));
  } finally {
    await connection.stop();
  }
  for (const text of [run.out, ...running.slice(1).map(jar => jar.output)]) {
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./, "no token in the outputs");
    assert.ok(!text.includes(entra.IDENTITY_HEADER), "no identity header in the outputs");
  }
});
