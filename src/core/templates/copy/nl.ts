// Nederlands, zoals een credit controller het schrijft: vriendelijk, dan duidelijk, dan dringend, dan formeel.
import type { Facts } from '../facts.ts';
import type { CustomerCopy } from './copy-types.ts';

const one = (f: Facts): boolean => f.count === 1;
const dagen = (n: number): string => (n === 1 ? '1 dag' : `${n} dagen`);
/** "factuur 2026-001 van € 1.200,00" / "de facturen 2026-001 en 2026-002, samen € 1.500,00,". */
const deFactuur = (f: Facts): string => {
  if (f.partlyPaid) {
    return one(f)
      ? `factuur ${f.numbers} met een openstaand saldo van ${f.totalDue}`
      : `de facturen ${f.numbers}, met een openstaand saldo van in totaal ${f.totalDue},`;
  }
  return one(f) ? `factuur ${f.numbers} van ${f.totalDue}` : `de facturen ${f.numbers}, samen ${f.totalDue},`;
};
const deFactuurZonderBedrag = (f: Facts): string =>
  one(f) ? `factuur ${f.numbers}` : `de facturen ${f.numbers}`;
const refs = (f: Facts): string =>
  f.count === 1 ? `factuur ${f.numbers}` : f.count <= 3 ? `facturen ${f.numbers}` : `${f.count} facturen`;
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const overschreden = (f: Facts): string =>
  f.daysLate > 0 ? ` De betalingstermijn is inmiddels ${dagen(f.daysLate)} overschreden.` : '';

const TITLES: Record<string, string> = {
  heads_up: 'Herinnering vervaldatum',
  reminder_1: 'Betalingsherinnering',
  reminder_2: 'Tweede betalingsherinnering',
  formal_reminder: 'Aanmaning',
  formal_notice: 'Ingebrekestelling',
  instalment_reminder: 'Betalingsregeling: termijn',
  instalment_missed: 'Betalingsregeling: termijn niet ontvangen',
  promise_broken: 'Toegezegde betaling niet ontvangen',
};

function body(f: Facts): string[] {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return [
        one(f)
          ? `Graag herinneren wij u eraan dat ${deFactuur(f)} op ${f.dueDate} vervalt.`
          : `Graag herinneren wij u eraan dat ${deFactuur(f)} binnenkort vervallen, de eerste op ${f.dueDate}.`,
        f.deadlineIsDueDate
          ? 'Wij danken u alvast voor een tijdige betaling.'
          : `Wij verzoeken u vriendelijk het bedrag uiterlijk op ${f.newDeadline} te voldoen.`,
      ];
    case 'reminder_1':
      return [
        one(f)
          ? `Volgens onze administratie is ${deFactuur(f)}, vervallen op ${f.dueDate}, nog niet betaald.`
          : `Volgens onze administratie zijn ${deFactuur(f)} nog niet betaald; de eerste is vervallen op ${f.dueDate}.`,
        `Wellicht is de betaling aan uw aandacht ontsnapt. Wilt u het openstaande bedrag uiterlijk op ${f.newDeadline} voldoen?`,
        'Is er iets dat de betaling tegenhoudt, bijvoorbeeld een vraag over de factuur? Laat het ons weten, dan lossen we het samen op.',
      ];
    case 'instalment_reminder':
      return [
        `Volgens de betalingsregeling voor ${deFactuurZonderBedrag(f)} vervalt termijn ${plan?.index} van ${plan?.count}, ten bedrage van ${plan?.amount}, op ${plan?.dueDate}.`,
        plan?.dueDate === f.newDeadline
          ? 'Alvast bedankt dat u zich aan de afgesproken regeling houdt.'
          : `Wij verzoeken u deze termijn uiterlijk op ${f.newDeadline} te betalen.`,
        `Het totale openstaande saldo van de regeling bedraagt ${f.totalDue}.`,
      ];
    case 'instalment_missed':
      return [
        `Wij hebben termijn ${plan?.index} van ${plan?.count}, ten bedrage van ${plan?.amount}, die volgens de betalingsregeling voor ${deFactuurZonderBedrag(f)} op ${plan?.dueDate} verviel, nog niet ontvangen.`,
        `Wij verzoeken u deze termijn uiterlijk op ${f.newDeadline} te betalen.`,
        `Lukt het niet meer om de regeling na te komen, neem dan vóór die datum contact met ons op. Anders zijn wij genoodzaakt de regeling te beëindigen en het volledige saldo van ${f.totalDue} op te eisen.`,
      ];
    case 'promise_broken':
      return [
        `U hebt ons laten weten dat ${deFactuur(f)} uiterlijk op ${f.promisedDate} betaald ${one(f) ? 'zou' : 'zouden'} worden. Wij hebben die betaling niet ontvangen.`,
        `Wij verzoeken u het volledige bedrag uiterlijk op ${f.newDeadline} te betalen.`,
        'Is er iets tussengekomen? Laat het ons dan direct weten.',
      ];
    case 'formal_reminder':
      return [
        one(f)
          ? `Ondanks onze eerdere herinneringen is ${deFactuur(f)}, vervallen op ${f.dueDate}, nog steeds niet betaald.${overschreden(f)}`
          : `Ondanks onze eerdere herinneringen zijn ${deFactuur(f)} nog steeds niet betaald. De oudste is vervallen op ${f.dueDate}.${overschreden(f)}`,
        `Wij verzoeken u dringend het volledige bedrag zonder verder uitstel te voldoen, uiterlijk op ${f.newDeadline}.`,
      ];
    case 'formal_notice':
      return [
        one(f)
          ? `Ondanks onze herinneringen is factuur ${f.numbers}, vervallen op ${f.dueDate}, nog altijd niet betaald.`
          : `Ondanks onze herinneringen zijn de facturen ${f.numbers} nog altijd niet betaald; de oudste is vervallen op ${f.dueDate}.`,
        `Wij stellen u hierbij formeel in gebreke en sommeren u het bedrag van ${f.fees ? `${f.fees.totalClaimed} (specificatie hieronder)` : f.totalDue} uiterlijk op ${f.newDeadline} te betalen.`,
      ];
    default: // reminder_2, en de klanttekst van de interne sleutels
      return [
        one(f)
          ? `Onlangs hebben wij u herinnerd aan ${deFactuur(f)}, vervallen op ${f.dueDate}. Wij hebben uw betaling nog niet ontvangen.${overschreden(f)}`
          : `Onlangs hebben wij u herinnerd aan ${deFactuur(f)} waarvan de eerste is vervallen op ${f.dueDate}. Wij hebben uw betaling nog niet ontvangen.${overschreden(f)}`,
        `Wij verzoeken u het openstaande bedrag uiterlijk op ${f.newDeadline} te betalen.`,
        'Is er een probleem met de factuur of met de betaling? Neem dan nu contact met ons op, zodat we samen een oplossing kunnen vinden.',
      ];
  }
}

