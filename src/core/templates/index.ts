// Reminder templates: default texts for every step and channel in French, English, Dutch, German.
export { renderMessage } from './render-message.ts';
export { INTERNAL_TEMPLATE_KEYS, TEMPLATE_KEYS, isTemplateKey } from './types.ts';
export type {
  MessageContext,
  MessageHistoryEntry,
  MessageInvoice,
  RenderedMessage,
  TemplateKey,
  Tone,
} from './types.ts';
export { SMS_MAX_CHARS } from './write-sms.ts';
export { escapeHtml, formatDate } from './format.ts';
export { legalReferences } from './legal-references.ts';
