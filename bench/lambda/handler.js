// The function URL benchmark's handler, served by cloudlet (a function URL)
// and by serverless-offline (an httpApi event): a small JSON answer.
exports.hello = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'hello', path: event.rawPath ?? event.path }),
});
