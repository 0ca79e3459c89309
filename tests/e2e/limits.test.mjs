// Limits that are not about one request: a process out of descriptors waits instead of spinning a
// thread on accept, and over stdio the server stops reading input while mcp.max-in-flight messages
// are being handled (the client's writes then wait on the pipe) instead of queueing without bound.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { BIN, connectStdio, serverArgs, startFakeUpstream, textOf, upstreamFlags } from './harness.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds the process has used (user + system), from /proc/PID/stat. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;  // utime, stime in clock ticks (USER_HZ = 100)
}

function startUnderFileLimit(limit) {
  // prlimit (util-linux) lowers the hard limit too, so the server cannot raise it back.
  const child = spawn('prlimit', [`--nofile=${limit}:${limit}`, '--', BIN, 'serve', '--http', '--http.port=0',
    '--admin.port=0', '--cache.warm=[]', ...serverArgs()], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 15 s:\n${stderr}`)), 15000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /varlet-mcp \S+ listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stderr: () => stderr });
      }
    });
  });
}

describe('out of descriptors', () => {
  let server;
  after(() => server?.child.kill('SIGKILL'));

  test('accept waits instead of spinning, and serves again once descriptors are free', async () => {
    server = await startUnderFileLimit(48);
    const sockets = [];
    for (let i = 0; i < 120; i++) {
      const s = net.connect(server.port, '127.0.0.1');
      s.on('error', () => {});
      sockets.push(s);
    }
    await sleep(1000);
    const before = cpuSeconds(server.child.pid);
    await sleep(3000);
    const used = cpuSeconds(server.child.pid) - before;
    // A thread re-arming accept at once on EMFILE burns a whole core: about 3 s in these 3 s.
    assert.ok(used < 1, `the server used ${used.toFixed(2)} s of CPU in 3 s while out of descriptors`);
    assert.match(server.stderr(), /cannot accept connections .*open files limit/i);
    for (const s of sockets) s.destroy();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await sleep(100);
      status = await fetch(`http://127.0.0.1:${server.port}/healthz`).then((r) => r.status, () => 0);
    }
    assert.equal(status, 200, 'served again after the descriptors were freed');
  });
});

describe('stdio backpressure', () => {
  let upstream;
  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(() => upstream?.stop());

  test('with max-in-flight messages waiting, the next one is read only when one is answered', async () => {
    // 3.0.0 comes only from the fake upstream here, which holds its web-types for 1.5 s.
    upstream.setFaults([{ path: '@3.0.0/highlight/web-types', fault: 'slow', ms: 1500 }]);
    const { client, close } = await connectStdio({
      args: [...upstreamFlags(upstream), '--mcp.max-in-flight=2', '--cache.warm=[]'],
    });
    try {
      const order = [];
      const slow = ['button', 'card'].map((name) =>
        client.callTool({ name: 'get_component_api', arguments: { name, version: '3.0.0' } }).then((r) => {
          order.push(`slow ${name}`);
          return r;
        }));
      await sleep(200);  // both slow calls are in flight
      const ping = client.ping().then(() => order.push('ping'));
      const [a, b] = await Promise.all(slow);
      await ping;
      assert.notEqual(a.isError, true, textOf(a));
      assert.notEqual(b.isError, true, textOf(b));
      // Without the bound the ping is read at once and answered long before the slow calls.
      assert.notEqual(order[0], 'ping', `answers came in the order ${order.join(', ')}`);
    } finally {
      await close();
    }
  });
});
