// Aufgaben für das Team: Gesprächsleitfaden und Prüfung vor der Übergabe an ein Inkassobüro.
import type { Facts } from '../facts.ts';
import type { TaskCopy, TaskSection } from './copy-types.ts';

const NO_HISTORY = 'Keine früheren Erinnerungen erfasst.';
const tage = (n: number): string => (n === 1 ? '1 Tag' : `${n} Tage`);
const rechnungen = (n: number): string => (n === 1 ? '1 Rechnung' : `${n} Rechnungen`);

function owed(f: Facts): string {
  const late =
    f.daysLate > 0
      ? `, die älteste ${tage(f.daysLate)} überfällig (fällig am ${f.dueDate})`
      : `, fällig am ${f.dueDate}`;
  return `${f.totalDue} aus ${rechnungen(f.count)}${late}.`;
}

function fees(f: Facts): string[] {
  if (!f.fees) return [];
  const parts = [
    f.fees.interest && `Verzugszinsen ${f.fees.interest}`,
    f.fees.compensationTotal && `Pauschale ${f.fees.compensationTotal}`,
  ].filter(Boolean);
  return [`Zusätzlich geltend zu machen: ${parts.join(', ')}; insgesamt ${f.fees.totalClaimed}.`];
}

function history(f: Facts, lines: string[]): string[] {
  const out = lines.length > 0 ? [...lines] : [NO_HISTORY];
  if (f.promisedDate) out.push(`Zahlung zugesagt bis ${f.promisedDate}: nicht eingehalten.`);
  if (f.instalment) {
    const p = f.instalment;
    out.push(`Ratenzahlung: Rate ${p.index} von ${p.count} (${p.amount}) fällig am ${p.dueDate}.`);
  }
  return out;
}

export const deTasks: TaskCopy = {
  templateName: {
    heads_up: 'freundliche Erinnerung',
    reminder_1: 'Zahlungserinnerung',
    reminder_2: 'zweite Zahlungserinnerung',
    call: 'Telefonat',
    formal_reminder: 'Mahnung',
    formal_notice: 'letzte Mahnung',
    agency_review: 'Inkasso-Prüfung',
    instalment_reminder: 'Ratenerinnerung',
    instalment_missed: 'versäumte Rate',
    promise_broken: 'nicht eingehaltene Zusage',
  },
  channelName: {
    email: 'E-Mail',
    sms: 'SMS',
    letter: 'Brief',
    call: 'Anruf',
    formal_notice: 'förmliches Schreiben',
    agency_review: 'Prüfung',
  },
  callTitle: (f) => `${f.customer} anrufen: ${f.totalDue} ${f.daysLate > 0 ? 'überfällig' : 'fällig'}`,
  callSections: (f, lines): TaskSection[] => [
    {
      heading: null,
      prose: true,
      lines: [
        `Wer: ${f.customer}${f.contactName ? `, nach ${f.contactName} fragen` : ''}${f.customerPhone ? ` (${f.customerPhone})` : ''}.`,
        `Offen: ${owed(f)}`,
        ...fees(f),
      ],
    },
    { heading: 'Rechnungen', lines: lines.invoices },
    { heading: 'Verlauf', lines: history(f, lines.history) },
    {
      heading: 'Klären',
      numbered: true,
      lines: [
        'Ist die Rechnung bei der richtigen Person angekommen und zur Zahlung freigegeben? Falls nicht, erneute Zusendung anbieten.',
        `Einen verbindlichen Zahlungstermin, spätestens ${f.newDeadline}. Als Zahlungszusage erfassen.`,
        'Wird die Rechnung beanstandet: den Grund (Qualität, fehlerhafte Rechnung, Zahlungsunfähigkeit, Sonstiges). Erfassen: Solange die Beanstandung offen ist, gehen keine Erinnerungen hinaus.',
        'Kann der Kunde nicht alles auf einmal zahlen: Wäre eine Ratenzahlung möglich?',
        ...(f.paymentLink ? [`Zahlungslink nennen: ${f.paymentLink}`] : []),
        ...(f.iban
          ? [`Bankverbindung: IBAN ${f.iban}${f.bic ? `, BIC ${f.bic}` : ''}, Verwendungszweck ${f.numbers}.`]
          : []),
      ],
    },
    { heading: null, prose: true, lines: ['Das Ergebnis des Gesprächs im Verlauf des Kunden festhalten.'] },
  ],
  agencyTitle: (f) =>
    `Inkasso entscheiden: ${f.customer}, ${f.totalDue}${f.daysLate > 0 ? ` (${tage(f.daysLate)} überfällig)` : ''}`,
  agencySections: (f, lines): TaskSection[] => [
    { heading: null, prose: true, lines: [`${f.customer} schuldet ${owed(f)}`, ...fees(f)] },
    { heading: 'Rechnungen', lines: lines.invoices },
    { heading: 'Bisherige Schritte', lines: history(f, lines.history) },
    {
      heading: 'Zu entscheiden',
      prose: true,
      lines: [
        'Ein Inkassobüro behält üblicherweise 25–50 % des eingetriebenen Betrags ein, und die Übergabe beendet meist die Geschäftsbeziehung.',
        'Vor der Entscheidung prüfen, dass zu diesen Rechnungen keine Beanstandung offen ist und neue Zahlungen synchronisiert sind.',
        'Optionen: Übergabe an ein Inkassobüro, gerichtliches Mahnverfahren oder Klage, Ratenzahlung vereinbaren, selbst weiter mahnen oder die Forderung ausbuchen.',
      ],
    },
  ],
  manualTitle: (f) => {
    const name = deTasks.templateName[f.key];
    return `${name.charAt(0).toUpperCase()}${name.slice(1)} für ${f.customer} (${f.totalDue})`;
  },
  internalNote: 'Interne Notiz: nicht für den Kunden.',
  preparedOn: (f) => `Erstellt am ${f.sentOn}.`,
  historyLine: (on, channel, step) => `${on}: ${step} (${channel})`,
};
