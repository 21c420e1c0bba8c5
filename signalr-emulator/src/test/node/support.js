// What the Node tests share: where the jars are, starting a jar and waiting for its output, `dispatcher.jar run`,
// visitor cookies and REST tokens minted here as another stack would, and the real @microsoft/signalr client.
// Not a test itself: `node --test` runs only the *.test.js files.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as signalR from "@microsoft/signalr";

/** The repository's root, where the jars are built and `dispatcher.jar run` finds sample-data/. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const emulatorJar = process.env.EMULATOR_JAR ?? join(root, "signalr-emulator/target/signalr-emulator.jar");
export const negotiateJar = process.env.NEGOTIATE_JAR ?? join(root, "signalr-negotiate/target/signalr-negotiate.jar");
export const dispatcherJar = process.env.DISPATCHER_JAR ?? join(root, "dispatcher/target/dispatcher.jar");

/** The emulator's well-known local access key. */
export const emulatorAccessKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

export const sleep = ms => new Promise(ok => setTimeout(ok, ms));

/**
 * Starts `java -jar jar ...args` with `env` over this process's environment (a key set to undefined is removed).
 * `ready` is read against the output after each chunk of stdout: a RegExp resolves `started` with its first match,
 * a function with the first value it returns other than null or undefined. `started` fails when the jar exits
 * first or after `timeoutMs`. stderr is kept in `output` too, or with `stderr: "inherit"` goes to this process's.
 * @returns {{ child: import("node:child_process").ChildProcess, readonly output: string, started: Promise<any> }}
 */
export function startJar(jar, args, { env = {}, ready, timeoutMs = 60_000, stderr = "pipe" }) {
  const merged = { ...process.env, ...env };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  const child = spawn("java", ["-jar", jar, ...args], { env: merged, stdio: ["ignore", "pipe", stderr] });
  const read = typeof ready === "function" ? ready : text => ready.exec(text);
  let output = "";
  const started = new Promise((ok, fail) => {
    child.stdout.on("data", chunk => {
      output += chunk;
      const value = read(output);
      if (value != null) ok(value);
    });
    child.stderr?.on("data", chunk => { output += chunk; });
    child.on("exit", code => fail(new Error(`${jar} exited with ${code}: ${output}`)));
    setTimeout(() => fail(new Error(`${jar} did not start: ${output}`)), timeoutMs).unref();
  });
  return { child, get output() { return output; }, started };
}

/**
 * Runs `dispatcher.jar run` from the repository root with its H2 database in `dir` and `env` over this process's
 * environment; a fixed as-of keeps the sample offers inside their validity windows whatever the date.
 * @returns {Promise<{ code: number | null, out: string }>} the exit code and stdout and stderr together
 */
export function dispatcherRun(dir, env = {}) {
  const child = spawn("java", ["-jar", dispatcherJar, "run", "--as-of=2026-12-01T12:00:00Z"], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      SPRING_DATASOURCE_URL: `jdbc:h2:file:${join(dir, "dispatcher")};WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", chunk => (out += chunk));
  child.stderr.on("data", chunk => (out += chunk));
  return new Promise(ok => child.on("exit", code => ok({ code, out })));
}

/** The SIGNALR_ANON_VISITOR_KEYS value for a visitor key `{ kid, secret }`: `<kid>:<secret in base64>`. */
export const visitorKeys = ({ kid, secret }) => `${kid}:${secret.toString("base64")}`;

/**
 * A visitor cookie v1 as the README documents it, minted here as another stack would:
 * v1.<id in base64url>.<exp>.<kid>.<HMAC-SHA256 with the key's secret over the first four fields>.
 */
export function visitorCookie(id, { kid, secret }, expiresInSeconds = 3600) {
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  const payload = `v1.${Buffer.from(id, "utf8").toString("base64url")}.${exp}.${kid}`;
  return `${payload}.${createHmac("sha256", secret).update(payload, "ascii").digest("base64url")}`;
}

/** A REST token as signalr-client signs it with an access key: HS256 keyed by the key's UTF-8 bytes, 5 minutes. */
export function accessKeyToken(audience, accessKey = emulatorAccessKey) {
  const encode = value => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ aud: audience, iat: now, exp: now + 300 })}`;
  return `${unsigned}.${createHmac("sha256", Buffer.from(accessKey, "utf8")).update(unsigned).digest("base64url")}`;
}

/**
 * Sends `message` to `user` on the hub offers (target offers) through the emulator's REST API on `port`, with
 * `token`, or one signed with the emulator's access key when none is given.
 * @returns {Promise<number>} the response status
 */
export async function sendToUser(port, user, message, token) {
  const url = `http://localhost:${port}/api/v1/hubs/offers/users/${encodeURIComponent(user)}`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token ?? accessKeyToken(url)}` },
    body: JSON.stringify({ target: "offers", arguments: [message] }),
  });
  return response.status;
}

/**
 * A connection (not started) of the real @microsoft/signalr client to `url`, sending `headers` if any, that keeps
 * what arrives on offers: `received` lists it all, `first` resolves with the first.
 */
export function connect(url, headers) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url, headers ? { headers } : {})
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = [];
  let arrived;
  const first = new Promise(ok => { arrived = ok; });
  connection.on("offers", message => { received.push(message); arrived(message); });
  return { connection, received, first };
}
