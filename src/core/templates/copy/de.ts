// Deutsch, wie es eine Buchhaltung schreibt: freundlich, dann klar, dann bestimmt, dann förmlich.
// Nach der Anrede mit Komma beginnt der erste Satz klein (DIN 5008).
import type { Facts } from '../facts.ts';
import type { CustomerCopy } from './copy-types.ts';

const one = (f: Facts): boolean => f.count === 1;
const seitTagen = (n: number): string => (n === 1 ? 'seit einem Tag' : `seit ${n} Tagen`);
/** "die Rechnung Nr. 2026-001 über 1.200,00 €" / "die Rechnungen Nr. 2026-001 und 2026-002 über insgesamt 1.500,00 €". */
const dieRechnung = (f: Facts): string => {
  const amount = f.partlyPaid ? `mit einem offenen Restbetrag von` : 'über';
  return one(f)
    ? `die Rechnung Nr. ${f.numbers} ${amount} ${f.totalDue}`
    : `die Rechnungen Nr. ${f.numbers} ${amount} insgesamt ${f.totalDue}`;
};
const dieRechnungOhneBetrag = (f: Facts): string =>
  one(f) ? `die Rechnung Nr. ${f.numbers}` : `die Rechnungen Nr. ${f.numbers}`;
const refs = (f: Facts): string =>
  f.count === 1
    ? `Rechnung Nr. ${f.numbers}`
    : f.count <= 3
      ? `Rechnungen Nr. ${f.numbers}`
      : `${f.count} Rechnungen`;
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const ueberschritten = (f: Facts): string =>
  f.daysLate > 0 ? ` Die Zahlungsfrist ist ${seitTagen(f.daysLate)} überschritten.` : '';

const TITLES: Record<string, string> = {
  heads_up: 'Freundliche Erinnerung',
  reminder_1: 'Zahlungserinnerung',
  reminder_2: 'Zweite Zahlungserinnerung',
  formal_reminder: 'Mahnung',
  formal_notice: 'Letzte Mahnung vor gerichtlichen Schritten',
  instalment_reminder: 'Ratenzahlung',
  instalment_missed: 'Ratenzahlung: Rate nicht eingegangen',
  promise_broken: 'Zugesagte Zahlung nicht eingegangen',
};

function body(f: Facts): string[] {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return [
        one(f)
          ? `wir möchten Sie freundlich daran erinnern, dass ${dieRechnung(f)} am ${f.dueDate} fällig wird.`
          : `wir möchten Sie freundlich daran erinnern, dass ${dieRechnung(f)} demnächst fällig werden, die erste am ${f.dueDate}.`,
        f.deadlineIsDueDate
          ? 'Vielen Dank im Voraus für die fristgerechte Zahlung.'
          : `Bitte begleichen Sie den Betrag bis zum ${f.newDeadline}.`,
      ];
    case 'reminder_1':
      return [
        one(f)
          ? `bei der Durchsicht unserer Konten haben wir festgestellt, dass ${dieRechnung(f)}, fällig am ${f.dueDate}, noch nicht beglichen ist.`
          : `bei der Durchsicht unserer Konten haben wir festgestellt, dass ${dieRechnung(f)} noch nicht beglichen sind; die erste war am ${f.dueDate} fällig.`,
        `Sicherlich handelt es sich um ein Versehen. Bitte begleichen Sie den offenen Betrag bis zum ${f.newDeadline}.`,
        'Falls es Fragen zur Rechnung gibt oder etwas der Zahlung im Weg steht, geben Sie uns bitte kurz Bescheid – wir klären das gern.',
      ];
    case 'instalment_reminder':
      return [
        `gemäß der vereinbarten Ratenzahlung für ${dieRechnungOhneBetrag(f)} ist die Rate ${plan?.index} von ${plan?.count} über ${plan?.amount} am ${plan?.dueDate} fällig.`,
        plan?.dueDate === f.newDeadline
          ? 'Vielen Dank, dass Sie sich an die vereinbarten Termine halten.'
          : `Bitte zahlen Sie diese Rate bis zum ${f.newDeadline}.`,
        `Der noch offene Gesamtbetrag aus der Vereinbarung beträgt ${f.totalDue}.`,
      ];
    case 'instalment_missed':
      return [
        `die Rate ${plan?.index} von ${plan?.count} über ${plan?.amount}, die gemäß der vereinbarten Ratenzahlung für ${dieRechnungOhneBetrag(f)} am ${plan?.dueDate} fällig war, ist bei uns noch nicht eingegangen.`,
        `Bitte zahlen Sie diese Rate spätestens bis zum ${f.newDeadline}.`,
        `Falls Ihnen die Einhaltung des Ratenplans Schwierigkeiten bereitet, melden Sie sich bitte vor diesem Datum bei uns. Andernfalls müssen wir die Vereinbarung beenden und den gesamten offenen Betrag von ${f.totalDue} fällig stellen.`,
      ];
    case 'promise_broken':
      return [
        `Sie hatten uns zugesagt, ${dieRechnung(f)} bis zum ${f.promisedDate} zu begleichen. Diese Zahlung ist bei uns leider nicht eingegangen.`,
        `Bitte zahlen Sie den vollen Betrag spätestens bis zum ${f.newDeadline}.`,
        'Falls etwas die Zahlung verhindert hat, informieren Sie uns bitte umgehend.',
      ];
    case 'formal_reminder':
      return [
        one(f)
          ? `trotz unserer Zahlungserinnerungen ist ${dieRechnung(f)}, fällig am ${f.dueDate}, noch immer nicht beglichen.${ueberschritten(f)}`
          : `trotz unserer Zahlungserinnerungen sind ${dieRechnung(f)} noch immer nicht beglichen. Die älteste war am ${f.dueDate} fällig.${ueberschritten(f)}`,
        `Wir fordern Sie auf, den offenen Betrag ohne weiteren Aufschub, spätestens bis zum ${f.newDeadline}, zu begleichen.`,
      ];
    case 'formal_notice':
      return [
        one(f)
          ? `trotz unserer Mahnungen ist die Rechnung Nr. ${f.numbers}, fällig am ${f.dueDate}, bis heute nicht beglichen.`
          : `trotz unserer Mahnungen sind die Rechnungen Nr. ${f.numbers} bis heute nicht beglichen; die älteste war am ${f.dueDate} fällig.`,
        `Wir fordern Sie hiermit letztmalig auf, den Betrag von ${f.fees ? `${f.fees.totalClaimed} (Aufstellung unten)` : f.totalDue} bis spätestens ${f.newDeadline} zu zahlen.`,
      ];
    default: // reminder_2 und der Kundentext der internen Schlüssel
      return [
        one(f)
          ? `vor Kurzem haben wir Sie an ${dieRechnung(f)}, fällig am ${f.dueDate}, erinnert. Ein Zahlungseingang ist bei uns bisher nicht zu verzeichnen.${ueberschritten(f)}`
          : `vor Kurzem haben wir Sie an ${dieRechnung(f)} erinnert; die erste war am ${f.dueDate} fällig. Ein Zahlungseingang ist bei uns bisher nicht zu verzeichnen.${ueberschritten(f)}`,
        `Bitte begleichen Sie den offenen Betrag spätestens bis zum ${f.newDeadline}.`,
        'Sollte es ein Problem mit der Rechnung oder der Zahlung geben, melden Sie sich bitte jetzt bei uns, damit wir gemeinsam eine Lösung finden.',
      ];
  }
}

