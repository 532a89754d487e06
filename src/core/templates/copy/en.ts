// English, as a British credit controller writes it: friendly, then clear, then firm, then formal.
import type { Facts } from '../facts.ts';
import type { CustomerCopy } from './copy-types.ts';

const one = (f: Facts): boolean => f.count === 1;
const days = (n: number): string => (n === 1 ? '1 day' : `${n} days`);
const inv = (f: Facts): string => (one(f) ? `invoice ${f.numbers}` : `invoices ${f.numbers}`);
const balanceOn = (f: Facts): string => `the balance of ${f.totalDue} on ${inv(f)}`;
/** For subjects: the numbers while they fit, else a count. */
const refs = (f: Facts): string => (f.count <= 3 ? inv(f) : `${f.count} invoices`);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const fellDue = (f: Facts): string =>
  one(f) ? `which fell due on ${f.dueDate}` : `the first of which fell due on ${f.dueDate}`;
const stillUnpaid = (f: Facts): string =>
  f.daysLate > 0
    ? `${one(f) ? 'It is' : 'The oldest is'} now ${days(f.daysLate)} overdue, and we have not yet received payment.`
    : 'We have not yet received payment.';

const TITLES: Record<string, string> = {
  heads_up: 'Upcoming payment',
  reminder_1: 'Payment reminder',
  reminder_2: 'Second payment reminder',
  formal_reminder: 'Formal reminder',
  formal_notice: 'Letter before action',
  instalment_reminder: 'Payment plan: instalment due',
  instalment_missed: 'Payment plan: missed instalment',
  promise_broken: 'Payment not received as promised',
};

function body(f: Facts): string[] {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return [
        `Just a friendly note that ${balanceOn(f)} ${one(f) ? `falls due on ${f.dueDate}` : `falls due soon, the first invoice on ${f.dueDate}`}.`,
        f.deadlineIsDueDate
          ? 'We would be grateful if you could arrange payment by then.'
          : `We would be grateful if you could arrange payment by ${f.newDeadline}.`,
      ];
    case 'reminder_1':
      return [
        `Our records show that ${balanceOn(f)}, ${fellDue(f)}, has not been paid yet.`,
        `It may simply have been overlooked. Could you please arrange payment by ${f.newDeadline}?`,
        'If anything is holding up payment, such as a query about the invoice, please let us know and we will sort it out.',
      ];
    case 'instalment_reminder':
      return [
        `As agreed in our payment plan for ${inv(f)}, instalment ${plan?.index} of ${plan?.count}, for ${plan?.amount}, falls due on ${plan?.dueDate}.`,
        plan?.dueDate === f.newDeadline
          ? 'Thank you for keeping to the agreed schedule.'
          : `Please make this payment by ${f.newDeadline}. Thank you for keeping to the agreed schedule.`,
        `The balance still outstanding under the plan is ${f.totalDue}.`,
      ];
    case 'instalment_missed':
      return [
        `We have not received instalment ${plan?.index} of ${plan?.count}, for ${plan?.amount}, which fell due on ${plan?.dueDate} under the payment plan agreed for ${inv(f)}.`,
        `Please pay this instalment by ${f.newDeadline} at the latest.`,
        `If the schedule has become difficult for you, please contact us before then so that we can discuss it. Otherwise we may have to end the plan and ask for the full balance of ${f.totalDue}.`,
      ];
    case 'promise_broken':
      return [
        `You told us that ${balanceOn(f)} would be paid by ${f.promisedDate}. We have not received that payment.`,
        `Please pay the full amount by ${f.newDeadline} at the latest.`,
        'If something has prevented payment, please let us know straight away.',
      ];
    case 'formal_reminder':
      return [
        `Despite our previous reminders, ${balanceOn(f)}, ${fellDue(f)}, remains unpaid.${f.daysLate > 0 ? ` ${one(f) ? 'It is' : 'The oldest is'} now ${days(f.daysLate)} overdue.` : ''}`,
        `We ask you to pay this amount in full without further delay, and by ${f.newDeadline} at the latest.`,
      ];
    case 'formal_notice':
      return [
        `Despite our reminders, ${balanceOn(f)}, ${fellDue(f)}, is still unpaid.`,
        `We hereby formally demand payment of ${f.fees ? `${f.fees.totalClaimed}, made up as set out below,` : f.totalDue} by ${f.newDeadline} at the latest.`,
      ];
    default: // reminder_2, and the customer-facing fallback of the internal keys
      return [
        `We wrote to you recently about ${balanceOn(f)}, ${fellDue(f)}. ${stillUnpaid(f)}`,
        `Please pay the outstanding amount by ${f.newDeadline} at the latest.`,
        'If there is a problem with the invoice or with payment, please contact us now so that we can find a solution together.',
      ];
  }
}

function subject(f: Facts): string {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return one(f) ? `Reminder: invoice ${f.numbers} due on ${f.dueDate}` : `Reminder: ${refs(f)} due soon`;
    case 'instalment_reminder':
      return `Payment plan: instalment ${plan?.index} of ${plan?.count} due on ${plan?.dueDate}`;
    case 'instalment_missed':
      return `Missed instalment ${plan?.index} of ${plan?.count}: payment plan for ${refs(f)}`;
    default:
      return `${TITLES[f.key] ?? TITLES.reminder_2}: ${refs(f)}`;
  }
}

