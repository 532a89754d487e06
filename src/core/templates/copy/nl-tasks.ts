// Taken voor het team: belscript en beoordeling vóór overdracht aan een incassobureau.
import type { Facts } from '../facts.ts';
import type { TaskCopy, TaskSection } from './copy-types.ts';

const NO_HISTORY = 'Geen eerdere herinneringen geregistreerd.';
const dagen = (n: number): string => (n === 1 ? '1 dag' : `${n} dagen`);
const facturen = (n: number): string => (n === 1 ? '1 factuur' : `${n} facturen`);

function owed(f: Facts): string {
  const late =
    f.daysLate > 0
      ? `, de oudste ${dagen(f.daysLate)} te laat (vervallen op ${f.dueDate})`
      : `, vervaldatum ${f.dueDate}`;
  return `${f.totalDue} op ${facturen(f.count)}${late}.`;
}

function fees(f: Facts): string[] {
  if (!f.fees) return [];
  const parts = [
    f.fees.interest && `wettelijke handelsrente ${f.fees.interest}`,
    f.fees.compensationTotal && `vergoeding incassokosten ${f.fees.compensationTotal}`,
  ].filter(Boolean);
  return [`Daarbovenop te vorderen: ${parts.join(', ')}; in totaal ${f.fees.totalClaimed}.`];
}

function history(f: Facts, lines: string[]): string[] {
  const out = lines.length > 0 ? [...lines] : [NO_HISTORY];
  if (f.promisedDate) out.push(`Betaling toegezegd uiterlijk op ${f.promisedDate}: niet nagekomen.`);
  if (f.instalment) {
    const p = f.instalment;
    out.push(`Betalingsregeling: termijn ${p.index} van ${p.count} (${p.amount}) vervalt op ${p.dueDate}.`);
  }
  return out;
}

export const nlTasks: TaskCopy = {
  templateName: {
    heads_up: 'herinnering vervaldatum',
    reminder_1: 'eerste herinnering',
    reminder_2: 'tweede herinnering',
    call: 'telefoongesprek',
    formal_reminder: 'aanmaning',
    formal_notice: 'ingebrekestelling',
    agency_review: 'beoordeling incasso',
    instalment_reminder: 'herinnering termijn',
    instalment_missed: 'gemiste termijn',
    promise_broken: 'toezegging niet nagekomen',
  },
  channelName: {
    email: 'e-mail',
    sms: 'sms',
    letter: 'brief',
    call: 'telefoon',
    formal_notice: 'ingebrekestelling',
    agency_review: 'beoordeling',
  },
  callTitle: (f) => `${f.customer} bellen: ${f.totalDue} ${f.daysLate > 0 ? 'achterstallig' : 'te betalen'}`,
  callSections: (f, lines): TaskSection[] => [
    {
      heading: null,
      prose: true,
      lines: [
        `Wie: ${f.customer}${f.contactName ? `, vraag naar ${f.contactName}` : ''}${f.customerPhone ? ` (${f.customerPhone})` : ''}.`,
        `Openstaand: ${owed(f)}`,
        ...fees(f),
      ],
    },
    { heading: 'Facturen', lines: lines.invoices },
    { heading: 'Eerdere stappen', lines: history(f, lines.history) },
    {
      heading: 'Vragen naar',
      numbered: true,
      lines: [
        'Is de factuur bij de juiste persoon aangekomen en goedgekeurd voor betaling? Zo niet, bied aan de factuur opnieuw te sturen.',
        `Een vaste betaaldatum, uiterlijk ${f.newDeadline}. Leg die vast als betalingstoezegging.`,
        'Wordt de factuur betwist: de reden (kwaliteit, foute factuur, kan niet betalen, andere). Leg die vast: zolang het geschil loopt, gaan er geen herinneringen uit.',
        'Kan de klant niet alles in één keer betalen: zou een betalingsregeling werken?',
        ...(f.paymentLink ? [`Geef de betaallink: ${f.paymentLink}`] : []),
        ...(f.iban
          ? [
              `Gegevens voor overschrijving: IBAN ${f.iban}${f.bic ? `, BIC ${f.bic}` : ''}, mededeling ${f.numbers}.`,
            ]
          : []),
      ],
    },
    { heading: null, prose: true, lines: ['Noteer de uitkomst van het gesprek in het klantdossier.'] },
  ],
  agencyTitle: (f) =>
    `Beslissen over incasso: ${f.customer}, ${f.totalDue}${f.daysLate > 0 ? ` (${dagen(f.daysLate)} te laat)` : ''}`,
  agencySections: (f, lines): TaskSection[] => [
    { heading: null, prose: true, lines: [`${f.customer} is verschuldigd: ${owed(f)}`, ...fees(f)] },
    { heading: 'Facturen', lines: lines.invoices },
    { heading: 'Ondernomen stappen', lines: history(f, lines.history) },
    {
      heading: 'Te beslissen',
      prose: true,
      lines: [
        'Een incassobureau houdt doorgaans 25 tot 50% van het geïnde bedrag in, en overdracht betekent meestal het einde van de zakelijke relatie.',
        'Controleer vóór de beslissing dat er op deze facturen geen geschil openstaat en dat recente betalingen gesynchroniseerd zijn.',
        'Opties: het dossier overdragen aan een incassobureau, een gerechtelijke procedure starten, een betalingsregeling afspreken, zelf verder opvolgen of de vordering afboeken.',
      ],
    },
  ],
  manualTitle: (f) => {
    const name = nlTasks.templateName[f.key];
    return `${name.charAt(0).toUpperCase()}${name.slice(1)} voor ${f.customer} (${f.totalDue})`;
  },
  internalNote: 'Interne notitie: niet voor de klant.',
  preparedOn: (f) => `Opgesteld op ${f.sentOn}.`,
  historyLine: (on, channel, step) => `${on}: ${step} (${channel})`,
};