function subject(f: Facts): string {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return one(f)
        ? `Herinnering: factuur ${f.numbers} vervalt op ${f.dueDate}`
        : `Herinnering: ${refs(f)} vervallen binnenkort`;
    case 'instalment_reminder':
      return `Betalingsregeling: termijn ${plan?.index} van ${plan?.count} vervalt op ${plan?.dueDate}`;
    case 'instalment_missed':
      return `Betalingsregeling: termijn ${plan?.index} van ${plan?.count} niet ontvangen (${refs(f)})`;
    default:
      return `${TITLES[f.key] ?? TITLES.reminder_2}: ${refs(f)}`;
  }
}

export const nlCustomer: CustomerCopy = {
  subject,
  title: (f) => TITLES[f.key] ?? (TITLES.reminder_2 as string),
  salutation: (f) =>
    f.contactName ? `${f.tone >= 4 ? 'Geachte' : 'Beste'} ${f.contactName},` : 'Geachte heer, mevrouw,',
  body,
  invoiceLine: (i) =>
    `Factuur ${i.number} van ${i.issueDate}, vervaldatum ${i.dueDate}: ${i.openBalance}` +
    (i.partlyPaid ? ` openstaand van ${i.total}` : '') +
    (i.daysLate > 0 ? ` (${dagen(i.daysLate)} te laat)` : '') +
    (i.interest ? `; wettelijke handelsrente ${i.interest}` : '') +
    (i.compensation ? `; vergoeding incassokosten ${i.compensation}` : ''),
  columns: {
    invoice: 'Factuur',
    issued: 'Datum',
    due: 'Vervaldatum',
    amount: 'Bedrag',
    outstanding: 'Openstaand',
    daysLate: 'Dagen te laat',
    interest: 'Wettelijke handelsrente',
    compensation: 'Vergoeding incassokosten',
  },
  totalDue: 'Totaal openstaand',
  totalClaimed: 'Totaal gevorderd',
  colon: ': ',
  discount: (d) =>
    `Betalingskorting: u mag ${d.percent} aftrekken als factuur ${d.number} uiterlijk op ${d.until} betaald is.`,
  interest: (fees, f) =>
    `Bij te late betaling bent u van rechtswege de wettelijke handelsrente verschuldigd${fees.interestRate ? ` van ${fees.interestRate} per jaar` : ''} (${fees.references.interest}); per ${f.sentOn} bedraagt die ${fees.interest}.`,
  compensation: (fees) =>
    fees.compensationEach && fees.compensationCount > 1
      ? `Daarnaast bent u een vergoeding van ${fees.compensationEach} per factuur voor de invorderingskosten verschuldigd (${fees.references.compensation}), in totaal ${fees.compensationTotal}.`
      : `Daarnaast bent u een vergoeding van ${fees.compensationTotal} voor de invorderingskosten verschuldigd (${fees.references.compensation}).`,
  consequences: (f) => {
    switch (f.key) {
      case 'formal_reminder':
        return [
          `Hebben wij uw betaling op ${f.newDeadline} niet ontvangen, dan sturen wij u een ingebrekestelling en kunnen wij verdere invorderingsmaatregelen nemen.`,
        ];
      case 'formal_notice':
        return [
          `Hebben wij op ${f.newDeadline} niet de volledige betaling ontvangen, dan geven wij de vordering zonder nadere aankondiging uit handen aan een incassobureau of starten wij een gerechtelijke procedure tegen u. De kosten daarvan kunnen op u worden verhaald.`,
          'Betwist u dit bedrag geheel of gedeeltelijk, laat ons dan vóór die datum schriftelijk weten waarom.',
        ];
      case 'promise_broken':
        return [
          `Ontvangen wij uw betaling niet uiterlijk op ${f.newDeadline}, dan zetten wij de invorderingsprocedure voort.`,
        ];
      default:
        return [];
    }
  },
  payOnline: {
    intro: 'U kunt online betalen:',
    button: 'Nu betalen',
    copyLink: 'Of kopieer deze link in uw browser:',
    perInvoice: 'Betalen',
  },
  transfer: (f) =>
    `Betalen per overschrijving kan op IBAN ${f.iban}${f.bic ? ` (BIC ${f.bic})` : ''} ten name van ${f.firm}, onder vermelding van ${one(f) ? 'factuurnummer' : 'de factuurnummers'} ${f.numbers}.`,
  qr: {
    alt: 'SEPA-QR-code voor de overschrijving',
    caption: 'Scan deze code met uw bankapp om per SEPA-overschrijving te betalen.',
  },
  alreadyPaid: (f) =>
    f.key === 'formal_notice'
      ? null
      : f.key === 'heads_up' || f.key === 'instalment_reminder'
        ? 'Is de betaling al onderweg, dan kunt u dit bericht als niet verzonden beschouwen.'
        : 'Heeft u inmiddels betaald, dan danken wij u hartelijk en kunt u dit bericht als niet verzonden beschouwen.',
  contact: (f) => {
    const ways = [f.firmEmail, f.firmPhone].filter((w): w is string => !!w);
    if (ways.length > 0) return `Heeft u vragen? Neem contact met ons op via ${ways.join(' of ')}.`;
    return `Heeft u vragen? Neem contact op met ${f.firm}${f.firmAddress ? `, ${f.firmAddress}` : ''}.`;
  },
  closing: (f) => (f.tone >= 4 ? 'Hoogachtend,' : 'Met vriendelijke groet,'),
  sms: (f, { firm, link, compact }) => {
    const many = f.count > 1;
    const what = compact
      ? `uw ${f.count} facturen`
      : one(f)
        ? `factuur ${f.numbers}`
        : `de facturen ${f.numbers}`;
    const plan = f.instalment;
    const pay = `Graag uiterlijk ${f.newDeadline} betalen.`;
    let text: string;
    switch (f.key) {
      case 'heads_up':
        text = `${firm}: ter herinnering, ${what} (${f.totalDue}) ${many ? `vervallen vanaf ${f.dueDate}` : `vervalt op ${f.dueDate}`}.`;
        break;
      case 'instalment_reminder':
        text = `${firm}: termijn ${plan?.index}/${plan?.count} van uw betalingsregeling (${plan?.amount}) vervalt op ${plan?.dueDate}.`;
        break;
      case 'instalment_missed':
        text = `${firm}: wij hebben termijn ${plan?.index}/${plan?.count} (${plan?.amount}) van ${plan?.dueDate} niet ontvangen. ${pay}`;
        break;
      case 'promise_broken':
        text = `${firm}: wij hebben de toegezegde betaling van ${f.totalDue} (uiterlijk ${f.promisedDate}) niet ontvangen. ${pay}`;
        break;
      case 'formal_reminder':
        text = `${firm}: ondanks onze herinneringen ${many ? 'zijn' : 'is'} ${what} (${f.totalDue}) nog niet betaald. ${pay}`;
        break;
      case 'formal_notice':
        text = `${firm}: ingebrekestelling. ${cap(what)} (${f.totalDue}) ${many ? 'zijn' : 'is'} nog niet betaald. Zonder betaling uiterlijk ${f.newDeadline} geven wij de vordering uit handen.`;
        break;
      default:
        text = `${firm}: ${what} (${f.totalDue}) ${many ? 'zijn' : 'is'} vervallen en nog niet betaald. ${pay}`;
    }
    const reach = f.firmPhone ?? f.firmEmail;
    return link ? `${text} Betalen: ${link}` : reach ? `${text} Vragen: ${reach}` : text;
  },
};