export const enCustomer: CustomerCopy = {
  subject,
  title: (f) => TITLES[f.key] ?? (TITLES.reminder_2 as string),
  salutation: (f) =>
    f.contactName
      ? `Dear ${f.contactName},`
      : f.tone <= 3
        ? 'Dear Accounts Payable team,'
        : 'Dear Sir or Madam,',
  body,
  invoiceLine: (i) =>
    `${cap(`invoice ${i.number}`)} dated ${i.issueDate}, due ${i.dueDate}: ${i.openBalance}` +
    (i.partlyPaid ? ` outstanding of ${i.total}` : '') +
    (i.daysLate > 0 ? ` (${days(i.daysLate)} overdue)` : '') +
    (i.interest ? `; interest ${i.interest}` : '') +
    (i.compensation ? `; compensation ${i.compensation}` : ''),
  columns: {
    invoice: 'Invoice',
    issued: 'Date',
    due: 'Due date',
    amount: 'Amount',
    outstanding: 'Outstanding',
    daysLate: 'Days overdue',
    interest: 'Interest',
    compensation: 'Compensation',
  },
  totalDue: 'Total outstanding',
  totalClaimed: 'Total claimed',
  colon: ': ',
  discount: (d) =>
    `Early-payment discount: you may deduct ${d.percent} if invoice ${d.number} is paid by ${d.until}.`,
  interest: (fees, f) =>
    `Late payment entitles us to statutory interest${fees.interestRate ? ` at ${fees.interestRate} a year` : ''} (${fees.references.interest}): ${fees.interest} as at ${f.sentOn}.`,
  compensation: (fees) =>
    fees.compensationEach && fees.compensationCount > 1
      ? `We are also entitled to fixed compensation for recovery costs of ${fees.compensationEach} per invoice (${fees.references.compensation}), ${fees.compensationTotal} in total.`
      : `We are also entitled to fixed compensation for recovery costs of ${fees.compensationTotal} (${fees.references.compensation}).`,
  consequences: (f) => {
    switch (f.key) {
      case 'formal_reminder':
        return [
          `If we have not received payment by ${f.newDeadline}, we will send you a letter before action and may then take further steps to recover the debt.`,
        ];
      case 'formal_notice':
        return [
          `If full payment is not received by ${f.newDeadline}, we will refer the matter to a debt collection agency or start legal proceedings against you without further notice, which may add to the costs you have to pay.`,
          'If you dispute this debt, please tell us in writing before that date, giving your reasons.',
        ];
      case 'promise_broken':
        return [`If we do not receive payment by ${f.newDeadline}, we will resume our collection procedure.`];
      default:
        return [];
    }
  },
  payOnline: {
    intro: 'You can pay online:',
    button: 'Pay now',
    copyLink: 'Or copy this link into your browser:',
    perInvoice: 'Pay online',
  },
  transfer: (f) =>
    `To pay by bank transfer: ${f.firm}, IBAN ${f.iban}${f.bic ? `, BIC ${f.bic}` : ''}, quoting ${one(f) ? 'invoice number' : 'invoice numbers'} ${f.numbers}.`,
  qr: {
    alt: 'SEPA QR code for a bank transfer',
    caption: 'Scan this code with your banking app to pay by SEPA transfer.',
  },
  alreadyPaid: (f) =>
    f.key === 'formal_notice'
      ? null
      : f.key === 'heads_up' || f.key === 'instalment_reminder'
        ? 'If payment is already on its way, thank you, and please disregard this message.'
        : 'If you have paid in the meantime, thank you, and please disregard this message.',
  contact: (f) => {
    const ask = 'If you have any questions, please contact';
    if (f.firmEmail && f.firmPhone) return `${ask} us at ${f.firmEmail} or on ${f.firmPhone}.`;
    if (f.firmEmail) return `${ask} us at ${f.firmEmail}.`;
    if (f.firmPhone) return `${ask} us on ${f.firmPhone}.`;
    return `${ask} ${f.firm}${f.firmAddress ? `, ${f.firmAddress}` : ''}.`;
  },
  closing: (f) => (f.tone <= 3 ? 'Kind regards,' : f.contactName ? 'Yours sincerely,' : 'Yours faithfully,'),
  sms: (f, { firm, link, compact }) => {
    const many = f.count > 1;
    const what = compact ? `your ${f.count} invoices` : inv(f);
    const plan = f.instalment;
    let text: string;
    switch (f.key) {
      case 'heads_up':
        text = `${firm}: a reminder that ${what} (${f.totalDue}) ${many ? `fall due from ${f.dueDate}` : `falls due on ${f.dueDate}`}.`;
        break;
      case 'instalment_reminder':
        text = `${firm}: instalment ${plan?.index}/${plan?.count} of your payment plan (${plan?.amount}) is due on ${plan?.dueDate}.`;
        break;
      case 'instalment_missed':
        text = `${firm}: we have not received instalment ${plan?.index}/${plan?.count} (${plan?.amount}) due on ${plan?.dueDate}. Please pay by ${f.newDeadline}.`;
        break;
      case 'promise_broken':
        text = `${firm}: we have not received the payment of ${f.totalDue} promised for ${f.promisedDate}. Please pay by ${f.newDeadline}.`;
        break;
      case 'formal_reminder':
        text = `${firm}: despite our reminders, ${what} (${f.totalDue}) ${many ? 'remain' : 'remains'} unpaid. Please pay by ${f.newDeadline}.`;
        break;
      case 'formal_notice':
        text = `${firm}: final notice. ${cap(what)} (${f.totalDue}) ${many ? 'remain' : 'remains'} unpaid. Pay by ${f.newDeadline} to avoid collection or legal action.`;
        break;
      default:
        text = `${firm}: ${what} (${f.totalDue}) ${many ? 'are' : 'is'} overdue. Please pay by ${f.newDeadline}.`;
    }
    const reach = f.firmPhone ?? f.firmEmail;
    return link ? `${text} Pay: ${link}` : reach ? `${text} Questions: ${reach}` : text;
  },
};
