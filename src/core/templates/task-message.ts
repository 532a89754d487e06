// Messages for a person at the firm rather than the customer: the call script and the agency
// review. Written as sections so that the text and HTML forms say the same thing.
import type { CustomerCopy, TaskCopy, TaskSection } from './copy/copy-types.ts';
import type { Facts } from './facts.ts';
import { isTemplateKey } from './types.ts';

export interface TaskMessage {
  title: string;
  sections: TaskSection[];
}

export function buildTask(f: Facts, tasks: TaskCopy, customer: CustomerCopy): TaskMessage {
  const lines = {
    invoices: f.invoices.map((i) => customer.invoiceLine(i)),
    history: f.history.map((h) =>
      tasks.historyLine(
        h.on,
        tasks.channelName[h.channel],
        isTemplateKey(h.templateKey) ? tasks.templateName[h.templateKey] : h.templateKey,
      ),
    ),
  };
  return f.key === 'agency_review'
    ? { title: tasks.agencyTitle(f), sections: tasks.agencySections(f, lines) }
    : { title: tasks.callTitle(f), sections: tasks.callSections(f, lines) };
}

export function writeTaskText(sections: TaskSection[]): string {
  const blocks = sections
    .filter((s) => s.lines.length > 0)
    .map((s) => {
      const lines = s.prose ? s.lines : s.lines.map((l, n) => (s.numbered ? `${n + 1}. ${l}` : `- ${l}`));
      return [...(s.heading ? [`${s.heading}:`] : []), ...lines].join('\n');
    });
  return blocks.join('\n\n') + '\n';
}

/** The task's lines, one paragraph each, for the letter form of an internal note. */
export function taskParagraphs(sections: TaskSection[]): string[] {
  return sections.flatMap((s) => [
    ...(s.heading ? [s.heading] : []),
    ...s.lines.map((l, n) => (s.prose ? l : s.numbered ? `${n + 1}. ${l}` : `- ${l}`)),
  ]);
}
