// The Relance card on HubSpot company records: the company's aged balance, open invoices, the next
// planned action and the latest contacts, with buttons to pause reminders, record a promise, open a
// dispute and add a note. Everything is read from and written to Relance through hubspot.fetch;
// HubSpot signs each request and adds the account and user, which the backend checks.
import React, { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  ButtonRow,
  DateInput,
  Divider,
  EmptyState,
  Flex,
  Form,
  Heading,
  Input,
  LoadingSpinner,
  Select,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  TextArea,
  hubspot,
} from '@hubspot/ui-extensions';
import { BACKEND, isoDate, money, type ApiProblem, type CardData } from './card-api.ts';

type Mode = 'view' | 'promise' | 'dispute' | 'note' | 'pause';

export interface CollectionsCardProps {
  context: { crm: { objectId: number | string } };
  backend?: string;
}

async function problemOf(res: Response): Promise<string> {
  try {
    const p = (await res.json()) as ApiProblem;
    return p.fields?.length ? p.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : p.message;
  } catch {
    return `Relance answered ${res.status}`;
  }
}

export function CollectionsCard({ context, backend = BACKEND }: CollectionsCardProps) {
  const companyId = String(context.crm.objectId);
  const base = `${backend}/company/${companyId}`;
  const [data, setData] = useState<CardData | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'not_linked' | 'failed'>('loading');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [busy, setBusy] = useState(false);
  const [promiseDate, setPromiseDate] = useState<string | null>(null);
  const [promiseAmount, setPromiseAmount] = useState('');
  const [disputeInvoice, setDisputeInvoice] = useState<string | null>(null);
  const [disputeReason, setDisputeReason] = useState('other');
  const [text, setText] = useState('');

  const load = useCallback(async () => {
    try {
      const res = await hubspot.fetch(base, { method: 'GET', timeout: 15_000 });
      if (res.status === 404) return setStatus('not_linked');
      if (!res.ok) {
        setProblem(await problemOf(res));
        return setStatus('failed');
      }
      setData((await res.json()) as CardData);
      setStatus('ready');
    } catch (err) {
      setProblem(`Relance could not be reached: ${(err as Error).message}`);
      setStatus('failed');
    }
  }, [base]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (action: string, body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const res = await hubspot.fetch(`${base}/${action}`, { method: 'POST', body, timeout: 15_000 });
      if (!res.ok) return setProblem(await problemOf(res));
      setData((await res.json()) as CardData);
      setNotice(done);
      setMode('view');
      setText('');
    } catch (err) {
      setProblem(`Relance could not be reached: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  if (status === 'loading') return <LoadingSpinner label="Loading collections from Relance" />;
  if (status === 'not_linked')
    return (
      <EmptyState title="Not linked to a customer" layout="vertical">
        <Text>
          This company is not linked to a customer in Relance. Choose its customer in Relance’s HubSpot
          settings.
        </Text>
      </EmptyState>
    );
  if (status === 'failed' || !data)
    return (
      <Alert title="Relance is unavailable" variant="error">
        {problem ?? 'The collections could not be loaded.'}
      </Alert>
    );

  const fmt = (minor: number, currency: string) => money(minor, currency, data.currencies);
  const overdue = data.invoices.filter((i) => i.daysLate > 0);
  const open = data.invoices.filter((i) => !i.disputed);

  return (
    <Flex direction="column" gap="md">
      {notice ? (
        <Alert title="Saved in Relance" variant="success">
          {notice}
        </Alert>
      ) : null}
      {problem ? (
        <Alert title="Relance refused this" variant="error">
          {problem}
        </Alert>
      ) : null}
      <Flex direction="row" gap="sm" align="center">
        <Heading>{data.customer.name}</Heading>
        {data.customer.paused ? <Tag variant="warning">Reminders paused</Tag> : null}
      </Flex>

      <Statistics>
        {data.aging.map((a) => (
          <StatisticsItem
            key={`due-${a.currency}`}
            label={`Overdue (${a.currency})`}
            number={fmt(a.total - a.not_due, a.currency)}
          />
        ))}
        <StatisticsItem
          label="Oldest overdue (days)"
          number={String(Math.max(0, ...data.invoices.map((i) => i.daysLate)))}
        />
        <StatisticsItem label="Open invoices" number={String(data.invoices.length)} />
      </Statistics>

      <Table bordered={true}>
        <TableHead>
          <TableRow>
            <TableHeader>Currency</TableHeader>
            <TableHeader>Not due</TableHeader>
            <TableHeader>1–30</TableHeader>
            <TableHeader>31–60</TableHeader>
            <TableHeader>61–90</TableHeader>
            <TableHeader>90+</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.aging.map((a) => (
            <TableRow key={a.currency}>
              <TableCell>{a.currency}</TableCell>
              <TableCell>{fmt(a.not_due, a.currency)}</TableCell>
              <TableCell>{fmt(a.d1_30, a.currency)}</TableCell>
              <TableCell>{fmt(a.d31_60, a.currency)}</TableCell>
              <TableCell>{fmt(a.d61_90, a.currency)}</TableCell>
              <TableCell>{fmt(a.d90_plus, a.currency)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Heading>Open invoices</Heading>
      {data.invoices.length === 0 ? (
        <Text>Nothing open.</Text>
      ) : (
        <Table bordered={true}>
          <TableHead>
            <TableRow>
              <TableHeader>Invoice</TableHeader>
              <TableHeader>Due</TableHeader>
              <TableHeader>Days late</TableHeader>
              <TableHeader>Open</TableHeader>
              <TableHeader>Status</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.invoices.map((i) => (
              <TableRow key={i.id}>
                <TableCell>{i.number}</TableCell>
                <TableCell>{i.dueDate ?? i.issueDate}</TableCell>
                <TableCell>{String(i.daysLate)}</TableCell>
                <TableCell>{fmt(i.openBalance, i.currency)}</TableCell>
                <TableCell>
                  {i.disputed
                    ? 'In dispute'
                    : i.promisedDate
                      ? `Promised for ${i.promisedDate}`
                      : i.paused
                        ? 'Paused'
                        : i.daysLate > 0
                          ? 'Overdue'
                          : 'Not due'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <Text format={{ fontWeight: 'bold' }}>
        {data.nextAction ? `Next: ${data.nextAction.label} on ${data.nextAction.date}` : 'Nothing planned'}
      </Text>

      <Divider />
      <Heading>Latest</Heading>
      {data.timeline.length === 0 ? (
        <Text>No contact yet.</Text>
      ) : (
        data.timeline.map((t) => (
          <Text key={`${t.at}-${t.kind}-${t.title}`}>
            {`${t.at.slice(0, 10)} · ${t.title}${t.detail ? ` · ${t.detail}` : ''}`}
          </Text>
        ))
      )}

      <Divider />
      <ButtonRow>
        {data.customer.paused ? (
          <Button onClick={() => void act('resume', {}, 'Reminders resumed.')} disabled={busy}>
            Resume reminders
          </Button>
        ) : (
          <Button onClick={() => setMode('pause')} disabled={busy}>
            Pause reminders
          </Button>
        )}
        <Button onClick={() => setMode('promise')} disabled={busy || open.length === 0}>
          Record a promise
        </Button>
        <Button onClick={() => setMode('dispute')} disabled={busy || open.length === 0}>
          Open a dispute
        </Button>
        <Button onClick={() => setMode('note')} disabled={busy}>
          Add a note
        </Button>
      </ButtonRow>

      {mode === 'pause' ? (
        <Form
          onSubmit={() => void act('pause', text.trim() ? { reason: text.trim() } : {}, 'Reminders paused.')}
        >
          <TextArea label="Why (optional)" name="reason" value={text} onChange={setText} />
          <Button type="submit" variant="primary" disabled={busy}>
            Pause reminders
          </Button>
        </Form>
      ) : null}

      {mode === 'promise' ? (
        <Form
          onSubmit={() =>
            promiseDate
              ? void act(
                  'promise',
                  {
                    promisedDate: promiseDate,
                    ...(promiseAmount.trim()
                      ? {
                          amount: Math.round(
                            Number(promiseAmount) * 10 ** (data.currencies[open[0]?.currency ?? ''] ?? 2),
                          ),
                        }
                      : {}),
                    ...(text.trim() ? { note: text.trim() } : {}),
                  },
                  `Promise to pay by ${promiseDate} recorded.`,
                )
              : setProblem('promisedDate: choose the date the customer promised')
          }
        >
          <DateInput
            label="Promised payment date"
            name="promisedDate"
            required={true}
            onChange={(d) => setPromiseDate(d ? isoDate(d) : null)}
          />
          <Input
            label={`Amount promised (${overdue[0]?.currency ?? open[0]?.currency ?? ''}, optional)`}
            name="amount"
            value={promiseAmount}
            onChange={setPromiseAmount}
          />
          <TextArea label="Note (optional)" name="note" value={text} onChange={setText} />
          <Button type="submit" variant="primary" disabled={busy}>
            Record the promise
          </Button>
        </Form>
      ) : null}

      {mode === 'dispute' ? (
        <Form
          onSubmit={() =>
            void act(
              'dispute',
              { invoiceId: disputeInvoice ?? open[0]?.id, reasonCode: disputeReason, reason: text.trim() },
              'Dispute opened: reminders stop for that invoice.',
            )
          }
        >
          <Select
            label="Invoice"
            name="invoiceId"
            required={true}
            value={disputeInvoice ?? open[0]?.id}
            options={open.map((i) => ({
              label: `${i.number} (${fmt(i.openBalance, i.currency)})`,
              value: i.id,
            }))}
            onChange={(v) => setDisputeInvoice(String(v))}
          />
          <Select
            label="Reason"
            name="reasonCode"
            value={disputeReason}
            options={[
              { label: 'Quality complaint', value: 'quality' },
              { label: 'Wrong invoice', value: 'wrong_invoice' },
              { label: 'Cannot pay now', value: 'cannot_pay' },
              { label: 'Other', value: 'other' },
            ]}
            onChange={(v) => setDisputeReason(String(v))}
          />
          <TextArea
            label="What the customer says"
            name="reason"
            required={true}
            value={text}
            onChange={setText}
          />
          <Button type="submit" variant="primary" disabled={busy}>
            Open the dispute
          </Button>
        </Form>
      ) : null}

      {mode === 'note' ? (
        <Form onSubmit={() => void act('note', { text: text.trim() }, 'Note added.')}>
          <TextArea label="Note" name="text" required={true} value={text} onChange={setText} />
          <Button type="submit" variant="primary" disabled={busy}>
            Add the note
          </Button>
        </Form>
      ) : null}
    </Flex>
  );
}

hubspot.extend<'crm.record.tab'>(({ context }) => <CollectionsCard context={context} />);
