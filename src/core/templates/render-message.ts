// renderMessage: the default text of a reminder step in the customer's language, for every
// channel at once (the caller picks what its channel needs). Pure: same context, same message.
import { COPY } from './copy/languages.ts';
import { buildCustomerMessage } from './customer-message.ts';
import { buildFacts } from './facts.ts';
import { clip } from './format.ts';
import { buildTask, taskParagraphs, writeTaskText } from './task-message.ts';
import { INTERNAL_TEMPLATE_KEYS, TEMPLATE_KEYS, isTemplateKey } from './types.ts';
import type { MessageContext, RenderedMessage, TemplateKey } from './types.ts';
import { writeHtml, writeTaskHtml } from './write-html.ts';
import { SMS_MAX_CHARS, writeSms } from './write-sms.ts';
import { writeLetter, writeText } from './write-text.ts';

export function renderMessage(ctx: MessageContext): RenderedMessage {
  const key = checkContext(ctx);
  const copy = COPY[ctx.language];
  const facts = buildFacts(ctx, key);

  if (INTERNAL_TEMPLATE_KEYS.includes(key)) {
    const task = buildTask(facts, copy.tasks, copy.customer);
    const body = writeTaskText(task.sections);
    return {
      subject: task.title,
      text: body,
      html: writeTaskHtml(task.title, task.sections, ctx.language),
      sms: clip(task.title, SMS_MAX_CHARS),
      letter: {
        title: task.title,
        salutation: copy.tasks.internalNote,
        paragraphs: taskParagraphs(task.sections),
        closing: copy.tasks.preparedOn(facts),
        signature: ctx.firm.name,
      },
      task: { title: task.title, body },
    };
  }

  const message = buildCustomerMessage(facts, copy.customer, ctx.sepaQrCid ?? null);
  const text = writeText(message, copy.customer);
  return {
    subject: message.subject,
    text,
    html: writeHtml(message, copy.customer, ctx.language),
    sms: writeSms(facts, copy.customer),
    letter: writeLetter(message, copy.customer),
    task: { title: copy.tasks.manualTitle(facts), body: text },
  };
}

/** The caller's contract, checked: a wrong key or a missing plan would otherwise render nonsense. */
function checkContext(ctx: MessageContext): TemplateKey {
  const key = ctx.templateKey;
  if (!isTemplateKey(key)) {
    throw new RangeError(
      `templateKey: unknown template "${key}" (expected one of ${TEMPLATE_KEYS.join(', ')})`,
    );
  }
  if (!COPY[ctx.language]) throw new RangeError(`language: unsupported language "${String(ctx.language)}"`);
  if (ctx.invoices.length === 0) throw new RangeError('invoices: a message needs at least one invoice');
  if ((key === 'instalment_reminder' || key === 'instalment_missed') && !ctx.instalment) {
    throw new RangeError(`instalment: template "${key}" needs the instalment it is about`);
  }
  if (key === 'promise_broken' && !ctx.promise) {
    throw new RangeError('promise: template "promise_broken" needs the promised date');
  }
  return key;
}
