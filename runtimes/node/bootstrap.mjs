// cloudlet's Node.js runtime client: the Lambda Runtime API loop (2018-06-01).
//
// Loads _HANDLER ("dir/file.export") from LAMBDA_TASK_ROOT: CommonJS `.js`/
// `.cjs` through require, ES modules (`.mjs`, or `.js` under a package.json
// with "type":"module") through import(). Supports async handlers, handlers
// returning a promise and callback handlers. Init failures go to
// /runtime/init/error (Runtime.ImportModuleError, Runtime.HandlerNotFound).
// console.* lines carry AWS's "<time>\t<requestId>\t<LEVEL>\t" prefix.
// Node's standard library only.
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const API = process.env.AWS_LAMBDA_RUNTIME_API;
const PREFIX = '/2018-06-01/runtime';
let currentRequestId = '';

// One keep-alive HTTP/1.1 connection to the Runtime API, reopened when
// dropped. A few lines over node:net rather than node:http: the http
// module's agent, parser and streams cost several times the handler's own
// time per warm invoke. The Runtime API is a loopback peer, so the client
// needs only Content-Length and chunked bodies and Connection: close.
// An invocation's /response (or /error) and the next /next go out in one
// write (HTTP/1.1 pipelining): one wake-up and one round trip per invoke.
class RuntimeClient {
  constructor(hostPort) {
    const colon = hostPort.lastIndexOf(':');
    this.host = hostPort.slice(0, colon).replace(/^\[|\]$/g, '');
    this.port = Number(hostPort.slice(colon + 1));
    this.hostHeader = hostPort;
    this.socket = null;
    this.buffered = [];     // received bytes not yet consumed
    this.bufferedBytes = 0;
    this.needed = 0;        // bytes the next response needs, once its head is known
    this.waiting = null;    // { remaining, resolve, reject }: the exchange in flight
    this.nextRequest = this.encode('GET', '/invocation/next');
  }

  encode(method, route, body, headers) {
    let head = `${method} ${PREFIX}${route} HTTP/1.1\r\nHost: ${this.hostHeader}\r\n`;
    if (headers) for (const name of Object.keys(headers)) head += `${name}: ${headers[name]}\r\n`;
    if (body === undefined) return Buffer.from(head + '\r\n', 'latin1');
    const data = Buffer.from(body);
    return Buffer.concat([Buffer.from(`${head}Content-Length: ${data.length}\r\n\r\n`, 'latin1'), data]);
  }

  // GET /invocation/next, after `ahead` (the previous invocation's encoded
  // answer) when given. Resolves with the /next response.
  nextInvocation(ahead) {
    return ahead ? this.exchange(Buffer.concat([ahead, this.nextRequest]), 2) : this.exchange(this.nextRequest, 1);
  }

  // Sends `data` (whole requests) and resolves with the last of `responses`
  // answers: { status, headers (lower-case names), body (string) }. Retried
  // once on a fresh connection.
  async exchange(data, responses) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Promise((resolve, reject) => {
          if (!this.socket) this.connect();
          this.waiting = { remaining: responses, resolve, reject };
          this.socket.write(data);
        });
      } catch (err) {
        if (attempt > 0) throw err;
      }
    }
  }

  connect() {
    const socket = net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
      while (this.waiting && this.bufferedBytes >= this.needed && this.takeResponse());
    });
    const lost = (err) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.buffered = [];
      this.bufferedBytes = 0;
      this.needed = 0;
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) waiting.reject(err || new Error('Runtime API connection closed'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    this.socket = socket;
  }

  // Consumes one whole response from the buffer if it has arrived; the
  // exchange resolves with its last. Returns whether one was consumed.
  takeResponse() {
    const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.bufferedBytes);
    this.buffered = [all];
    const headEnd = all.indexOf('\r\n\r\n');
    if (headEnd < 0) return false;
    const lines = all.toString('latin1', 0, headEnd).split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    let body, consumed;
    if ((headers['transfer-encoding'] || '').toLowerCase() === 'chunked') {
      const parts = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = all.indexOf('\r\n', at);
        if (lineEnd < 0) return false;
        const size = parseInt(all.toString('latin1', at, lineEnd).split(';')[0], 16);
        if (size === 0) {
          const end = all.indexOf('\r\n\r\n', lineEnd);  // after any trailers
          if (end < 0) return false;
          consumed = end + 4;
          break;
        }
        if (all.length < lineEnd + 2 + size + 2) return false;
        parts.push(all.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts).toString();
    } else {
      const length = Number(headers['content-length'] || 0);
      // Large bodies arrive in many chunks: join them once, not per chunk.
      if (all.length < bodyStart + length) {
        this.needed = bodyStart + length;
        return false;
      }
      body = all.toString('utf8', bodyStart, bodyStart + length);
      consumed = bodyStart + length;
    }
    const rest = all.subarray(consumed);
    this.buffered = rest.length ? [rest] : [];
    this.bufferedBytes = rest.length;
    this.needed = 0;
    if ((headers.connection || '').toLowerCase() === 'close') {
      const socket = this.socket;
      this.socket = null;
      socket.end();
    }
    const waiting = this.waiting;
    if (--waiting.remaining === 0) {
      this.waiting = null;
      waiting.resolve({ headers, status, body });
    }
    return true;
  }
}

