// npm run soak: the full delivery soak (10,000 reminders). SOAK_REMINDERS overrides the size.
import { runSoak } from './soak.ts';

const reminders = Number(process.env.SOAK_REMINDERS ?? 10_000);
// Interrupted: exit through process.exit so that the soak's exit handler kills its workers and Redis.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
const result = await runSoak({
  reminders,
  workers: Number(process.env.SOAK_WORKERS ?? 3),
  killEveryMs: Number(process.env.SOAK_KILL_EVERY_MS ?? 6000),
  failRate: Number(process.env.SOAK_FAIL_RATE ?? 0.1),
  timeoutMs: 120 * 60_000,
  ...(process.env.SOAK_BUDGET_MIN ? { budgetMs: Number(process.env.SOAK_BUDGET_MIN) * 60_000 } : {}),
  log: (l) => console.log(l),
});
console.log(JSON.stringify(result, null, 2));
console.log(
  `soak: ${result.planned} planned, ${result.receivedUnique} received, ${result.duplicates} duplicates, ${result.lost} lost, ${result.unrecorded} unrecorded, ${result.notYetDelivered} not yet delivered, ${result.kills} workers killed, Redis restarted ${result.redisRestarts}× (clock back: ${result.clockBackAfterRestart}), ${result.refusedBySmtp} refused by SMTP and retried, ${result.reconciled} reconciled by lookup, ${result.seconds.toFixed(0)} s`,
);
process.exitCode =
  result.duplicates === 0 &&
  result.lost === 0 &&
  result.unrecorded === 0 &&
  result.notYetDelivered === 0 &&
  result.clockBackAfterRestart
    ? 0
    : 1;