function subject(f: Facts): string {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return one(f)
        ? `Freundliche Erinnerung: Rechnung Nr. ${f.numbers} fällig am ${f.dueDate}`
        : `Freundliche Erinnerung: ${refs(f)} bald fällig`;
    case 'instalment_reminder':
      return `Ratenzahlung: Rate ${plan?.index} von ${plan?.count} fällig am ${plan?.dueDate}`;
    case 'instalment_missed':
      return `Ratenzahlung: Rate ${plan?.index} von ${plan?.count} nicht eingegangen (${refs(f)})`;
    default:
      return `${TITLES[f.key] ?? TITLES.reminder_2}: ${refs(f)}`;
  }
}

export const deCustomer: CustomerCopy = {
  subject,
  title: (f) => TITLES[f.key] ?? (TITLES.reminder_2 as string),
  salutation: (f) =>
    f.tone <= 3 && f.contactName ? `Guten Tag ${f.contactName},` : 'Sehr geehrte Damen und Herren,',
  body,
  invoiceLine: (i) =>
    `Rechnung Nr. ${i.number} vom ${i.issueDate}, fällig am ${i.dueDate}: ${i.openBalance}` +
    (i.partlyPaid ? ` offen von ${i.total}` : '') +
    (i.daysLate > 0 ? ` (${i.daysLate === 1 ? '1 Tag' : `${i.daysLate} Tage`} überfällig)` : '') +
    (i.interest ? `; Verzugszinsen ${i.interest}` : '') +
    (i.compensation ? `; Pauschale ${i.compensation}` : ''),
  columns: {
    invoice: 'Rechnung',
    issued: 'Datum',
    due: 'Fällig am',
    amount: 'Betrag',
    outstanding: 'Offen',
    daysLate: 'Tage überfällig',
    interest: 'Verzugszinsen',
    compensation: 'Pauschale',
  },
  totalDue: 'Offener Gesamtbetrag',
  totalClaimed: 'Gesamtforderung',
  colon: ': ',
  discount: (d) =>
    `Skonto: Bei Zahlung der Rechnung Nr. ${d.number} bis zum ${d.until} können Sie ${d.percent} Skonto abziehen.`,
  interest: (fees, f) =>
    `Für die Dauer des Verzugs schulden Sie Verzugszinsen${fees.interestRate ? ` in Höhe von ${fees.interestRate} pro Jahr` : ''} (${fees.references.interest}); zum ${f.sentOn} sind dies ${fees.interest}.`,
  compensation: (fees) =>
    fees.compensationEach && fees.compensationCount > 1
      ? `Zudem steht uns eine Pauschale von ${fees.compensationEach} je Rechnung zu (${fees.references.compensation}), insgesamt ${fees.compensationTotal}.`
      : `Zudem steht uns eine Pauschale von ${fees.compensationTotal} zu (${fees.references.compensation}).`,
  consequences: (f) => {
    switch (f.key) {
      case 'formal_reminder':
        return [
          `Sollte die Zahlung bis zum ${f.newDeadline} nicht bei uns eingehen, erhalten Sie eine letzte Mahnung; danach behalten wir uns weitere Schritte zur Durchsetzung unserer Forderung vor.`,
        ];
      case 'formal_notice':
        return [
          `Geht die vollständige Zahlung nicht bis zum ${f.newDeadline} bei uns ein, werden wir die Forderung ohne weitere Ankündigung einem Inkassounternehmen übergeben oder gerichtlich geltend machen (gerichtliches Mahnverfahren oder Klage). Die dadurch entstehenden Kosten gehen zu Ihren Lasten.`,
          'Sollten Sie die Forderung ganz oder teilweise bestreiten, teilen Sie uns Ihre Gründe bitte bis zu diesem Datum schriftlich mit.',
        ];
      case 'promise_broken':
        return [
          `Geht die Zahlung bis zum ${f.newDeadline} nicht ein, werden wir unser Mahnverfahren fortsetzen.`,
        ];
      default:
        return [];
    }
  },
  payOnline: {
    intro: 'Sie können bequem online bezahlen:',
    button: 'Jetzt bezahlen',
    copyLink: 'Oder kopieren Sie diesen Link in Ihren Browser:',
    perInvoice: 'Bezahlen',
  },
  transfer: (f) =>
    `Für eine Überweisung: Empfänger ${f.firm}, IBAN ${f.iban}${f.bic ? `, BIC ${f.bic}` : ''}, Verwendungszweck ${f.numbers}.`,
  qr: {
    alt: 'SEPA-QR-Code (GiroCode) für die Überweisung',
    caption: 'Scannen Sie den Code mit Ihrer Banking-App, um per SEPA-Überweisung zu zahlen.',
  },
  alreadyPaid: (f) =>
    f.key === 'formal_notice'
      ? null
      : f.key === 'heads_up' || f.key === 'instalment_reminder'
        ? 'Sollte die Zahlung bereits veranlasst sein, betrachten Sie diese Nachricht bitte als gegenstandslos.'
        : 'Sollten Sie die Zahlung inzwischen geleistet haben, danken wir Ihnen und bitten Sie, dieses Schreiben als gegenstandslos zu betrachten.',
  contact: (f) => {
    const ways = [f.firmEmail, f.firmPhone].filter((w): w is string => !!w);
    if (ways.length > 0) return `Bei Fragen erreichen Sie uns unter ${ways.join(' oder ')}.`;
    return `Bei Fragen wenden Sie sich bitte an ${f.firm}${f.firmAddress ? `, ${f.firmAddress}` : ''}.`;
  },
  // DIN 5008: no comma after the closing formula.
  closing: () => 'Mit freundlichen Grüßen',
  sms: (f, { firm, link, compact }) => {
    const many = f.count > 1;
    const what = compact
      ? `Ihre ${f.count} Rechnungen`
      : one(f)
        ? `Rechnung ${f.numbers}`
        : `Rechnungen ${f.numbers}`;
    const isAre = many ? 'sind' : 'ist';
    const pay = `Bitte zahlen Sie bis zum ${f.newDeadline}.`;
    const plan = f.instalment;
    let text: string;
    switch (f.key) {
      case 'heads_up':
        text = `${firm}: Erinnerung – ${what} (${f.totalDue}) ${many ? `werden ab dem ${f.dueDate} fällig` : `wird am ${f.dueDate} fällig`}.`;
        break;
      case 'instalment_reminder':
        text = `${firm}: Rate ${plan?.index}/${plan?.count} Ihrer Ratenzahlung (${plan?.amount}) ist am ${plan?.dueDate} fällig.`;
        break;
      case 'instalment_missed':
        text = `${firm}: Rate ${plan?.index}/${plan?.count} (${plan?.amount}), fällig am ${plan?.dueDate}, ist nicht eingegangen. ${pay}`;
        break;
      case 'promise_broken':
        text = `${firm}: Die zugesagte Zahlung von ${f.totalDue} (bis ${f.promisedDate}) ist nicht eingegangen. ${pay}`;
        break;
      case 'formal_reminder':
        text = `${firm}: Mahnung – ${what} (${f.totalDue}) ${isAre} trotz Erinnerung noch offen. ${pay}`;
        break;
      case 'formal_notice':
        text = `${firm}: letzte Mahnung – ${what} (${f.totalDue}) ${isAre} noch offen. Ohne Zahlung bis zum ${f.newDeadline} leiten wir Inkasso oder gerichtliche Schritte ein.`;
        break;
      default:
        text = `${firm}: ${cap(what)} (${f.totalDue}) ${isAre} überfällig. ${pay}`;
    }
    const reach = f.firmPhone ?? f.firmEmail;
    return link ? `${text} Bezahlen: ${link}` : reach ? `${text} Fragen: ${reach}` : text;
  },
};
