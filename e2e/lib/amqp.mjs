// An independent RabbitMQ consumer, to check what really reached the broker.

import amqp from 'amqplib';

const URL = process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672/%2f';

/** Binds a fresh exclusive queue to `exchange` and collects what arrives. */
export async function tap(exchange = 'logs') {
  const connection = await amqp.connect(URL);
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, '');
  const messages = [];
  await channel.consume(queue, (message) => messages.push(message), { noAck: true });
  return {
    messages,
    /** Waits until a message satisfies `predicate`. */
    async waitFor(predicate, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const found = messages.find(predicate);
        if (found) return found;
        await new Promise((done) => setTimeout(done, 50));
      }
      throw new Error(`no matching message within ${timeoutMs} ms; got ${messages.length}`);
    },
    close: () => connection.close(),
  };
}
