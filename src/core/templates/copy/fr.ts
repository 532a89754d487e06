// Français, comme l'écrit un credit manager : courtois, puis clair, puis ferme, puis juridique.
import type { Facts } from '../facts.ts';
import type { CustomerCopy } from './copy-types.ts';

const one = (f: Facts): boolean => f.count === 1;
const jours = (n: number): string => (n === 1 ? '1 jour' : `${n} jours`);
/** « la facture n° F-1, d'un montant de 1 200,00 €, » / « les factures n° F-1 et F-2, d'un montant total de … ». */
const laFacture = (f: Facts): string => {
  return one(f)
    ? `la facture n° ${f.numbers}, d'un montant${f.partlyPaid ? ' restant dû' : ''} de ${f.totalDue},`
    : `les factures n° ${f.numbers}, d'un montant total${f.partlyPaid ? ' restant dû' : ''} de ${f.totalDue},`;
};
const refs = (f: Facts): string =>
  f.count === 1
    ? `facture n° ${f.numbers}`
    : f.count <= 3
      ? `factures n° ${f.numbers}`
      : `${f.count} factures`;
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const retard = (f: Facts): string =>
  f.daysLate > 0
    ? `, soit ${jours(f.daysLate)} après ${one(f) ? 'son échéance' : 'la première échéance'}`
    : '';

const TITLES: Record<string, string> = {
  heads_up: "Avis d'échéance",
  reminder_1: 'Rappel de paiement',
  reminder_2: 'Deuxième rappel de paiement',
  formal_reminder: 'Dernier rappel avant mise en demeure',
  formal_notice: 'Mise en demeure de payer',
  instalment_reminder: 'Échéancier de paiement',
  instalment_missed: 'Échéance impayée',
  promise_broken: 'Paiement promis non reçu',
};

