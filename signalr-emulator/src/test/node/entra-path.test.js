// Without access keys, with the real @microsoft/signalr client (Node): the emulator jar with --entra plays a
// service with local authentication disabled. Its anonymous negotiate signs the visitor's client token with a
// temporary access key fetched with an Entra ID token (the token names it in its kid); the visitor connects and
// receives the send that a back end makes with an Entra ID token of the emulator's managed identity endpoint.
// A token signed with the access key is refused.
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
const accessKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
const visitorKey = { kid: "node1", secret: Buffer.from("node-test-visitor-key-0123456789abcdef") };
const visitor = "web-entra-1";
let emulator;
let output = "";
let port;
let identity;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "signalr-emulator-entra-"));
  const negotiate = join(dir, "negotiate.json");
  writeFileSync(negotiate, JSON.stringify({
    hub: "offers", userId: { source: "signed-cookie", name: "sa_vid" }, allowedOrigins: ["https://shop.example"],
    tokenLifetimeSeconds: 3600, route: "negotiate",
  }));
  const env = { ...process.env, SIGNALR_ANON_VISITOR_KEYS: `${visitorKey.kid}:${visitorKey.secret.toString("base64")}` };
  delete env.SIGNALR_ANON_VISITOR_KEYS_FILE;
  emulator = spawn("java", ["-jar", jar, "--port", "0", "--entra", "--negotiate", negotiate], { env, stdio: ["ignore", "pipe", "pipe"] });
  emulator.stderr.on("data", chunk => { output += chunk; });
  [port, identity] = await new Promise((ok, fail) => {
    emulator.stdout.on("data", chunk => {
      output += chunk;
      const match = /Port=(\d+);/.exec(output);
      const endpoint = /IDENTITY_ENDPOINT=(\S+)/.exec(output);
      const header = /IDENTITY_HEADER=(\S+)/.exec(output);
      if (match && endpoint && header && output.includes("anonymous negotiate:")) {
        ok([Number(match[1]), { endpoint: endpoint[1], header: header[1] }]);
      }
    });
    emulator.on("exit", code => fail(new Error(`the emulator exited with ${code}: ${output}`)));
    setTimeout(() => fail(new Error(`the emulator did not start: ${output}`)), 30_000).unref();
  });
});

after(() => emulator?.kill());

function visitorCookie(id) {
  const payload = `v1.${Buffer.from(id, "utf8").toString("base64url")}.${Math.floor(Date.now() / 1000) + 3600}.${visitorKey.kid}`;
  return `${payload}.${createHmac("sha256", visitorKey.secret).update(payload, "ascii").digest("base64url")}`;
}

/** An Entra ID token from the managed identity endpoint, as azure-identity asks for it on App Service. */
async function entraToken() {
  const response = await fetch(`${identity.endpoint}?resource=${encodeURIComponent("https://signalr.azure.com")}&api-version=2019-08-01`,
    { headers: { "X-IDENTITY-HEADER": identity.header } });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

function accessKeyToken(audience) {
  const encode = value => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ aud: audience, iat: now, exp: now + 300 })}`;
  return `${unsigned}.${createHmac("sha256", Buffer.from(accessKey, "utf8")).update(unsigned).digest("base64url")}`;
}

async function sendToUser(user, message, token) {
  const url = `http://localhost:${port}/api/v1/hubs/offers/users/${encodeURIComponent(user)}`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token ?? accessKeyToken(url)}` },
    body: JSON.stringify({ target: "offers", arguments: [message] }),
  });
  return response.status;
}

const sleep = ms => new Promise(ok => setTimeout(ok, ms));

test("a visitor connects with a token signed by the temporary key and receives the send made with an Entra ID token", async () => {
  const cookie = `sa_vid=${visitorCookie(visitor)}`;
  const negotiated = await (await fetch(`http://localhost:${port}/api/negotiate`, { method: "POST", headers: { Cookie: cookie } })).json();
  const header = JSON.parse(Buffer.from(negotiated.accessToken.split(".")[0], "base64url").toString());
  assert.equal(header.alg, "HS256");
  assert.match(header.kid, /^[0-9a-f-]{36}$/, "the client token names its temporary key");

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`http://localhost:${port}/api`, { headers: { Cookie: cookie } })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = [];
  connection.on("offers", message => { received.push(message); });
  await connection.start();
  try {
    const offer = { messageId: "m-entra-1", userId: visitor, offers: [{ id: "cart-10", placement: "hero", content: { title: "10% off" } }] };
    assert.equal(await sendToUser(visitor, offer), 401, "the access key is refused");
    assert.equal(await sendToUser(visitor, offer, await entraToken()), 202);
    for (let i = 0; i < 50 && received.length === 0; i++) await sleep(100);
    assert.deepEqual(received, [offer]);
  } finally {
    await connection.stop();
  }
  assert.doesNotMatch(output, /eyJ[A-Za-z0-9_-]+\./, "no token in the emulator's output");
});
