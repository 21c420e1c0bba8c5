// Without access keys, with the real @microsoft/signalr client (Node): the emulator jar with --entra plays a
// service with local authentication disabled. Its anonymous negotiate signs the visitor's client token with a
// temporary access key fetched with an Entra ID token (the token names it in its kid); the visitor connects and
// receives the send that a back end makes with an Entra ID token of the emulator's managed identity endpoint.
// A token signed with the access key is refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, emulatorJar, sendToUser, sleep, startJar, visitorCookie, visitorKeys } from "./support.js";

const visitorKey = { kid: "node1", secret: Buffer.from("node-test-visitor-key-0123456789abcdef") };
const visitor = "web-entra-1";
let emulator;
let port;
let identity;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "signalr-emulator-entra-"));
  const negotiate = join(dir, "negotiate.json");
  writeFileSync(negotiate, JSON.stringify({
    hub: "offers", userId: { source: "signed-cookie", name: "sa_vid" }, allowedOrigins: ["https://shop.example"],
    tokenLifetimeSeconds: 3600, route: "negotiate",
  }));
  emulator = startJar(emulatorJar, ["--port", "0", "--entra", "--negotiate", negotiate], {
    env: { SIGNALR_ANON_VISITOR_KEYS: visitorKeys(visitorKey), SIGNALR_ANON_VISITOR_KEYS_FILE: undefined },
    ready: output => {
      const match = /Port=(\d+);/.exec(output);
      const endpoint = /IDENTITY_ENDPOINT=(\S+)/.exec(output);
      const header = /IDENTITY_HEADER=(\S+)/.exec(output);
      if (match && endpoint && header && output.includes("anonymous negotiate:")) {
        return [Number(match[1]), { endpoint: endpoint[1], header: header[1] }];
      }
      return undefined;
    },
    timeoutMs: 30_000,
  });
  [port, identity] = await emulator.started;
});

after(() => emulator?.child.kill());

/** An Entra ID token from the managed identity endpoint, as azure-identity asks for it on App Service. */
async function entraToken() {
  const response = await fetch(`${identity.endpoint}?resource=${encodeURIComponent("https://signalr.azure.com")}&api-version=2019-08-01`,
    { headers: { "X-IDENTITY-HEADER": identity.header } });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

test("a visitor connects with a token signed by the temporary key and receives the send made with an Entra ID token", async () => {
  const cookie = `sa_vid=${visitorCookie(visitor, visitorKey)}`;
  const negotiated = await (await fetch(`http://localhost:${port}/api/negotiate`, { method: "POST", headers: { Cookie: cookie } })).json();
  const header = JSON.parse(Buffer.from(negotiated.accessToken.split(".")[0], "base64url").toString());
  assert.equal(header.alg, "HS256");
  assert.match(header.kid, /^[0-9a-f-]{36}$/, "the client token names its temporary key");

  const { connection, received } = connect(`http://localhost:${port}/api`, { Cookie: cookie });
  await connection.start();
  try {
    const offer = { messageId: "m-entra-1", userId: visitor, offers: [{ id: "cart-10", placement: "hero", content: { title: "10% off" } }] };
    assert.equal(await sendToUser(port, visitor, offer), 401, "the access key is refused");
    assert.equal(await sendToUser(port, visitor, offer, await entraToken()), 202);
    for (let i = 0; i < 50 && received.length === 0; i++) await sleep(100);
    assert.deepEqual(received, [offer]);
  } finally {
    await connection.stop();
  }
  assert.doesNotMatch(emulator.output, /eyJ[A-Za-z0-9_-]+\./, "no token in the emulator's output");
});
