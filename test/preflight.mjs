// Before the suite: say clearly, in one place, when PostgreSQL or Redis is not reachable,
// and how to start it, rather than letting dozens of tests fail with connection errors.
import net from 'node:net';

const pgUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

const problems = [];
if (!(await reachable(pgUrl.hostname, pgUrl.port || 5432))) {
  problems.push(
    `PostgreSQL is not reachable at ${pgUrl.hostname}:${pgUrl.port || 5432} (TEST_DATABASE_URL).\n` +
      `  Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
  );
}
if (!(await reachable(redisUrl.hostname, redisUrl.port || 6379))) {
  problems.push(
    `Redis is not reachable at ${redisUrl.hostname}:${redisUrl.port || 6379} (TEST_REDIS_URL).\n` +
      `  Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`,
  );
}
if (problems.length > 0) {
  console.error('The test suite needs real PostgreSQL and Redis:\n\n' + problems.join('\n\n'));
  process.exit(1);
}