const client = new RuntimeClient(API);
const call = (method, route, body, headers) => client.exchange(client.encode(method, route, body, headers), 1);

function errorObject(err, type) {
  const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : util.inspect(err));
  return {
    errorType: type || e.name || 'Error',
    errorMessage: e.message,
    trace: (e.stack || '').split('\n'),
  };
}

for (const [name, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[name] = (...args) => {
    const line = `${new Date().toISOString()}\t${currentRequestId || 'undefined'}\t${level}\t${util.format(...args)}`;
    fs.writeSync(1, line.replace(/\n/g, '\r') + '\n');
  };
}

class InitError extends Error {
  constructor(type, message) { super(message); this.name = type; }
}

function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try { return JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module'; } catch { return false; }
    }
    if (dir === path.dirname(dir)) return false;
  }
}

async function loadHandler(taskRoot, spec) {
  const slash = spec.lastIndexOf('/');
  const dot = spec.indexOf('.', slash + 1);
  if (dot < 0) throw new InitError('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  const modulePath = spec.slice(0, dot);
  const exportPath = spec.slice(dot + 1);
  const base = path.resolve(taskRoot, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) throw new InitError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
  let mod;
  try {
    mod = isEsm(file) ? await import(pathToFileURL(file).href) : createRequire(file)(file);
  } catch (err) {
    if (err instanceof SyntaxError) throw new InitError('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`);
    throw new InitError('Runtime.ImportModuleError', `${err.name}: ${err.message}`);
  }
  let handler = exportPath.split('.').reduce((o, k) => (o == null ? undefined : o[k]), mod);
  if (handler === undefined && mod && mod.default) {
    handler = exportPath.split('.').reduce((o, k) => (o == null ? undefined : o[k]), mod.default);
  }
  if (handler === undefined) throw new InitError('Runtime.HandlerNotFound', `${modulePath}.${exportPath} is undefined or not exported`);
  if (typeof handler !== 'function') throw new InitError('Runtime.HandlerNotFound', `${modulePath}.${exportPath} is not a function`);
  return handler;
}

// Read once: every process.env access is a getenv() scan through the interceptor.
const FUNCTION_ENV = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
};

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const clientContext = headers['lambda-runtime-client-context'];
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FUNCTION_ENV.functionName,
    functionVersion: FUNCTION_ENV.functionVersion,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: FUNCTION_ENV.memoryLimitInMB,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: FUNCTION_ENV.logGroupName,
    logStreamName: FUNCTION_ENV.logStreamName,
    clientContext: clientContext ? JSON.parse(clientContext) : undefined,
    identity: headers['lambda-runtime-cognito-identity'] ? JSON.parse(headers['lambda-runtime-cognito-identity']) : undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

// Runs the handler in whichever style it uses; resolves to the result.
function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== null && err !== undefined) reject(err); else resolve(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (err) => callback(err ?? new Error('handled'));
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (err) {
      return callback(err);
    }
    if (returned && typeof returned.then === 'function') {
      returned.then((r) => callback(null, r), (e) => callback(e ?? new Error('Promise rejected')));
    } else if (handler.length < 3) {
      callback(null, returned);
    }
  });
}

async function main() {
  const taskRoot = process.env.LAMBDA_TASK_ROOT || '/var/task';
  let handler;
  try {
    handler = await loadHandler(taskRoot, process.env._HANDLER || '');
  } catch (err) {
    const body = errorObject(err, err instanceof InitError ? err.name : 'Runtime.ImportModuleError');
    console.error(`${body.errorType}: ${body.errorMessage}`);
    await call('POST', '/init/error', JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
    process.exit(1);
  }
  let answer;  // the previous invocation's /response or /error, sent ahead of the next /next
  let traceSet = '_X_AMZN_TRACE_ID' in process.env;
  for (;;) {
    const next = await client.nextInvocation(answer);
    const id = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    const trace = next.headers['lambda-runtime-trace-id'];
    if (trace) process.env._X_AMZN_TRACE_ID = trace;
    else if (traceSet) delete process.env._X_AMZN_TRACE_ID;
    traceSet = Boolean(trace);
    let event;
    try { event = next.body ? JSON.parse(next.body) : null; } catch { event = next.body; }
    try {
      const result = await runHandler(handler, event, makeContext(next.headers));
      const payload = result === undefined ? 'null' : JSON.stringify(result);
      answer = client.encode('POST', `/invocation/${id}/response`, payload);
    } catch (err) {
      const body = errorObject(err);
      console.error(`Invoke Error \t${JSON.stringify(body)}`);
      answer = client.encode('POST', `/invocation/${id}/error`, JSON.stringify(body),
        { 'Lambda-Runtime-Function-Error-Type': body.errorType });
    }
  }
}

process.on('unhandledRejection', (err) => { console.error('Unhandled Promise Rejection', err); process.exit(128); });
main().catch((err) => { console.error(err); process.exit(1); });
