// npm run soak: the full delivery soak (10,000 reminders). SOAK_REMINDERS overrides the size.
import { runSoak } from './soak.ts';

const reminders = Number(process.env.SOAK_REMINDERS ?? 10_000);
const result = await runSoak({
  reminders,
  workers: 3,
  killEveryMs: 3000,
  failRate: 0.1,
  timeoutMs: 30 * 60_000,
  log: (l) => console.log(l),
});
console.log(JSON.stringify(result, null, 2));
console.log(
  `soak: ${result.planned} planned, ${result.receivedUnique} received once, ${result.duplicates} duplicates, ${result.lost} lost, ${result.kills} workers killed, Redis restarted ${result.redisRestarts}×`,
);
process.exitCode = result.duplicates === 0 && result.lost === 0 ? 0 : 1;
