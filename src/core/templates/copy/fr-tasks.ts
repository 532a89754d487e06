// Tâches pour l'équipe : script d'appel et revue avant transmission au recouvrement.
import type { Facts } from '../facts.ts';
import type { TaskCopy, TaskSection } from './copy-types.ts';

const NO_HISTORY = 'Aucune relance antérieure enregistrée.';
const jours = (n: number): string => (n === 1 ? '1 jour' : `${n} jours`);
const factures = (n: number): string => (n === 1 ? '1 facture' : `${n} factures`);

function owed(f: Facts): string {
  const late =
    f.daysLate > 0
      ? `, la plus ancienne en retard de ${jours(f.daysLate)} (échue le ${f.dueDate})`
      : `, échéance le ${f.dueDate}`;
  return `${f.totalDue} sur ${factures(f.count)}${late}.`;
}

function fees(f: Facts): string[] {
  if (!f.fees) return [];
  const parts = [
    f.fees.interest && `pénalités de retard ${f.fees.interest}`,
    f.fees.compensationTotal && `indemnité forfaitaire ${f.fees.compensationTotal}`,
  ].filter(Boolean);
  return [`Réclamables en sus : ${parts.join(', ')} ; ${f.fees.totalClaimed} au total.`];
}

function history(f: Facts, lines: string[]): string[] {
  const out = lines.length > 0 ? [...lines] : [NO_HISTORY];
  if (f.promisedDate) out.push(`Promesse de paiement au ${f.promisedDate} : non tenue.`);
  if (f.instalment) {
    const p = f.instalment;
    out.push(`Échéancier : échéance n° ${p.index} sur ${p.count} (${p.amount}) prévue le ${p.dueDate}.`);
  }
  return out;
}

export const frTasks: TaskCopy = {
  templateName: {
    heads_up: "avis d'échéance",
    reminder_1: 'premier rappel',
    reminder_2: 'deuxième rappel',
    call: 'appel téléphonique',
    formal_reminder: 'dernier rappel avant mise en demeure',
    formal_notice: 'mise en demeure',
    agency_review: 'revue avant recouvrement',
    instalment_reminder: "rappel d'échéance",
    instalment_missed: 'échéance impayée',
    promise_broken: 'promesse non tenue',
  },
  channelName: {
    email: 'e-mail',
    sms: 'SMS',
    letter: 'courrier',
    call: 'appel',
    formal_notice: 'mise en demeure',
    agency_review: 'revue',
  },
  callTitle: (f) => `Appeler ${f.customer} : ${f.totalDue} ${f.daysLate > 0 ? 'en retard' : 'à échéance'}`,
  callSections: (f, lines): TaskSection[] => [
    {
      heading: null,
      prose: true,
      lines: [
        `Qui : ${f.customer}${f.contactName ? `, demander ${f.contactName}` : ''}${f.customerPhone ? ` (${f.customerPhone})` : ''}.`,
        `Montant dû : ${owed(f)}`,
        ...fees(f),
      ],
    },
    { heading: 'Factures', lines: lines.invoices },
    { heading: 'Historique', lines: history(f, lines.history) },
    {
      heading: 'À obtenir',
      numbered: true,
      lines: [
        "Vérifier que la facture est parvenue à la bonne personne et qu'elle est validée pour paiement ; sinon, proposer de la renvoyer.",
        `Une date de paiement ferme, au plus tard le ${f.newDeadline}, à enregistrer comme promesse de paiement.`,
        "En cas de contestation, le motif (qualité, facture erronée, difficultés de paiement, autre), à enregistrer : les relances s'arrêtent tant que le litige est ouvert.",
        "S'il ne peut pas tout payer, voir si un échéancier est envisageable.",
        ...(f.paymentLink ? [`Lui donner le lien de paiement : ${f.paymentLink}`] : []),
        ...(f.iban
          ? [
              `Coordonnées de virement : IBAN ${f.iban}${f.bic ? `, BIC ${f.bic}` : ''}, référence ${f.numbers}.`,
            ]
          : []),
      ],
    },
    { heading: null, prose: true, lines: ["Noter le résultat de l'appel dans l'historique du client."] },
  ],
  agencyTitle: (f) =>
    `Décider du recouvrement : ${f.customer}, ${f.totalDue}${f.daysLate > 0 ? ` (${jours(f.daysLate)} de retard)` : ''}`,
  agencySections: (f, lines): TaskSection[] => [
    { heading: null, prose: true, lines: [`${f.customer} doit ${owed(f)}`, ...fees(f)] },
    { heading: 'Factures', lines: lines.invoices },
    { heading: 'Démarches effectuées', lines: history(f, lines.history) },
    {
      heading: 'À décider',
      prose: true,
      lines: [
        'Une société de recouvrement prélève en général 25 à 50 % des sommes recouvrées, et la transmission du dossier met le plus souvent fin à la relation commerciale.',
        "Avant de décider, vérifier qu'aucun litige n'est ouvert sur ces factures et que les derniers paiements ont bien été synchronisés.",
        "Options : confier le dossier à une société de recouvrement, engager une procédure judiciaire (injonction de payer), convenir d'un échéancier, poursuivre les relances en interne ou passer la créance en perte.",
      ],
    },
  ],
  manualTitle: (f) => {
    const name = frTasks.templateName[f.key];
    return `${name.charAt(0).toUpperCase()}${name.slice(1)} pour ${f.customer} (${f.totalDue})`;
  },
  internalNote: 'Note interne : ne pas transmettre au client.',
  preparedOn: (f) => `Préparé le ${f.sentOn}.`,
  historyLine: (on, channel, step) => `${on} : ${step} (${channel})`,
};
