console.log('node init');
exports.handler = async (event, context) => {
  console.log('node got', event.action);
  if (event.action === 'fail') throw new TypeError('nope');
  return { echo: event, requestId: context.awsRequestId, fn: context.functionName, remaining: context.getRemainingTimeInMillis() > 0 };
};
exports.callback = (event, context, callback) => { setTimeout(() => callback(null, { cb: event.n + 1 }), 5); };
