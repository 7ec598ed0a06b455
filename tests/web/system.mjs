// The real system for browser tests: scripts/run (API + web UI from
// web/dist) with no worker of its own, so a test decides when work starts;
// startWorker() adds a real deeptrace-worker on the same state directory.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
export const buildDir = process.env.DEEPTRACE_BUILD_DIR ?? join(repoRoot, 'build');
const FACE_IMAGE = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitFor(check, what, attempts = 300) {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function stopProcess(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
}

export async function startSystem() {
  if (!existsSync(join(repoRoot, 'web/dist/index.html'))) throw new Error('web/dist is missing: run scripts/setup (or npm run build in web/)');
  const state = mkdtempSync(join(tmpdir(), 'deeptrace-web-'));
  const port = await freePort();
  // Webhooks may reach the journey's own loopback receiver (docs/webhooks.md),
  // and a failed attempt is retried soon. scripts/run passes the environment on.
  const env = { ...process.env, DEEPTRACE_BUILD_DIR: buildDir,
                DEEPTRACE_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32', DEEPTRACE_WEBHOOK_RETRY_DELAYS: '300ms' };
  const log = [];
  const run = spawn(join(repoRoot, 'scripts/run'), ['--port', String(port), '--state', state, '--workers', '0'],
                    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  run.stdout.on('data', (d) => log.push(String(d)));
  run.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (run.exitCode !== null) throw new Error(`scripts/run exited:\n${log.join('')}`);
    return fetch(`${url}/healthz`).then((r) => r.ok, () => false);
  }, 'the API');
  await waitFor(() => existsSync(join(state, 'admin.key')), 'admin.key');
  const adminKey = readFileSync(join(state, 'admin.key'), 'utf8').trim();
  const workers = [];
  return {
    url, state, adminKey, log,
    addUser(name, { admin = false } = {}) {
      const args = ['--state', state, 'users', 'add', name, ...(admin ? ['--admin'] : [])];
      const out = execFileSync(join(buildDir, 'bin/deeptrace-admin'), args, { env });
      return String(out).trim();
    },
    // maxPixels: the worker's own --max-pixels, below the API's (8192 x 8192
    // by default), so a picture the API accepts can still fail in the worker.
    startWorker({ maxPixels } = {}) {
      const args = ['--state', state, '--models', join(buildDir, 'models'), '--worker-id', `web-e2e-w${workers.length + 1}`];
      if (maxPixels !== undefined) args.push('--max-pixels', String(maxPixels));
      const worker = spawn(join(buildDir, 'bin/deeptrace-worker'), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      worker.stdout.on('data', (d) => log.push(String(d)));
      worker.stderr.on('data', (d) => log.push(String(d)));
      workers.push(worker);
    },
    async stop() {
      await Promise.all(workers.map(stopProcess));
      await stopProcess(run);
    },
  };
}

// Test media generated with ffmpeg: a real face (skimage's astronaut), a
// clip without faces, a clip larger than the journey worker analyses, a
// JPEG, and two bad files.
export function makeMedia() {
  const dir = mkdtempSync(join(tmpdir(), 'deeptrace-web-media-'));
  const ffmpeg = (args) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
  const face = join(dir, 'astronaut-face.mp4');
  ffmpeg(['-loop', '1', '-i', FACE_IMAGE, '-t', '3', '-r', '10',
          '-vf', "scale=512:512,zoompan=z='1+0.002*on':d=1:s=512x512,format=yuv420p", '-c:v', 'libx264', face]);
  const noFace = join(dir, 'test-pattern.mp4');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10:duration=2', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', noFace]);
  // 720 x 576: within the API's pixel cap, over the journey worker's.
  const overWorkerCap = join(dir, 'over-worker-cap.mp4');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=720x576:rate=10:duration=1', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', overWorkerCap]);
  const image = join(dir, 'astronaut.jpg');
  ffmpeg(['-i', FACE_IMAGE, '-vf', 'scale=256:256', image]);
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'this is not a video\n');
  const fakeVideo = join(dir, 'not-really.mp4');
  writeFileSync(fakeVideo, 'plain text pretending to be a video\n'.repeat(20));
  // Big enough that a throttled upload is still running when we look at it.
  const large = join(dir, 'large-upload.mp4');
  writeFileSync(large, randomBytes(6 * 1024 * 1024));
  return { dir, face, noFace, overWorkerCap, image, text, fakeVideo, large };
}
