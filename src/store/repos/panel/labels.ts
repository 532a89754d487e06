// Short English labels for the steps the panel lists (the panel translates its own chrome).
const LABELS: Record<string, string> = {
  heads_up: 'Heads-up before the due date',
  reminder_1: 'First reminder',
  reminder_2: 'Second reminder',
  call: 'Phone call',
  formal_reminder: 'Formal reminder',
  formal_notice: 'Formal notice',
  agency_review: 'Agency review',
  instalment_reminder: 'Instalment reminder',
  instalment_missed: 'Missed instalment',
  promise_broken: 'Broken promise follow-up',
};

export function stepLabel(template: string): string {
  return LABELS[template] ?? template.replace(/_/g, ' ');
}
