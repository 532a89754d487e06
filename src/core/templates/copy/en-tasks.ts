// English tasks for the people at the firm: the call script and the agency hand-off review.
import type { Facts } from '../facts.ts';
import type { TaskCopy, TaskSection } from './copy-types.ts';

const NO_HISTORY = 'No earlier reminders recorded.';
const days = (n: number): string => (n === 1 ? '1 day' : `${n} days`);
const invoices = (n: number): string => (n === 1 ? '1 invoice' : `${n} invoices`);

function owed(f: Facts): string {
  const late =
    f.daysLate > 0 ? `, the oldest ${days(f.daysLate)} overdue (due ${f.dueDate})` : `, due ${f.dueDate}`;
  return `${f.totalDue} on ${invoices(f.count)}${late}.`;
}

function fees(f: Facts): string[] {
  if (!f.fees) return [];
  const parts = [
    f.fees.interest && `statutory interest ${f.fees.interest}`,
    f.fees.compensationTotal && `recovery compensation ${f.fees.compensationTotal}`,
  ].filter(Boolean);
  return [`Can be claimed on top: ${parts.join(', ')}; ${f.fees.totalClaimed} in all.`];
}

function history(f: Facts, lines: string[]): string[] {
  const out = lines.length > 0 ? [...lines] : [NO_HISTORY];
  if (f.promisedDate) out.push(`Promised to pay by ${f.promisedDate}: promise not kept.`);
  if (f.instalment) {
    const p = f.instalment;
    out.push(`Payment plan: instalment ${p.index} of ${p.count} (${p.amount}) due on ${p.dueDate}.`);
  }
  return out;
}

export const enTasks: TaskCopy = {
  templateName: {
    heads_up: 'friendly heads-up',
    reminder_1: 'first reminder',
    reminder_2: 'second reminder',
    call: 'phone call',
    formal_reminder: 'formal reminder',
    formal_notice: 'letter before action',
    agency_review: 'agency review',
    instalment_reminder: 'instalment reminder',
    instalment_missed: 'missed instalment',
    promise_broken: 'broken promise reminder',
  },
  channelName: {
    email: 'e-mail',
    sms: 'SMS',
    letter: 'letter',
    call: 'call',
    formal_notice: 'formal notice',
    agency_review: 'review',
  },
  callTitle: (f) => `Call ${f.customer}: ${f.totalDue} ${f.daysLate > 0 ? 'overdue' : 'due'}`,
  callSections: (f, lines): TaskSection[] => [
    {
      heading: null,
      prose: true,
      lines: [
        `Who: ${f.customer}${f.contactName ? `, ask for ${f.contactName}` : ''}${f.customerPhone ? ` (${f.customerPhone})` : ''}.`,
        `What is owed: ${owed(f)}`,
        ...fees(f),
      ],
    },
    { heading: 'Invoices', lines: lines.invoices },
    { heading: 'History', lines: history(f, lines.history) },
    {
      heading: 'Ask for',
      numbered: true,
      lines: [
        'Confirm that the invoice reached the right person and is approved for payment; if not, offer to resend it.',
        `A firm payment date, by ${f.newDeadline} at the latest. Record it as a promise to pay.`,
        'If they dispute the invoice, the reason (quality, wrong invoice, cannot pay, other). Record it: reminders stop while the dispute is open.',
        'If they cannot pay in full, whether a payment plan would work.',
        ...(f.paymentLink ? [`Give them the payment link: ${f.paymentLink}`] : []),
        ...(f.iban
          ? [`Bank transfer details: IBAN ${f.iban}${f.bic ? `, BIC ${f.bic}` : ''}, reference ${f.numbers}.`]
          : []),
      ],
    },
    { heading: null, prose: true, lines: ["Note the outcome of the call in the customer's history."] },
  ],
  agencyTitle: (f) =>
    `Decide on collection: ${f.customer}, ${f.totalDue}${f.daysLate > 0 ? ` (${days(f.daysLate)} overdue)` : ''}`,
  agencySections: (f, lines): TaskSection[] => [
    { heading: null, prose: true, lines: [`${f.customer} owes ${owed(f)}`, ...fees(f)] },
    { heading: 'Invoices', lines: lines.invoices },
    { heading: 'Steps taken', lines: history(f, lines.history) },
    {
      heading: 'To decide',
      prose: true,
      lines: [
        'A collection agency typically keeps 25–50% of what it recovers, and handing a customer over usually ends the business relationship.',
        'Before deciding, check that no dispute is open on these invoices and that recent payments have been synced.',
        'Options: hand the file to an agency, start legal proceedings, agree a payment plan, keep chasing in-house, or write the debt off.',
      ],
    },
  ],
  manualTitle: (f) => {
    const name = enTasks.templateName[f.key];
    return `${name.charAt(0).toUpperCase()}${name.slice(1)} for ${f.customer} (${f.totalDue})`;
  },
  internalNote: 'Internal note: not for the customer.',
  preparedOn: (f) => `Prepared on ${f.sentOn}.`,
  historyLine: (on, channel, step) => `${on}: ${step} (${channel})`,
};
