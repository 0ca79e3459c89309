// A real nginx on loopback as the reverse proxy conf/production.ini describes: every request to its
// port goes to the server's public port with the Host the server expects, the client address in
// X-Forwarded-For, and no buffering (SSE answers pass through as they are written). Everything
// nginx writes (pid, logs, temporary files) stays in its own temporary folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from './harness.mjs';

export const NGINX = process.env.NGINX_BIN || '/usr/sbin/nginx';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

function config(dir, port, target) {
  return `master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  client_max_body_size 16m;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://${target};
      proxy_http_version 1.1;
      proxy_set_header Host $proxy_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
`;
}

/** Starts nginx proxying to `target` ("127.0.0.1:PORT"). Resolves to {url, dir, stop()} once it accepts connections. */
export async function startNginxProxy(target) {
  const dir = tempDir('varlet-mcp-nginx-');
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.chmodSync(dir, 0o755); // workers run unprivileged and must reach their temporary folders
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config(dir, port, target));
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (const started = Date.now(); !(await accepts(port)); ) {
    if (child.exitCode !== null || Date.now() - started > 10_000) {
      const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
      await stop();
      throw new Error(`nginx did not start:\n${stderr}${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url: `http://127.0.0.1:${port}`, dir, stop };
}