function body(f: Facts): string[] {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return [
        one(f)
          ? `Nous vous rappelons que ${laFacture(f)} arrive à échéance le ${f.dueDate}.`
          : `Nous vous rappelons que ${laFacture(f)} arrivent prochainement à échéance, la première le ${f.dueDate}.`,
        f.deadlineIsDueDate
          ? "Nous vous remercions par avance d'en prévoir le règlement à cette date."
          : `Nous vous remercions par avance d'en prévoir le règlement au plus tard le ${f.newDeadline}.`,
      ];
    case 'reminder_1':
      return [
        one(f)
          ? `Sauf erreur de notre part, ${laFacture(f)} échue le ${f.dueDate}, n'a pas encore été réglée.`
          : `Sauf erreur de notre part, ${laFacture(f)} n'ont pas encore été réglées ; la première est arrivée à échéance le ${f.dueDate}.`,
        `Il s'agit peut-être d'un simple oubli : nous vous remercions de bien vouloir procéder au règlement d'ici le ${f.newDeadline}.`,
        "Si un point bloque le paiement (une question sur la facture, par exemple), n'hésitez pas à nous en faire part : nous trouverons rapidement une solution.",
      ];
    case 'instalment_reminder':
      return [
        `Conformément à l'échéancier convenu pour ${one(f) ? 'la facture' : 'les factures'} n° ${f.numbers}, l'échéance n° ${plan?.index} sur ${plan?.count}, d'un montant de ${plan?.amount}, est à régler le ${plan?.dueDate}.`,
        plan?.dueDate === f.newDeadline
          ? "Nous vous remercions par avance du respect de l'échéancier."
          : `Nous vous remercions de procéder à ce versement au plus tard le ${f.newDeadline}.`,
        `Le solde restant dû au titre de l'échéancier s'élève à ${f.totalDue}.`,
      ];
    case 'instalment_missed':
      return [
        `Nous n'avons pas reçu le versement de l'échéance n° ${plan?.index} sur ${plan?.count}, d'un montant de ${plan?.amount}, prévue le ${plan?.dueDate} dans le cadre de l'échéancier convenu pour ${one(f) ? 'la facture' : 'les factures'} n° ${f.numbers}.`,
        `Nous vous remercions de régler cette échéance au plus tard le ${f.newDeadline}.`,
        `Si l'échéancier est devenu difficile à tenir, contactez-nous avant cette date pour en discuter. À défaut, nous pourrions être amenés à y mettre fin et à vous réclamer la totalité du solde, soit ${f.totalDue}.`,
      ];
    case 'promise_broken':
      return [
        `Vous nous aviez indiqué que ${laFacture(f)} ${one(f) ? 'serait réglée' : 'seraient réglées'} au plus tard le ${f.promisedDate}. Or, nous n'avons pas reçu ce paiement.`,
        `Nous vous demandons de régler la totalité de cette somme au plus tard le ${f.newDeadline}.`,
        'Si un imprévu a empêché le paiement, merci de nous en informer sans attendre.',
      ];
    case 'formal_reminder':
      return [
        one(f)
          ? `Malgré nos précédentes relances, ${laFacture(f)} échue le ${f.dueDate}, demeure impayée à ce jour${retard(f)}.`
          : `Malgré nos précédentes relances, ${laFacture(f)} demeurent impayées à ce jour ; la plus ancienne est échue depuis le ${f.dueDate}${retard(f)}.`,
        `Nous vous demandons de régler cette somme sans délai, et au plus tard le ${f.newDeadline}.`,
      ];
    case 'formal_notice':
      return [
        one(f)
          ? `Malgré nos relances, la facture n° ${f.numbers}, échue le ${f.dueDate}, demeure impayée à ce jour.`
          : `Malgré nos relances, les factures n° ${f.numbers} demeurent impayées à ce jour ; la plus ancienne est échue depuis le ${f.dueDate}.`,
        `Par la présente, nous vous mettons en demeure de nous régler la somme de ${f.fees ? `${f.fees.totalClaimed} (détail ci-dessous)` : f.totalDue} au plus tard le ${f.newDeadline}.`,
      ];
    default: // reminder_2, et le texte client de repli des clés internes
      return [
        `Nous vous avons récemment adressé un rappel concernant ${laFacture(f)} ${one(f) ? `échue le ${f.dueDate}` : `dont la première est échue depuis le ${f.dueDate}`}. À ce jour${f.daysLate > 0 ? `, ${jours(f.daysLate)} après l'échéance` : ''}, nous n'avons toujours pas reçu votre règlement.`,
        `Nous vous prions de bien vouloir régler la somme due au plus tard le ${f.newDeadline}.`,
        'En cas de difficulté ou de désaccord sur la facture, merci de nous contacter dès maintenant afin que nous trouvions ensemble une solution.',
      ];
  }
}

function subject(f: Facts): string {
  const plan = f.instalment;
  switch (f.key) {
    case 'heads_up':
      return one(f)
        ? `Rappel : échéance de la facture n° ${f.numbers} le ${f.dueDate}`
        : `Rappel : échéance prochaine des ${refs(f)}`;
    case 'instalment_reminder':
      return `Échéancier : échéance n° ${plan?.index} sur ${plan?.count} le ${plan?.dueDate}`;
    case 'instalment_missed':
      return `Échéance n° ${plan?.index} sur ${plan?.count} impayée : ${refs(f)}`;
    default:
      return `${TITLES[f.key] ?? TITLES.reminder_2} : ${refs(f)}`;
  }
}

export const frCustomer: CustomerCopy = {
  subject,
  title: (f) => TITLES[f.key] ?? (TITLES.reminder_2 as string),
  salutation: (f) =>
    f.tone >= 4 ? 'Madame, Monsieur,' : f.contactName ? `Bonjour ${f.contactName},` : 'Bonjour,',
  body,
  invoiceLine: (i) =>
    `Facture n° ${i.number} du ${i.issueDate}, échéance le ${i.dueDate} : ` +
    (i.partlyPaid ? `reste dû ${i.openBalance} sur ${i.total}` : i.openBalance) +
    (i.daysLate > 0 ? ` (${jours(i.daysLate)} de retard)` : '') +
    (i.interest ? ` ; pénalités de retard ${i.interest}` : '') +
    (i.compensation ? ` ; indemnité forfaitaire ${i.compensation}` : ''),
  columns: {
    invoice: 'Facture',
    issued: 'Date',
    due: 'Échéance',
    amount: 'Montant',
    outstanding: 'Reste dû',
    daysLate: 'Jours de retard',
    interest: 'Pénalités de retard',
    compensation: 'Indemnité forfaitaire',
  },
  totalDue: 'Total restant dû',
  totalClaimed: 'Total réclamé',
  colon: ' : ',
  discount: (d) =>
    `Escompte pour paiement anticipé : ${d.percent} si la facture n° ${d.number} est réglée au plus tard le ${d.until}.`,
  interest: (fees, f) =>
    `Tout retard de paiement entraîne de plein droit des pénalités de retard${fees.interestRate ? ` au taux annuel de ${fees.interestRate}` : ''} (${fees.references.interest}), soit ${fees.interest} au ${f.sentOn}.`,
  compensation: (fees) =>
    fees.compensationEach && fees.compensationCount > 1
      ? `Une indemnité forfaitaire pour frais de recouvrement de ${fees.compensationEach} par facture est en outre due de plein droit (${fees.references.compensation}), soit ${fees.compensationTotal}.`
      : `Une indemnité forfaitaire pour frais de recouvrement de ${fees.compensationTotal} est en outre due de plein droit (${fees.references.compensation}).`,
  consequences: (f) => {
    switch (f.key) {
      case 'formal_reminder':
        return [
          `À défaut de règlement au ${f.newDeadline}, nous vous adresserons une mise en demeure de payer, préalable à toute action de recouvrement.`,
        ];
      case 'formal_notice':
        return [
          `À défaut de paiement intégral au ${f.newDeadline}, nous transmettrons le dossier à une société de recouvrement ou engagerons une procédure judiciaire à votre encontre, sans autre avis de notre part. Les frais qui en résulteront pourront être mis à votre charge.`,
          'Si vous contestez tout ou partie de cette somme, merci de nous en faire connaître les motifs par écrit avant cette date.',
        ];
      case 'promise_broken':
        return [`À défaut de règlement au ${f.newDeadline}, nous reprendrons la procédure de recouvrement.`];
      default:
        return [];
    }
  },
  payOnline: {
    intro: 'Vous pouvez régler en ligne :',
    button: 'Payer en ligne',
    copyLink: 'Ou copiez ce lien dans votre navigateur :',
    perInvoice: 'Payer',
  },
  transfer: (f) =>
    `Pour un règlement par virement : ${f.firm}, IBAN ${f.iban}${f.bic ? `, BIC ${f.bic}` : ''}, en indiquant en référence ${one(f) ? 'le numéro de facture' : 'les numéros de facture'} ${f.numbers}.`,
  qr: {
    alt: 'QR code SEPA pour le virement',
    caption: 'Scannez ce code avec votre application bancaire pour payer par virement SEPA.',
  },
  alreadyPaid: (f) =>
    f.key === 'formal_notice'
      ? null
      : f.key === 'heads_up' || f.key === 'instalment_reminder'
        ? 'Si votre règlement est déjà en cours, merci de ne pas tenir compte de ce message.'
        : 'Si votre règlement nous est parvenu entre-temps, nous vous en remercions et vous prions de ne pas tenir compte de ce message.',
  contact: (f) => {
    const ask = 'Pour toute question, vous pouvez nous joindre';
    if (f.firmEmail && f.firmPhone) return `${ask} à l'adresse ${f.firmEmail} ou au ${f.firmPhone}.`;
    if (f.firmEmail) return `${ask} à l'adresse ${f.firmEmail}.`;
    if (f.firmPhone) return `${ask} au ${f.firmPhone}.`;
    return `Pour toute question, contactez ${f.firm}${f.firmAddress ? `, ${f.firmAddress}` : ''}.`;
  },
  closing: (f) =>
    f.tone >= 4
      ? "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."
      : 'Cordialement,',
  sms: (f, { firm, link, compact }) => {
    const many = f.count > 1;
    const what = compact
      ? `vos ${f.count} factures`
      : one(f)
        ? `la facture ${f.numbers}`
        : `les factures ${f.numbers}`;
    const unpaid = many ? 'restent impayées' : 'reste impayée';
    const plan = f.instalment;
    let text: string;
    switch (f.key) {
      case 'heads_up':
        text = `${firm} : rappel, ${what} (${f.totalDue}) ${many ? `arrivent à échéance à partir du ${f.dueDate}` : `arrive à échéance le ${f.dueDate}`}.`;
        break;
      case 'instalment_reminder':
        text = `${firm} : l'échéance ${plan?.index}/${plan?.count} de votre échéancier (${plan?.amount}) est à régler le ${plan?.dueDate}.`;
        break;
      case 'instalment_missed':
        text = `${firm} : nous n'avons pas reçu l'échéance ${plan?.index}/${plan?.count} (${plan?.amount}) prévue le ${plan?.dueDate}. Merci de régler au plus tard le ${f.newDeadline}.`;
        break;
      case 'promise_broken':
        text = `${firm} : nous n'avons pas reçu le paiement de ${f.totalDue} promis pour le ${f.promisedDate}. Merci de régler au plus tard le ${f.newDeadline}.`;
        break;
      case 'formal_reminder':
        text = `${firm} : malgré nos relances, ${what} (${f.totalDue}) ${unpaid}. Merci de régler au plus tard le ${f.newDeadline}.`;
        break;
      case 'formal_notice':
        text = `${firm} : mise en demeure. ${cap(what)} (${f.totalDue}) ${unpaid}. Sans paiement au ${f.newDeadline}, le dossier sera transmis au recouvrement ou en justice.`;
        break;
      default:
        text = `${firm} : ${what} (${f.totalDue}) ${many ? 'sont échues et restent impayées' : 'est échue et reste impayée'}. Merci de régler au plus tard le ${f.newDeadline}.`;
    }
    const reach = f.firmPhone ?? f.firmEmail;
    return link ? `${text} Payer : ${link}` : reach ? `${text} Contact : ${reach}` : text;
  },
};
