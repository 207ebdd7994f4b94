// cloudlet's Node.js runtime client: the Lambda Runtime API loop (2018-06-01).
//
// Loads _HANDLER ("dir/file.export") from LAMBDA_TASK_ROOT: CommonJS `.js`/
// `.cjs` through require, ES modules (`.mjs`, or `.js` under a package.json
// with "type":"module") through import(). Supports async handlers, handlers
// returning a promise and callback handlers. Init failures go to
// /runtime/init/error (Runtime.ImportModuleError, Runtime.HandlerNotFound).
// console.* lines carry AWS's "<time>\t<requestId>\t<LEVEL>\t" prefix.
// Node's standard library only.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const PREFIX = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let currentRequestId = '';

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = http.request({ host: HOST, port: Number(PORT), method, path: PREFIX + route, agent,
      headers: data ? { ...headers, 'Content-Length': data.length } : headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

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

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const clientContext = headers['lambda-runtime-client-context'];
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
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
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    else delete process.env._X_AMZN_TRACE_ID;
    let event;
    try { event = next.body ? JSON.parse(next.body) : null; } catch { event = next.body; }
    try {
      const result = await runHandler(handler, event, makeContext(next.headers));
      const payload = result === undefined ? 'null' : JSON.stringify(result);
      await call('POST', `/invocation/${id}/response`, payload);
    } catch (err) {
      const body = errorObject(err);
      console.error(`Invoke Error \t${JSON.stringify(body)}`);
      await call('POST', `/invocation/${id}/error`, JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
    }
  }
}

process.on('unhandledRejection', (err) => { console.error('Unhandled Promise Rejection', err); process.exit(128); });
main().catch((err) => { console.error(err); process.exit(1); });
