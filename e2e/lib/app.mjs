// Starts the real OncoCenter server for a test file and stops it afterwards.
//
//   const app = await startApp();   // { baseUrl, stop() }
//
// The binary: $ONCOCENTER_BIN, else <target>/debug/oncocenter (target = $CARGO_TARGET_DIR or
// <repo>/target). Each start gets a fresh data directory and binds an ephemeral port (unless
// env.ONCOCENTER_BIND names one, see freePort); the URL is read from the server's
// "OncoCenter listening on http://…" line.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const spaDir = process.env.ONCOCENTER_SPA_DIR || path.join(repoRoot, 'frontend', 'dist');

export function serverBinary() {
  if (process.env.ONCOCENTER_BIN) return process.env.ONCOCENTER_BIN;
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(repoRoot, process.env.CARGO_TARGET_DIR)
    : path.join(repoRoot, 'target');
  return path.join(targetDir, 'debug', 'oncocenter');
}

const LISTENING = /listening on (https?:\/\/[^\s"]+)/i;

export async function startApp({ env = {}, timeoutMs = 60_000 } = {}) {
  const bin = serverBinary();
  if (!existsSync(bin)) {
    throw new Error(`server binary not found: ${bin} (cargo build -p server --bin oncocenter, or set ONCOCENTER_BIN)`);
  }
  if (!existsSync(path.join(spaDir, 'index.html'))) {
    throw new Error(`SPA not built: ${spaDir}/index.html is missing (run scripts/build-spa.sh)`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oncocenter-e2e-'));
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      ONCOCENTER_BIND: '127.0.0.1:0',
      ONCOCENTER_DATA_DIR: dataDir,
      ONCOCENTER_SPA_DIR: spaDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not print "listening on" within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(LISTENING);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${output}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  // Keep draining the pipes so the server never blocks on a full pipe.
  child.stdout.on('data', (c) => { output += c.toString(); });
  child.stderr.on('data', (c) => { output += c.toString(); });

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }

  return { baseUrl, dataDir, bin, stop, logs: () => output };
}

// A free TCP port on 127.0.0.1, for a server whose emailed links must name its address.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
