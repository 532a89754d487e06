// The aged balance as a bar chart per currency (never adding currencies), with a table that carries
// the same figures for screen readers and anyone who prefers numbers.
import { useId } from 'react';
import type { AgingRow } from '../api/types.ts';
import { formatMoney, formatMoneyCompact } from '../format.ts';
import { useI18n, type Key } from '../i18n/index.tsx';

export const BUCKETS: { key: keyof Omit<AgingRow, 'currency' | 'total'>; label: Key }[] = [
  { key: 'notDue', label: 'aging.notDue' },
  { key: 'd1_30', label: 'aging.d1_30' },
  { key: 'd31_60', label: 'aging.d31_60' },
  { key: 'd61_90', label: 'aging.d61_90' },
  { key: 'd90Plus', label: 'aging.d90Plus' },
];

function Chart({ row }: { row: AgingRow }) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const descId = useId();
  const max = Math.max(1, ...BUCKETS.map((b) => row[b.key]));
  const w = 520;
  const h = 220;
  const pad = { top: 24, bottom: 40, left: 8, right: 8 };
  const slot = (w - pad.left - pad.right) / BUCKETS.length;
  const barW = slot * 0.62;
  const plotH = h - pad.top - pad.bottom;
  const desc = BUCKETS.map((b) => `${t(b.label)}: ${formatMoney(row[b.key], row.currency, locale)}`).join(
    '; ',
  );
  return (
    <svg
      className="aging-chart"
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={titleId}>{t('aging.chartTitle', { currency: row.currency })}</title>
      <desc id={descId}>{desc}</desc>
      <line x1={pad.left} x2={w - pad.right} y1={h - pad.bottom} y2={h - pad.bottom} className="axis" />
      {BUCKETS.map((b, i) => {
        const v = row[b.key];
        const bh = Math.round((v / max) * plotH);
        const x = pad.left + i * slot + (slot - barW) / 2;
        const y = h - pad.bottom - bh;
        return (
          <g key={b.key}>
            <rect x={x} y={y} width={barW} height={Math.max(bh, v > 0 ? 2 : 0)} className={`bar bar-${i}`} />
            <text x={x + barW / 2} y={y - 6} textAnchor="middle" className="bar-value">
              {formatMoneyCompact(v, row.currency, locale)}
            </text>
            <text x={x + barW / 2} y={h - pad.bottom + 18} textAnchor="middle" className="bar-label">
              {t(b.label)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function AgingTable({ rows, caption }: { rows: AgingRow[]; caption: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="data-table aging-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.currency')}</th>
            {BUCKETS.map((b) => (
              <th scope="col" key={b.key} className="num">
                {t(b.label)}
              </th>
            ))}
            <th scope="col" className="num">
              {t('aging.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.currency}>
              <th scope="row">{r.currency}</th>
              {BUCKETS.map((b) => (
                <td key={b.key} className="num">
                  {formatMoney(r[b.key], r.currency, locale)}
                </td>
              ))}
              <td className="num strong">{formatMoney(r.total, r.currency, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgingChart({ rows, caption }: { rows: AgingRow[]; caption: string }) {
  const { t } = useI18n();
  if (rows.length === 0) return <p className="empty">{t('aging.none')}</p>;
  return (
    <div className="aging">
      <div className="aging-charts">
        {rows.map((r) => (
          <figure key={r.currency} className="aging-figure">
            <Chart row={r} />
          </figure>
        ))}
      </div>
      <AgingTable rows={rows} caption={caption} />
    </div>
  );
}
